package graphaudit.internal.emulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Emulation;
import graphaudit.GraphErrorAssert;
import graphaudit.Http;
import graphaudit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graph's latency, emulated: the delays a seeded distribution draws over 2,000 requests are the
 * configured ones (read from {@code /metrics}, which records what was drawn, not the wall clock); a
 * thousand replies held back at once occupy no thousand threads; rules per operation and root, the
 * switch at run time through the admin request, and which routes are never delayed.
 */
@Tag("slow")
class LatencyEmulationTest {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

  @RegisterExtension
  static final TestServer server = TestServer.withGeneratedEvents(20, 3)
      .withIdleTimeout(Duration.ofMinutes(2))
      .withConfig(config -> config.emulation().latency("beta/get:p50=120ms,p99=900ms,seed=7"));

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(30)).build();

  @Test
  void twoThousandDelaysFollowTheConfiguredDistribution() {
    String id = server.generatedEvents().get(0).id();
    Map<String, Double> before = scrape();
    List<HttpResponse<String>> responses = sendAll(2_000, 200, "/beta/deviceManagement/auditEvents/" + id);
    assertTrue(responses.stream().allMatch(r -> r.statusCode() == 200));
    Map<String, Double> after = scrape();
    String series = "graphaudit_emulated_latency_seconds_bucket{operation=\"get\",root=\"beta\",le=\"%s\"}";
    double count = delta(before, after, "graphaudit_emulated_latency_seconds_count{operation=\"get\",root=\"beta\"}");
    assertEquals(2_000, count, "one delay per request");
    // the log-normal of median 120 ms and 99th percentile 900 ms: P(X <= x) = Φ(ln(x / 0.12) / σ); the
    // draws fit it when no bucket's share strays further than Kolmogorov-Smirnov's 1 % critical distance
    double sigma = Math.log(900.0 / 120.0) / 2.3263478740408408;
    double critical = 1.63 / Math.sqrt(count);
    for (String le : new String[] {"0.05", "0.1", "0.25", "0.5", "1.0", "2.5"}) {
      double expected = phi(Math.log(Double.parseDouble(le) / 0.120) / sigma);
      double seen = delta(before, after, String.format(series, le)) / count;
      assertTrue(Math.abs(seen - expected) <= critical, "share at most " + le + " s: " + seen + ", expected "
          + expected + " (±" + critical + ")");
    }
  }

  @Test
  void aThousandHeldBackRepliesHoldNoThousandThreads() throws Exception {
    Emulation.set(server, "latency", "list:fixed=10s");
    long delayedBefore = Emulation.state(server).get("delayed").asLong();
    int poolBefore = serverThreads();
    AtomicInteger answered = new AtomicInteger();
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      pending.add(CLIENT.sendAsync(get("/beta/deviceManagement/auditEvents?$top=1"), HttpResponse.BodyHandlers.ofString())
          .whenComplete((r, e) -> answered.incrementAndGet()));
    }
    // every one of them answered by the pipeline and now waiting (the admin request is never delayed)
    while (Emulation.state(server).get("delayed").asLong() - delayedBefore < 1_000) {
      Thread.onSpinWait();
    }
    int poolWhileWaiting = serverThreads();
    int holding = threadsInTheService();
    int stillWaiting = 1_000 - answered.get();
    for (CompletableFuture<HttpResponse<String>> each : pending) {
      assertEquals(200, each.get().statusCode());
    }
    assertTrue(stillWaiting > 0, "the replies were held back");
    assertTrue(holding <= 2, holding + " of Jetty's threads were inside the service while " + stillWaiting
        + " replies waited");
    assertTrue(poolWhileWaiting - poolBefore < 100, "Jetty's pool went from " + poolBefore + " to "
        + poolWhileWaiting + " threads (its burst of accepting 1,000 connections) while " + stillWaiting
        + " replies waited");
    Emulation.set(server, "latency", "beta/get:p50=120ms,p99=900ms,seed=7");
  }

  @Test
  void rulesNameOperationsAndRootsAndSwitchAtRunTime() {
    JsonNode state = Emulation.set(server, "latency", "list:fixed=40ms;v1.0:fixed=20ms;batch:fixed=30ms");
    assertEquals("list:fixed=40ms;v1.0:fixed=20ms;batch:fixed=30ms,seed=", state.get("latency").asText()
        .replaceAll("seed=-?\\d+", "seed="));
    String id = server.generatedEvents().get(1).id();
    Map<String, Double> before = scrape();
    Http http = server.http();
    for (int i = 0; i < 3; i++) {
      assertEquals(200, http.get("/beta/deviceManagement/auditEvents").status());
      assertEquals(200, http.get("/v1.0/deviceManagement/auditEvents/" + id).status());
      assertEquals(200, http.get("/beta/deviceManagement/auditEvents/" + id).status());
    }
    assertEquals(200, http.post("/beta/$batch", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":"
        + "\"deviceManagement/auditEvents\"},{\"id\":\"2\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents\"}]}")
        .status());
    // never delayed: /health, /metrics, the admin request, the token endpoint's discovery
    http.withoutToken().get("/health");
    http.withoutToken().get("/" + graphaudit.internal.audit.Tenants.DEV + "/v2.0/.well-known/openid-configuration");
    Map<String, Double> after = scrape();
    assertEquals(0.120, delta(before, after, sum("beta", "list")), 1e-9, "3 lists at 40 ms");
    assertEquals(0.060, delta(before, after, sum("v1.0", "get")), 1e-9, "3 gets of v1.0 at 20 ms");
    assertEquals(0.0, delta(before, after, sum("beta", "get")), "no rule names beta's get");
    assertEquals(0.030, delta(before, after, sum("beta", "batch")), 1e-9, "a batch once, not each request");
    assertEquals(0.0, after.keySet().stream().filter(k -> k.startsWith("graphaudit_emulated_latency_seconds_count")
        && k.contains("root=\"none\"")).count(), "nothing outside the roots");

    Emulation.set(server, "latency", "off");
    long delayed = Emulation.state(server).get("delayed").asLong();
    http.get("/beta/deviceManagement/auditEvents");
    assertEquals(delayed, Emulation.state(server).get("delayed").asLong());
    assertEquals("off", Emulation.state(server).get("latency").asText());
    Http.Response bad = http.send("PATCH", Emulation.ADMIN, "{\"latency\":\"p50=900ms,p99=100ms\"}",
        "Content-Type", "application/json");
    GraphErrorAssert.assertGraphError(bad, 400, "BadRequest");
    Emulation.set(server, "latency", "beta/get:p50=120ms,p99=900ms,seed=7");
  }

  private static String sum(String root, String operation) {
    return "graphaudit_emulated_latency_seconds_sum{operation=\"" + operation + "\",root=\"" + root + "\"}";
  }

  /** Sends {@code total} GETs, at most {@code concurrency} at once; returns every response. */
  private static List<HttpResponse<String>> sendAll(int total, int concurrency, String path) {
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      slots.acquireUninterruptibly();
      sent.add(CLIENT.sendAsync(get(path), HttpResponse.BodyHandlers.ofString())
          .whenComplete((r, e) -> slots.release()));
    }
    return sent.stream().map(CompletableFuture::join).collect(Collectors.toList());
  }

  private static HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(server.origin() + path)).timeout(Duration.ofMinutes(1))
        .header("Authorization", "Bearer " + server.token()).GET().build();
  }

  /** The threads of the service's Jetty pool (this JVM runs one service at a time). */
  private static int serverThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("graph-audit-http")).count();
  }

  /** The pool's threads now running the service's code (a request being answered, or waiting in it). */
  private static int threadsInTheService() {
    return (int) Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("graph-audit-http"))
        .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("graphaudit.")))
        .count();
  }

  private static Map<String, Double> scrape() {
    Http.Response response = server.http().withoutToken().get("/metrics");
    assertEquals(200, response.status());
    return response.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(SAMPLE::matcher)
        .filter(Matcher::matches)
        .collect(Collectors.toMap(m -> m.group(1) + (m.group(2) == null ? "" : m.group(2)),
            m -> Double.parseDouble(m.group(3)), (a, b) -> b));
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
    return after.getOrDefault(sample, 0.0) - before.getOrDefault(sample, 0.0);
  }

  /** The standard normal's distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
  private static double phi(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
        * Math.exp(-x * x);
    return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
  }
}
