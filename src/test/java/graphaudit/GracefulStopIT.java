package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM of the packaged jar under a write load (6 clients creating, PATCHing and deleting their own
 * events): the process ends by itself within 15 s, logging {@code stopped}; a request whose body was
 * still being sent when the listener closed is finished and answered; every acknowledged write is there
 * after a restart; a request cut off (an I/O error instead of an answer) was not applied, so no answer
 * was lost; every 2xx carried its whole body; the directory's lock file is gone and the restart checks and
 * replays nothing.
 */
class GracefulStopIT {

  private static final int CLIENTS = 6;
  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String MARKER = "graph-audit.lock";
  private static final Duration STOP_WITHIN = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("listening on http://([^\\s:]+):(\\d+)");
  private static final String GONE = "\u0000gone";

  @TempDir
  Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(20)).build();
  private final List<Server> started = new ArrayList<>();
  private String authorization;

  @AfterEach
  void killLeftovers() {
    started.forEach(s -> s.process.destroyForcibly());
  }

  @Test
  void sigtermUnderLoadFinishesWhatIsUnderWayAndLosesNoAcknowledgedWrite() throws Exception {
    authorization = "Bearer " + tokenFromJar();
    Server server = start();
    // each client's last acknowledged state of its events, and its one request cut off (if any)
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    Map<String, String> cutOff = new ConcurrentHashMap<>();
    List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger writes = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicLong signalledAt = new AtomicLong(Long.MAX_VALUE);
    AtomicInteger answeredAfterSignal = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.execute(() -> load(server, client, acknowledged, cutOff, wrong, writes, refused, signalledAt,
          answeredAfterSignal));
    }
    awaitCondition(() -> writes.get() >= 300 || !wrong.isEmpty(), Duration.ofSeconds(60), "300 acknowledged writes");
    assertTrue(wrong.isEmpty(), wrong.toString());

    // a POST whose body is half sent when the signal comes. Its 100 Continue (sent when the service first
    // reads the body) proves it is under way: headers alone may still sit unparsed at the signal, and a
    // request the service has not begun is refused with a 503 like any other arriving while it stops
    String slowId = "slow-" + System.nanoTime();
    String slowBody = body(slowId, "slow");
    Socket slow = new Socket(server.host, server.port);
    slow.setSoTimeout(30_000);
    OutputStream slowOut = slow.getOutputStream();
    slowOut.write(("POST " + EVENTS + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + authorization
        + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + slowBody.length()
        + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    slowOut.flush();
    String interim = readHead(slow.getInputStream());
    assertTrue(interim.startsWith("HTTP/1.1 100 "), "the slow request's interim answer: " + interim);
    slowOut.write(slowBody.substring(0, 20).getBytes(StandardCharsets.UTF_8));
    slowOut.flush();

    signalledAt.set(System.nanoTime());
    server.process.toHandle().destroy(); // SIGTERM; Process.destroy would also close the output pipe
    // the listener closes first: only then is the rest of the body sent
    awaitCondition(() -> !accepts(server), STOP_WITHIN, "the listener to close");
    slowOut.write(slowBody.substring(20).getBytes(StandardCharsets.UTF_8));
    slowOut.flush();
    String slowAnswer = readAll(slow.getInputStream());
    slow.close();

    long leftNanos = signalledAt.get() + STOP_WITHIN.toNanos() - System.nanoTime();
    assertTrue(server.process.waitFor(Math.max(0, leftNanos), TimeUnit.NANOSECONDS),
        "still running " + STOP_WITHIN + " after SIGTERM:\n" + server.log());
    long stoppedAfterMillis = (System.nanoTime() - signalledAt.get()) / 1_000_000;
    clients.shutdown();
    assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS), "clients did not stop");
    server.reader.join(10_000); // its last lines
    assertTrue(wrong.isEmpty(), wrong.toString());
    assertTrue(slowAnswer.startsWith("HTTP/1.1 201 "), "the request under way at the signal: " + slowAnswer);
    assertTrue(slowAnswer.contains("\"id\":\"" + slowId + "\""), slowAnswer);
    acknowledged.put(slowId, "slow");
    assertTrue(server.log().strip().endsWith("stopped"), "its last words:\n" + server.log());
    assertFalse(server.log().contains("shutdown failed"), server.log());
    assertFalse(Files.exists(dataDir.resolve(MARKER)), "the lock file outlived a clean stop");
    assertFalse(Files.exists(dataDir.resolve("index.trace.db")), "a clean stop left H2's trace file");

    Server again = start();
    assertFalse(again.log().contains("not closed cleanly"), "the restart checked the store:\n" + again.log());
    assertFalse(again.log().contains("replayed"), "the restart replayed the log:\n" + again.log());
    Map<String, String> stored = list(again);
    List<String> differ = new ArrayList<>();
    acknowledged.forEach((id, state) -> {
      if (!state.equals(stored.getOrDefault(id, GONE))) {
        differ.add(id + ": acknowledged " + shown(state) + ", stored " + shown(stored.getOrDefault(id, GONE)));
      }
    });
    cutOff.forEach((id, unapplied) -> {
      if (unapplied.equals(stored.getOrDefault(id, GONE))) {
        differ.add(id + ": a request cut off without an answer was applied (" + shown(unapplied) + ")");
      }
    });
    stored.keySet().stream().filter(id -> !acknowledged.containsKey(id) && !cutOff.containsKey(id))
        .forEach(id -> differ.add(id + ": stored but never acknowledged"));
    assertTrue(differ.isEmpty(), differ.size() + " events differ, e.g. " + differ.subList(0, Math.min(5, differ.size())));
    System.out.printf("graceful stop: %d writes acknowledged, %d answered after SIGTERM, %d cut off, %d refused;"
            + " exited %d after %d ms%n", writes.get(), answeredAfterSignal.get(), cutOff.size(), refused.get(),
        server.process.exitValue(), stoppedAfterMillis);
  }

  /**
   * One client: creates (60 %), PATCHes and deletes its own events until the server is gone. A 2xx
   * must carry its whole, matching body; a 503 (refused while stopping) changes nothing; an I/O error
   * ends the client, remembering what that request would have made of its event.
   */
  private void load(Server server, int client, Map<String, String> acknowledged, Map<String, String> cutOff,
      List<String> wrong, AtomicInteger writes, AtomicInteger refused, AtomicLong signalledAt,
      AtomicInteger answeredAfterSignal) {
    Random random = new Random(client);
    List<String> mine = new ArrayList<>();
    for (int n = 0; ; n++) {
      String id;
      String method;
      String state;
      String body;
      if (mine.isEmpty() || random.nextInt(10) < 6) {
        id = "c" + client + "-" + n;
        method = "POST";
        state = "created " + n;
        body = body(id, state);
      } else if (random.nextBoolean()) {
        id = mine.get(random.nextInt(mine.size()));
        method = "PATCH";
        state = "patched " + n;
        body = "{\"displayName\":\"" + state + "\"}";
      } else {
        id = mine.get(random.nextInt(mine.size()));
        method = "DELETE";
        state = GONE;
        body = null;
      }
      HttpResponse<String> response;
      try {
        response = send(server, method, method.equals("POST") ? EVENTS : EVENTS + "/" + id, body);
      } catch (ConnectException e) {
        refused.incrementAndGet(); // the listener is closed: never reached the service
        return;
      } catch (IOException e) {
        cutOff.put(id, state);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (System.nanoTime() > signalledAt.get()) {
        answeredAfterSignal.incrementAndGet();
      }
      int status = response.statusCode();
      if (status == 503) {
        if (response.headers().firstValue("Retry-After").isEmpty()
            || !response.body().contains("\"code\":\"ServiceUnavailable\"")) {
          wrong.add(method + " " + id + ": a 503 without Retry-After or Graph's code: " + response.body());
          return;
        }
        refused.incrementAndGet();
        continue;
      }
      int expected = method.equals("POST") ? 201 : method.equals("PATCH") ? 200 : 204;
      if (status != expected || (body != null && !state.equals(displayName(response.body())))) {
        wrong.add(method + " " + id + ": " + status + " " + response.body());
        return;
      }
      acknowledged.put(id, state);
      writes.incrementAndGet();
      if (method.equals("POST")) {
        mine.add(id);
      } else if (method.equals("DELETE")) {
        mine.remove(id);
      }
    }
  }

  private static String displayName(String body) {
    try {
      return JSON.readTree(body).path("displayName").asText(null);
    } catch (IOException e) {
      return "not JSON: " + body;
    }
  }

  private static String body(String id, String name) {
    return "{\"id\":\"" + id + "\",\"activityDateTime\":\"2024-05-01T10:00:00Z\",\"correlationId\":"
        + "\"52effe71-fe71-52ef-71fe-ef5271feef52\",\"category\":\"Stop\",\"displayName\":\"" + name + "\"}";
  }

  private static String shown(String state) {
    return state.equals(GONE) ? "gone" : "'" + state + "'";
  }

  private HttpResponse<String> send(Server server, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.origin() + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", authorization);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** id → displayName of every event listed. */
  private Map<String, String> list(Server server) throws Exception {
    Map<String, String> stored = new HashMap<>();
    String next = server.origin() + EVENTS + "?$select=id,displayName";
    while (next != null) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(next)).header("Authorization",
          authorization).header("Prefer", "odata.maxpagesize=999").GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode(), page.body());
      JsonNode json = JSON.readTree(page.body());
      json.get("value").forEach(e -> stored.put(e.get("id").asText(), e.get("displayName").asText()));
      next = json.hasNonNull("@odata.nextLink") ? json.get("@odata.nextLink").asText() : null;
    }
    return stored;
  }

  private static boolean accepts(Server server) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(server.host, server.port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** One response head, up to its blank line, without reading past it. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Polls {@code condition} until it holds; fails after {@code timeout}. */
  private static void awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long giveUpAt = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < giveUpAt, "no " + what + " within " + timeout);
      Thread.sleep(10); // a polling interval, not a wait for time to pass
    }
  }

  private String tokenFromJar() throws Exception {
    Process process = new ProcessBuilder(BuiltJar.java(), "-jar", BuiltJar.jar(), "token", "--data", dataDir.toString(), "--create-key")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = readAll(process.getInputStream()).trim();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "token did not finish");
    assertEquals(0, process.exitValue(), out);
    return out;
  }

  private Server start() throws Exception {
    Process process = new ProcessBuilder(BuiltJar.java(), "-jar", BuiltJar.jar(), "--port", "0", "--data", dataDir.toString())
        .redirectErrorStream(true).start();
    Server server = new Server(process);
    started.add(server);
    String origin = server.listening.get(90, TimeUnit.SECONDS);
    Matcher m = LISTENING.matcher(origin);
    assertTrue(m.find(), origin);
    server.host = m.group(1);
    server.port = Integer.parseInt(m.group(2));
    return server;
  }

  /** The jar serving; its output is read as it comes. */
  private static final class Server {
    final Process process;
    final CompletableFuture<String> listening = new CompletableFuture<>();
    final StringBuilder output = new StringBuilder();
    final Thread reader;
    String host;
    int port;

    Server(Process process) {
      this.process = process;
      reader = new Thread(this::read, "graceful-stop-output-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (LISTENING.matcher(line).find()) {
            listening.complete(line);
          }
        }
      } catch (IOException e) {
        // the process is gone; its output so far is in the log
      }
      listening.completeExceptionally(new IllegalStateException("the service ended before listening:\n" + log()));
    }

    String origin() {
      return "http://" + host + ":" + port;
    }

    String log() {
      synchronized (output) {
        return output.toString();
      }
    }
  }
}
