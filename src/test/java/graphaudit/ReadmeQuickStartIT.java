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
 * Walks the README's quick start as a newcomer would, its shell blocks run as written by bash against
 * the built jar: start, token and a first list, the curl session (create, read, query, update, delete),
 * stop, sample data, start again, every query example (each must match some generated events), the
 * chart's counts and /metrics, the admin requests (seed, reset, import). Only the
 * port and the data directory differ, through {@code GRAPH_AUDIT_PORT} and {@code GRAPH_AUDIT_DATA}, so
 * a developer's own service on 8080 is left alone. Needs bash and curl.
 */
class ReadmeQuickStartIT {

  private static final String RUN_COMMAND = "mvn -B -q package -DskipTests && ";

  @TempDir
  Path data;

  private int port;
  /** Every service started, so a failing assertion does not leave one running. */
  private final List<Process> started = new java.util.ArrayList<>();

  @AfterEach
  void stopWhatIsStillRunning() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void theQuickStartWorksAsWritten() throws Exception {
    port = freePort();
    List<String> start = ReadmeBlocks.under("Quick start", "sh");
    assertTrue(start.get(0).startsWith(RUN_COMMAND), start.get(0));
    String serve = start.get(0).substring(RUN_COMMAND.length()).trim();

    Server server = new Server(serve);
    assertTrue(server.startLine.contains("data in " + data.toAbsolutePath() + "; auth dev; a token: java -jar "
        + "target/graph-audit.jar token --data " + data), server.startLine);
    assertTrue(bash(start.get(1)).contains("HTTP/1.1 200 OK"));

    List<String> session = ReadmeBlocks.under("A session with curl (Microsoft's own example)", "sh");
    String exchange = bash(session.get(0) + session.get(1));
    assertTrue(exchange.contains("HTTP/1.1 201 Created"), exchange);
    assertTrue(exchange.matches("(?s).*\\ncreated [0-9a-f-]{36}\\n.*"), "the id kept in ID:\n" + exchange);
    assertTrue(exchange.contains("HTTP/1.1 204 No Content"), exchange);
    server.stop();

    assertTrue(bash(ReadmeBlocks.under("Sample data", "sh").get(0)).contains("generated 10000 events"));
    server = new Server(serve);
    String queries = bash(ReadmeBlocks.under("Querying", "sh").get(0));
    assertFalse(queries.contains("\"value\":[]"), "a query example that matches no generated event:\n" + queries);
    String observed = bash(ReadmeBlocks.under("Viewer, metrics and access log", "sh").get(0));
    assertTrue(observed.matches("(?s).*\"category\":\"Device\".*\"total\":[1-9].*"), observed);
    assertTrue(observed.contains("graphaudit_requests_seconds_count{operation=\"list\",root=\"beta\",status=\"200\"}"),
        observed);
    List<String> admin = ReadmeBlocks.under("Resetting and seeding (dev mode)", "sh");
    String answers = bash(admin.get(0) + admin.get(1)); // the second block runs in the first one's shell
    assertTrue(answers.contains("\"created\":500"), answers);
    // the quick start's own events and the 10,000 generated ones, then the 500 seeded: the tenant emptied
    assertTrue(answers.matches("(?s).*\"deleted\":(\\d{3,}).*\\{\"tenant\":\"\\*\",\"deleted\":0}.*"), answers);
    // then the two fixtures into the emptied store, and the saved page of them into another tenant
    String imported = "\"created\":2,\"unchanged\":0,\"differing\":0,\"bad\":0,\"refused\":0,\"problems\":[]}";
    assertTrue(answers.contains("{\"tenant\":\"" + Tenants.DEV + "\"," + imported), answers);
    assertTrue(answers.contains("{\"tenant\":\"6b0f6b0f-1111-4111-8111-6b0f6b0f6b0f\"," + imported), answers);
    server.stop();
  }

  /** Runs a README block with bash (stopping at the first failing command); fails on a Graph error in its output. */
  private String bash(String block) throws Exception {
    Process process = process("set -eo pipefail\n" + block.replace("127.0.0.1:8080", "127.0.0.1:" + port));
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), block);
    assertEquals(0, process.exitValue(), "README block failed:\n" + block + "\noutput:\n" + output);
    assertFalse(output.contains("\"error\":{"), "README block answered an error:\n" + block + "\noutput:\n" + output);
    return output;
  }

  private Process process(String script) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("GRAPH_AUDIT_PORT", String.valueOf(port));
    environment.put("GRAPH_AUDIT_DATA", data.toString());
    return builder.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The README's run command in the background, its output read as it comes. */
  private final class Server {
    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final CompletableFuture<String> listening = new CompletableFuture<>();
    private final Thread reader;
    final String startLine;

    Server(String command) throws Exception {
      process = process("exec " + command);
      started.add(process);
      reader = new Thread(this::read, "readme-server-output");
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
