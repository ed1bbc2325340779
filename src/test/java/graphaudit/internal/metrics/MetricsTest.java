package graphaudit.internal.metrics;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import graphaudit.Events;
import graphaudit.Http;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.auth.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} after known traffic: exact request counts by root, operation and status, the group
 * commit's batches, the database size, the largest tenants by rank; and a bounded number of series
 * after 10,000 distinct ids and 12 tenants.
 */
class MetricsTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*\\})? (\\S+)$");

  @RegisterExtension
  static final TestServer server = new TestServer();

  @Test
  void countsKnownTrafficExactlyAndStaysBoundedUnderManyIds() {
    Map<String, Double> before = scrape();
    Http http = server.http();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(http.post(EVENTS, Events.minimal("Metrics")).json().get("id").asText());
    }
    http.get(EVENTS + "/" + ids.get(0));
    http.get(EVENTS + "/" + ids.get(1));
    http.get("/v1.0/deviceManagement/auditEvents/" + ids.get(2));
    http.get(EVENTS + "/no-such-id");
    http.get(EVENTS + "?$top=2");
    http.patch(EVENTS + "/" + ids.get(0), "{\"category\":\"Changed\"}");
    http.delete(EVENTS + "/" + ids.get(2));
    http.get(EVENTS + "/getAuditCategories()");
    http.get("/beta/$metadata");
    http.post("/beta/$batch", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents\"}]}");
    http.withoutToken().get(EVENTS);

    Map<String, Double> after = scrape();
    assertEquals(3, delta(before, after, "graphaudit_requests_seconds_count{operation=\"create\",root=\"beta\",status=\"201\"}"));
    assertEquals(2, delta(before, after, "graphaudit_requests_seconds_count{operation=\"get\",root=\"beta\",status=\"200\"}"));
    assertEquals(1, delta(before, after, "graphaudit_requests_seconds_count{operation=\"get\",root=\"v1.0\",status=\"200\"}"));
    assertEquals(1, delta(before, after, "graphaudit_requests_seconds_count{operation=\"get\",root=\"beta\",status=\"404\"}"));
    assertEquals(1, delta(before, after, "graphaudit_requests_seconds_count{operation=\"list\",root=\"beta\",status=\"200\"}"));
    assertEquals(1, delta(before, after, "graphaudit_requests_seconds_count{operation=\"list\",root=\"beta\",status=\"401\"}"));
    assertEquals(1, delta(before, after, "graphaudit_requests_seconds_count{operation=\"update\",root=\"beta\",status=\"200\"}"));
    assertEquals(1, delta(before, after, "graphaudit_requests_seconds_count{operation=\"delete\",root=\"beta\",status=\"204\"}"));
    assertEquals(1, delta(before, after, "graphaudit_requests_seconds_count{operation=\"function\",root=\"beta\",status=\"200\"}"));
    assertEquals(1, delta(before, after, "graphaudit_requests_seconds_count{operation=\"metadata\",root=\"beta\",status=\"200\"}"));
    assertEquals(1, delta(before, after, "graphaudit_requests_seconds_count{operation=\"batch\",root=\"beta\",status=\"200\"}"));
    // the scrape before this one was answered 200 too, and counted once it was answered
    assertEquals(1, delta(before, after, "graphaudit_requests_seconds_count{operation=\"other\",root=\"none\",status=\"200\"}"));
    assertEquals(1, delta(before, after,
        "graphaudit_requests_seconds_bucket{operation=\"list\",root=\"beta\",status=\"200\",le=\"+Inf\"}"));
    // writes: 3 creates, a PATCH, a DELETE, each in some group commit
    assertEquals(5, delta(before, after, "graphaudit_store_commit_wait_seconds_count"));
    assertTrue(after.get("graphaudit_store_commit_batch_writes_count") >= 1);
    assertEquals(5, after.get("graphaudit_store_commit_batch_writes_sum") - before.getOrDefault("graphaudit_store_commit_batch_writes_sum", 0.0));
    assertTrue(after.get("graphaudit_database_size_bytes") > 0);
    assertEquals(2, after.get("graphaudit_tenant_events{rank=\"1\"}"));

    // 10,000 distinct ids (in batches, two at a time: the wire is not what is tested) and 12 tenants
    // later, the series are the same
    java.util.stream.IntStream.range(0, 500).parallel().forEach(i -> {
      StringBuilder batch = new StringBuilder("{\"requests\":[");
      for (int j = 0; j < 20; j++) {
        batch.append(j == 0 ? "" : ",").append("{\"id\":\"").append(j).append("\",\"method\":\"GET\",\"url\":\"")
            .append("deviceManagement/auditEvents/").append(UUID.randomUUID()).append("\"}");
      }
      http.post("/beta/$batch", batch.append("]}").toString());
      http.get(EVENTS + "/" + UUID.randomUUID());
    });
    for (int t = 0; t < 12; t++) {
      String tenant = UUID.randomUUID().toString();
      Http other = http.withToken(server.mint(Token.delegated(tenant, Permissions.READ_WRITE)));
      for (int e = 0; e <= t; e++) {
        other.post(EVENTS, Events.minimal("Tenant"));
      }
    }
    Map<String, Double> many = scrape();
    assertEquals(series(after), series(many), "no new series for ids or tenants");
    String text = server.http().get("/metrics").body();
    assertFalse(text.contains("tenant=") || text.contains("id="), "no label carries an id");
    assertEquals(12, many.get("graphaudit_tenant_events{rank=\"1\"}"));
    assertEquals(11, many.get("graphaudit_tenant_events{rank=\"2\"}"));
    assertEquals(3, many.get("graphaudit_tenant_events{rank=\"10\"}"));
    assertTrue(many.size() < 400, "series: " + many.size());
  }

  @Test
  void metricsTokenIsAskedForWhenConfigured() throws Exception {
    TestServer guarded = new TestServer().withConfig(config -> config.http().metricsToken("s3cret-metrics"));
    guarded.beforeAll(null);
    try {
      assertGraphError(guarded.http().withoutToken().get("/metrics"), 401, "InvalidAuthenticationToken");
      assertGraphError(guarded.http().get("/metrics"), 401, "InvalidAuthenticationToken");
      Http.Response ok = guarded.http().withToken("s3cret-metrics").get("/metrics");
      assertEquals(200, ok.status());
      assertTrue(ok.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    } finally {
      guarded.afterAll(null);
    }
  }

  /** Metric name with labels → value, comments left out. */
  private static Map<String, Double> scrape() {
    Http.Response response = server.http().withoutToken().get("/metrics");
    assertEquals(200, response.status());
    return response.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(SAMPLE::matcher)
        .filter(Matcher::matches)
        .collect(Collectors.toMap(m -> m.group(1) + (m.group(2) == null ? "" : m.group(2)),
            m -> Double.parseDouble(m.group(3))));
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
    return after.getOrDefault(sample, 0.0) - before.getOrDefault(sample, 0.0);
  }

  private static java.util.Set<String> series(Map<String, Double> samples) {
    return samples.keySet().stream().map(s -> s.replaceAll(",?status=\"\\d+\"", "")).collect(Collectors.toSet());
  }
}
