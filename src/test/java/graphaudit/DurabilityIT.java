package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash durability of acknowledged writes: the packaged jar runs as a child process, 16 clients
 * POST audit events to it, and it is killed with SIGKILL while they are still sending. After a
 * restart on the same data directory, every event that was answered 201 must be readable with the
 * correlationId it was created with. Three kill/restart rounds on one data directory; after each
 * restart every event acknowledged in any round so far is checked.
 *
 * <p>Requests that fail because of the kill (connection reset or refused) were never acknowledged
 * and are not checked. The jar comes from the system property {@code graphaudit.jar} (set by the
 * failsafe configuration in the pom). Every request carries one bearer token, printed by the jar's
 * {@code token} command for the data directory before the first start: the service's dev key is the
 * one that command created, kept across every restart.
 */
class DurabilityIT {

  private static final int ROUNDS = 3;
  private static final int CLIENTS = 16;
  /** The kill comes this long after the clients start, later each round (different writer phases). */
  private static final Duration[] KILL_AFTER = {
      Duration.ofMillis(1500), Duration.ofMillis(2000), Duration.ofMillis(2500)};
  /** Fewer acknowledged events than this in a round would make the round prove nothing. */
  private static final int MIN_ACKNOWLEDGED_PER_ROUND = 50;
  /**
   * A slow machine may still be below the minimum at {@link #KILL_AFTER}: the kill then waits for
   * it, but not past this (the round then fails on the minimum). The clients send until the kill.
   */
  private static final Duration MAX_LOAD = Duration.ofSeconds(10);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Exit status Java reports for a child ended by signal 9: 128 + SIGKILL. */
  private static final int SIGKILL_EXIT = 128 + 9;

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("listening on http://([^\\s:]+):(\\d+)");

  @TempDir
  Path dataDir;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(REQUEST_TIMEOUT)
      .build();
  private final List<ServerProcess> started = new ArrayList<>();
  private String authorization;

  @AfterEach
  void killChildren() throws InterruptedException {
    for (ServerProcess server : started) {
      server.kill();
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // backstop only: every wait below has its own bound
  void everyAcknowledgedPostSurvivesKillMinus9() throws Exception {
    Map<String, String> acknowledged = new ConcurrentHashMap<>(); // id -> correlationId
    authorization = "Bearer " + tokenFromJar();
    ServerProcess server = start();
    for (int round = 1; round <= ROUNDS; round++) {
      LoadResult load = loadAndKill(server, round, KILL_AFTER[round - 1]);
      assertEquals(SIGKILL_EXIT, load.exitCode(),
          "round " + round + ": the server must have died of SIGKILL (no shutdown hook, no flush)");
      assertTrue(load.otherStatuses().isEmpty(),
          "round " + round + ": POSTs answered other than 201 with the sent correlationId: " + sample(load.otherStatuses()));
      assertTrue(load.acknowledged().size() > MIN_ACKNOWLEDGED_PER_ROUND, "round " + round
          + ": only " + load.acknowledged().size() + " POSTs were acknowledged before the kill");
      acknowledged.putAll(load.acknowledged());

      server = start();
      Verification check = verify(server, acknowledged);
      long count = count(server);
      System.out.printf("round %d: acknowledged %d (requests cut off by the kill: %d), killed %d ms in, exit %d; "
              + "after restart %d of %d acknowledged so far readable, $count=%d%n",
          round, load.acknowledged().size(), load.failedByKill(), load.killedAfterMillis(),
          load.exitCode(), check.readable(), acknowledged.size(), count);
      assertTrue(check.lost().isEmpty(), "round " + round + ": " + check.lost().size() + " of "
          + acknowledged.size() + " acknowledged events are gone after kill -9, e.g. " + sample(check.lost()));
      assertTrue(check.wrong().isEmpty(), "round " + round + ": " + check.wrong().size()
          + " acknowledged events read back wrongly, e.g. " + sample(check.wrong()));
      assertTrue(count >= acknowledged.size(),
          "round " + round + ": $count " + count + " < " + acknowledged.size() + " acknowledged");
    }
    System.out.printf("total: %d acknowledged events over %d kill -9 rounds, all checked readable after the last restart%n",
        acknowledged.size(), ROUNDS);
  }

  /** What one round of load produced. */
  private record LoadResult(Map<String, String> acknowledged, int failedByKill,
      List<String> otherStatuses, int exitCode, long killedAfterMillis) {}

  /**
   * Runs {@link #CLIENTS} POSTing threads against {@code server}, SIGKILLs it {@code killAfter}
   * into the load (later if fewer than the minimum are acknowledged by then), then stops the clients.
   */
  private LoadResult loadAndKill(ServerProcess server, int round, Duration killAfter) throws Exception {
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> otherStatuses = new ConcurrentLinkedQueue<>();
    AtomicInteger failed = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    long loadStart = System.nanoTime();
    long killAt = loadStart + killAfter.toNanos();
    long giveUpAt = loadStart + MAX_LOAD.toNanos();
    long clientsEnd = giveUpAt + REQUEST_TIMEOUT.toNanos(); // backstop: normally stopped right after the kill
    URI events = URI.create(server.origin() + EVENTS);

    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.execute(() -> {
          for (int n = 0; !stop.get() && System.nanoTime() < clientsEnd; n++) {
            String correlationId = UUID.randomUUID().toString();
            String body = "{\"activityDateTime\":\"2016-12-31T23:59:51.6363086-08:00\",\"correlationId\":\""
                + correlationId + "\",\"category\":\"durability\",\"displayName\":\"round " + round
                + " client " + client + " #" + n + "\"}";
            HttpRequest request = HttpRequest.newBuilder(events).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
              HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
              JsonNode created = response.statusCode() == 201 ? parse(response.body()) : null;
              if (created != null && correlationId.equals(created.path("correlationId").asText())
                  && !created.path("id").asText().isEmpty()) {
                acknowledged.put(created.path("id").asText(), correlationId);
              } else {
                otherStatuses.add(response.statusCode() + " " + response.body());
              }
            } catch (IOException e) {
              failed.incrementAndGet(); // cut off by the kill (reset, EOF, refused): never acknowledged
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            } catch (RuntimeException e) {
              otherStatuses.add("client " + client + " failed: " + e);
            }
          }
        });
      }

      // Polled rather than one sleep: the kill may have to wait for the minimum (up to MAX_LOAD),
      // and a server that dies on its own is noticed at once.
      while (server.process().isAlive() && System.nanoTime() < giveUpAt
          && (System.nanoTime() < killAt || acknowledged.size() <= MIN_ACKNOWLEDGED_PER_ROUND)) {
        try {
          server.process().onExit().get(10, TimeUnit.MILLISECONDS); // returns at once if the server dies
        } catch (TimeoutException stillRunning) {
          // look at the clock and the acknowledgements again
        }
      }
      assertTrue(server.process().isAlive(), "server died on its own during the load:\n" + server.log());
      long killedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart);
      server.process().destroyForcibly(); // SIGKILL on Linux; checked below through the exit status
      stop.set(true); // requests already sent are cut off; no new ones after this
      int exitCode = server.kill(); // waits (bounded) for the exit
      clients.shutdown();
      if (!clients.awaitTermination(2 * REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        fail("clients did not stop after the kill");
      }
      return new LoadResult(Map.copyOf(acknowledged), failed.get(), List.copyOf(otherStatuses), exitCode,
          killedAfterMillis);
    } finally {
      clients.shutdownNow();
    }
  }

  /** Outcome of reading back acknowledged events: which are gone and which came back different. */
  private record Verification(int readable, List<String> lost, List<String> wrong) {}

  /** GETs every id in {@code expected} (16 at a time) and compares its correlationId. */
  private Verification verify(ServerProcess server, Map<String, String> expected) throws Exception {
    List<Map.Entry<String, String>> entries = new ArrayList<>(expected.entrySet());
    ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    AtomicInteger readable = new AtomicInteger();
    ExecutorService readers = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int r = 0; r < CLIENTS; r++) {
        int first = r;
        parts.add(readers.submit(() -> {
          for (int i = first; i < entries.size(); i += CLIENTS) {
            String id = entries.get(i).getKey();
            String correlationId = entries.get(i).getValue();
            HttpResponse<String> response = get(server, EVENTS + "/" + id);
            if (response.statusCode() == 404) {
              lost.add(id);
            } else if (response.statusCode() != 200) {
              wrong.add(id + ": HTTP " + response.statusCode() + " " + response.body());
            } else {
              JsonNode event = parse(response.body());
              if (event != null && id.equals(event.path("id").asText()) && correlationId.equals(event.path("correlationId").asText())) {
                readable.incrementAndGet();
              } else {
                wrong.add(id + ": expected correlationId " + correlationId + ", got " + response.body());
              }
            }
          }
          return null;
        }));
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      for (Future<?> part : parts) {
        part.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } finally {
      readers.shutdownNow();
    }
    return new Verification(readable.get(), List.copyOf(lost), List.copyOf(wrong));
  }

  private long count(ServerProcess server) throws Exception {
    HttpResponse<String> response = get(server, EVENTS + "/$count");
    assertEquals(200, response.statusCode(), "$count: " + response.body());
    return Long.parseLong(response.body().trim());
  }

  private HttpResponse<String> get(ServerProcess server, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.origin() + path)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", authorization).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON tree of {@code body}, or null when it is not JSON. */
  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String sample(List<String> items) {
    return items.subList(0, Math.min(5, items.size())).toString();
  }

  /** What {@code java -jar graph-audit.jar token --data <dataDir> --create-key} prints: a default ReadWrite dev token. */
  private String tokenFromJar() throws Exception {
    Process process = new ProcessBuilder(java(), "-jar", jar(), "token", "--data", dataDir.toString(), "--create-key")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "token command did not finish");
    assertEquals(0, process.exitValue(), "token command failed");
    assertEquals(3, token.split("\\.").length, "not a compact JWT: " + token);
    return token;
  }

  private static String jar() {
    String jar = System.getProperty("graphaudit.jar");
    assertNotNull(jar, "system property graphaudit.jar (path of target/graph-audit.jar) is not set");
    assertTrue(Files.isRegularFile(Path.of(jar)), "no jar at " + jar);
    return jar;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Starts the jar on {@link #dataDir} and waits (bounded) for its "listening on" line. */
  private ServerProcess start() throws Exception {
    Process process = new ProcessBuilder(java(), "-jar", jar(), "--port", "0", "--data", dataDir.toString())
        .redirectErrorStream(true)
        .start();
    ServerProcess server = new ServerProcess(process);
    started.add(server);
    server.awaitListening(STARTUP_TIMEOUT);
    return server;
  }

  /** A child server process; its output is drained continuously (last lines kept for messages). */
  private static final class ServerProcess {
    private final Process process;
    private final CompletableFuture<String> origin = new CompletableFuture<>();
    private final Deque<String> log = new ArrayDeque<>();

    ServerProcess(Process process) {
      this.process = process;
      Thread reader = new Thread(this::drain, "graph-audit-output-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    private void drain() {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          synchronized (log) {
            log.addLast(line);
            if (log.size() > 200) {
              log.removeFirst();
            }
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            origin.complete("http://" + m.group(1) + ":" + m.group(2));
          }
        }
      } catch (IOException e) {
        // the process is gone; whatever it printed is in the log
      }
      origin.completeExceptionally(new IllegalStateException("server output ended before it was listening"));
    }

    void awaitListening(Duration timeout) throws InterruptedException {
      try {
        origin.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        String state = process.waitFor(5, TimeUnit.SECONDS) ? "exited with " + process.exitValue() : "still running";
        fail("server pid " + process.pid() + " did not report 'listening on' within " + timeout + " ("
            + state + "; " + e.getMessage() + "); its output:\n" + log());
      }
    }

    String origin() {
      return origin.join();
    }

    Process process() {
      return process;
    }

    /** SIGKILL (destroyForcibly on Linux; no-op if gone) and wait, bounded, for the exit; returns its status. */
    int kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        fail("server pid " + process.pid() + " still alive 30 s after SIGKILL");
      }
      return process.exitValue();
    }

    String log() {
      synchronized (log) {
        return String.join("\n", log);
      }
    }
  }
}
