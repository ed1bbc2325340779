package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.internal.audit.Tenants;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the README's two commands and 5-minute tour, then docs/getting-started.md and the pages it leads
 * to, as a newcomer would: their shell blocks run as written by bash against the built jar, in a scratch
 * directory whose {@code target} is the build's (so {@code java -jar target/graph-audit.jar} and the
 * default {@code data} directory work as documented, and nothing is written into the project). Start,
 * token and a first list, a create, stop, sample data, start again, a date-window query; then the
 * getting started page's curl session (create, read, query, update, delete), a {@code $batch}, its
 * sample data, HTTPS with the dev certificate, every query example of querying.md (each must match some
 * generated events), the chart's counts and /metrics, testing.md's admin requests (seed, reset, import),
 * export and import, and throttling. Only the ports differ, through {@code GRAPH_AUDIT_PORT} and the
 * replaced 8080/8443, so a developer's own service is left alone. Needs bash, curl and keytool.
 * {@link DocsBlocksTest} checks that every shell block is walked here or elsewhere.
 */
class DocsShellIT {

  private static final String RUN_COMMAND = "mvn -B -q package -DskipTests && ";

  @TempDir
  Path work;

  private int port;
  private int httpsPort;
  /** Every service started, so a failing assertion does not leave one running. */
  private final List<Process> started = new java.util.ArrayList<>();

  @AfterEach
  void stopWhatIsStillRunning() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void theReadmeAndTheDocsWorkAsWritten() throws Exception {
    port = freePort();
    httpsPort = freePort();
    Files.createSymbolicLink(work.resolve("target"), Path.of("target").toAbsolutePath());
    List<String> commands = DocBlocks.under(DocBlocks.README, "Two commands", "sh");
    assertEquals("mvn -B verify\n", commands.get(1), "the test command");
    assertTrue(commands.get(0).startsWith(RUN_COMMAND), commands.get(0));
    String serve = commands.get(0).substring(RUN_COMMAND.length()).trim();
    List<String> start = DocBlocks.under(page("getting-started.md"), "Quick start", "sh");
    assertEquals(commands.get(0), start.get(0), "the README and getting-started.md run it alike");

    // the README's tour
    Server server = new Server(serve);
    // the jar as the JVM names it: here through the scratch directory's link, so by its absolute path
    assertTrue(server.startLine.contains("data in " + work.resolve("data") + "; auth dev; a token: java -jar ")
        && server.startLine.endsWith("target/graph-audit.jar token"), server.startLine);
    List<String> tour = DocBlocks.under(DocBlocks.README, "A 5-minute tour", "sh");
    assertEquals(4, tour.size());
    assertTrue(bash(tour.get(0)).contains("HTTP/1.1 200 OK"));
    String created = bash(tour.get(1));
    assertTrue(created.matches("(?s).*\"displayName\":\"Wipe ManagedDevice\".*\"value\":\\[\\{.*"), created);
    server.stop();
    assertTrue(bash(tour.get(2)).contains("generated 10000 events"));
    server = new Server(serve);
    String window = bash(tour.get(3));
    assertTrue(window.matches("(?s).*\"@odata.count\":[1-9].*\"category\":\"Device\".*"),
        "the tour's last-7-days query matches generated events:\n" + window);

    // getting-started.md, and a batch
    assertTrue(bash(start.get(1)).contains("HTTP/1.1 200 OK"));
    List<String> session = DocBlocks.under(page("getting-started.md"), "A session with curl (Microsoft's own example)",
        "sh");
    String exchange = bash(session.get(0) + session.get(1));
    assertTrue(exchange.contains("HTTP/1.1 201 Created"), exchange);
    assertTrue(exchange.matches("(?s).*\\ncreated [0-9a-f-]{36}\\n.*"), "the id kept in ID:\n" + exchange);
    assertTrue(exchange.contains("HTTP/1.1 204 No Content"), exchange);
    String batch = bash(only(page("batch-throttling-faults.md"), "Batching: `POST /{root}/$batch`"));
    assertTrue(batch.matches("(?s).*\"id\":\"1\",\"status\":201.*\"id\":\"4\",\"status\":204.*"), batch);
    server.stop();
    assertTrue(bash(only(page("getting-started.md"), "Sample data")).contains("generated 10000 events"));

    // HTTPS with the dev certificate, then querying.md, viewer-metrics-logs.md and testing.md
    server = new Server(serve + " --https-port 8443");
    String https = bash(only(page("authentication.md"), "HTTPS"));
    assertTrue(https.contains("\"value\":[{"), https);
    assertTrue(Files.exists(work.resolve("graph-audit-trust.p12")));
    String queries = bash(only(page("querying.md"), "Querying"));
    assertFalse(queries.contains("\"value\":[]"), "a query example that matches no generated event:\n" + queries);
    String observed = bash(only(page("viewer-metrics-logs.md"), "The chart's counts: `GET /viewer/histogram`"));
    assertTrue(observed.matches("(?s).*\"category\":\"Device\".*\"total\":[1-9].*"), observed);
    assertTrue(observed.contains("graphaudit_requests_seconds_count{operation=\"list\",root=\"beta\",status=\"200\"}"),
        observed);
    List<String> admin = DocBlocks.under(page("testing.md"), "Resetting and seeding (dev mode)", "sh");
    String answers = bash(admin.get(0) + admin.get(1)); // the second block runs in the first one's shell
    assertTrue(answers.contains("\"created\":500"), answers);
    // the walk's own events and the 20,000 generated ones, then the 500 seeded: the tenant emptied
    assertTrue(answers.matches("(?s).*\"deleted\":(\\d{3,}).*\\{\"tenant\":\"\\*\",\"deleted\":0}.*"), answers);
    // then the two fixtures into the emptied store, and the saved page of them into another tenant
    String imported = "\"created\":2,\"unchanged\":0,\"differing\":0,\"bad\":0,\"refused\":0,\"problems\":[]}";
    assertTrue(answers.contains("{\"tenant\":\"" + Tenants.DEV + "\"," + imported), answers);
    assertTrue(answers.contains("{\"tenant\":\"6b0f6b0f-1111-4111-8111-6b0f6b0f6b0f\"," + imported), answers);
    server.stop();

    // production-code.md: the service with HTTPS in the background (walked as the block's first line), an app
    // registered beside it, and the latency switched at run time
    List<String> production = DocBlocks.under(page("production-code.md"), "Start the service and register an app", "sh");
    assertEquals(1, production.size());
    String[] startThenRegister = production.get(0).split("\n", 2);
    assertTrue(startThenRegister[0].endsWith(" &"), startThenRegister[0]);
    server = new Server(startThenRegister[0].substring(0, startThenRegister[0].length() - 2).trim());
    String registered = bash(startThenRegister[1]);
    assertTrue(registered.matches("(?s).*AZURE_TENANT_ID=" + Tenants.DEV + "\nAZURE_CLIENT_ID=[0-9a-f-]{36}\n"
        + "AZURE_CLIENT_SECRET=\\S{20,}\n.*"), registered);
    String latency = bash(only(page("production-code.md"), "Graph's latency"));
    assertTrue(latency.contains("\"latency\":\"list:p50=300ms,p99=2000ms,seed=7\""), latency);
    server.stop();

    // import-export-retention.md on the stopped store: the two fixtures out, into another store, and back
    String transfer = bash(only(page("import-export-retention.md"), "Import and export"));
    assertTrue(transfer.contains("exported 2 events") && transfer.contains("exported 1 events"), transfer);
    assertTrue(transfer.matches("(?s).*read 2 events.*: 2 stored.*read 1 events.*"), transfer);

    // storage.md on the stopped store: recover rebuilds the index from the log, compact compacts both
    String recovered = bash(only(page("storage.md"), "What is guaranteed"));
    assertTrue(recovered.matches("(?s).*rebuilt the store in data from its change log: [1-9]\\d* events.*"), recovered);
    String compacted = bash(only(page("storage.md"), "Compaction"));
    assertTrue(compacted.contains("compacted the store in data from "), compacted);

    // batch-throttling-faults.md: its own service with a small limit
    List<String> throttling = DocBlocks.under(page("batch-throttling-faults.md"),
        "Throttling and faults (emulated, off by default)", "sh");
    server = new Server(throttling.get(0).trim());
    String throttled = bash(throttling.get(1));
    assertTrue(throttled.contains("200 200 200 429"), throttled);
    assertTrue(throttled.matches("(?s).*(?i:retry-after): \\d+.*\"throttle\":\"off\".*"), throttled);
    server.stop();
  }

  private static Path page(String name) {
    return DocBlocks.page(name);
  }

  /** The one shell block of a section. */
  private static String only(Path file, String heading) {
    List<String> blocks = DocBlocks.under(file, heading, "sh");
    assertEquals(1, blocks.size(), file + ", " + heading);
    return blocks.get(0);
  }

  /** Runs a documented block with bash (stopping at the first failing command); fails on a Graph error in its output. */
  private String bash(String block) throws Exception {
    Process process = process("set -eo pipefail\n" + block);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), block);
    assertEquals(0, process.exitValue(), "documented block failed:\n" + block + "\noutput:\n" + output);
    assertFalse(output.contains("\"error\":{"), "documented block answered an error:\n" + block + "\noutput:\n" + output);
    return output;
  }

  /** A script run in the scratch directory, the documented ports replaced by the free ones. */
  private Process process(String script) throws IOException {
    String ported = script.replace("127.0.0.1:8080", "127.0.0.1:" + port).replace("127.0.0.1:8443", "127.0.0.1:" + httpsPort)
        .replace("--https-port 8443", "--https-port " + httpsPort);
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", ported).directory(work.toFile()).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("GRAPH_AUDIT_"));
    environment.put("GRAPH_AUDIT_PORT", String.valueOf(port));
    return builder.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The documented run command in the background, its output read as it comes. */
  private final class Server {
    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final CompletableFuture<String> listening = new CompletableFuture<>();
    private final Thread reader;
    final String startLine;

    Server(String command) throws Exception {
      process = process("exec " + command);
      started.add(process);
      reader = new Thread(this::read, "docs-server-output");
      reader.setDaemon(true);
      reader.start();
      startLine = listening.get(2, TimeUnit.MINUTES);
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (line.contains("listening on http://")) {
            listening.complete(line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      listening.completeExceptionally(new AssertionError("the service stopped before listening:\n" + output));
    }

    /** SIGTERM, which runs the shutdown hook as Ctrl-C does; its last words must be "stopped". */
    void stop() throws InterruptedException {
      process.toHandle().destroy(); // Process.destroy would also close the pipe before its last lines are read
      assertTrue(process.waitFor(1, TimeUnit.MINUTES), "still running a minute after SIGTERM");
      reader.join(TimeUnit.MINUTES.toMillis(1)); // its last lines
      synchronized (output) {
        assertTrue(output.toString().trim().endsWith("stopped"), output.toString());
      }
    }
  }
}
