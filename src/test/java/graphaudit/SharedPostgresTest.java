package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.store.Retention;
import graphaudit.internal.transfer.EventImport;
import graphaudit.internal.transfer.ImportFormat;
import graphaudit.internal.transfer.Progress;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two services on one PostgreSQL database, as a team that outgrows one machine runs them (docs/postgresql.md):
 * a write through one is read through the other at once; a nextLink from one walks on
 * the other, every event once; concurrent PATCHes of one event through both leave it wholly in one
 * side's state, child rows included; an import and a retention pass through one service, while both
 * serve reads and writes, end in exactly the expected events, and readers never see an import batch
 * in part. Each test has a tenant of its own. Needs PostgreSQL's server binaries (skipped without).
 */
@Tag("postgres")
class SharedPostgresTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";

  @TempDir
  static Path keys; // one dev signing key, so a token works on both

  private static GraphAudit a;
  private static GraphAudit b;

  @BeforeAll
  static void startTwoServicesOnOneDatabase() throws Exception {
    assumeTrue(PostgresCluster.installed(), "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: "
        + "apt-get install postgresql to run the two-instance tests");
    String url = PostgresCluster.shared().newDatabase();
    a = GraphAudit.start(config -> config.http(h -> h.port(0)).store(s -> s.dataDir(keys).jdbcUrl(url)));
    b = GraphAudit.start(config -> config.http(h -> h.port(0)).store(s -> s.dataDir(keys).jdbcUrl(url)));
  }

  @AfterAll
  static void stop() throws Exception {
    for (GraphAudit service : new GraphAudit[] {a, b}) {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  void aWriteThroughOneIsReadThroughTheOtherAtOnce() {
    String tenant = UUID.randomUUID().toString();
    Http onA = http(a, tenant);
    Http onB = http(b, tenant);
    Http.Response created = onA.post(EVENTS, event("w-1", "2024-05-01T10:00:00.1234567Z", "Written", "written"));
    assertEquals(201, created.status(), created.body());
    assertEquals(withoutContext(onA.get(EVENTS + "/w-1")), withoutContext(onB.get(EVENTS + "/w-1")));

    assertEquals(200, onB.patch(EVENTS + "/w-1", "{\"displayName\":\"patched on b\"}").status());
    assertEquals("patched on b", onA.get(EVENTS + "/w-1").json().get("displayName").asText());
    assertEquals("2024-05-01T10:00:00.1234567Z", onA.get(EVENTS + "/w-1").json().get("activityDateTime").asText());

    assertEquals(204, onA.delete(EVENTS + "/w-1").status());
    assertEquals(404, onB.get(EVENTS + "/w-1").status());
    assertEquals("0", onB.get(EVENTS + "/$count").body());
  }

  @Test
  void aNextLinkFromOneWalksOnTheOtherEveryEventOnce() {
    String tenant = UUID.randomUUID().toString();
    Set<String> seeded = new HashSet<>();
    a.seed(tenant, 100, 11).forEach(e -> seeded.add(e.id()));
    for (String query : List.of("", "?$orderby=category,activityDateTime%20desc",
        "?$filter=category%20ne%20'Device'&$orderby=activityDateTime")) {
      Set<String> expected = query.contains("$filter") ? listIds(http(a, tenant), "?$filter=category%20ne%20'Device'")
          : seeded;
      List<String> walked = new ArrayList<>();
      GraphAudit[] services = {a, b};
      String next = EVENTS + query;
      int pages = 0;
      while (next != null) {
        GraphAudit on = services[pages % 2]; // every page from the other service than the link's
        Http.Response page = http(on, tenant).get(next, "Prefer", "odata.maxpagesize=7");
        assertEquals(200, page.status(), page.body());
        page.json().get("value").forEach(e -> walked.add(e.get("id").asText()));
        String link = page.json().path("@odata.nextLink").asText(null);
        assertTrue(link == null || link.startsWith(on.origin()), link);
        next = link == null ? null : link.substring(on.origin().length());
        pages++;
      }
      assertEquals(walked.size(), new HashSet<>(walked).size(), query + ": an event twice in " + walked);
      assertEquals(expected, new HashSet<>(walked), query);
      assertEquals((expected.size() + 6) / 7, pages, query);
    }
  }

  @Test
  void concurrentPatchesOfOneEventThroughBothEndInOneSidesState() throws Exception {
    String tenant = UUID.randomUUID().toString();
    Http onA = http(a, tenant);
    Http onB = http(b, tenant);
    assertEquals(201, onA.post(EVENTS, event("p-1", "2024-05-01T10:00:00Z", "Start", "start")).status());
    ExecutorService sides = Executors.newFixedThreadPool(2);
    Map<String, Integer> wins = new HashMap<>();
    try {
      for (int round = 0; round < 40; round++) {
        CyclicBarrier together = new CyclicBarrier(2);
        String stateA = "a-" + round;
        String stateB = "b-" + round;
        Future<Http.Response> patchA = sides.submit(() -> {
          together.await();
          return onA.patch(EVENTS + "/p-1", patch(stateA));
        });
        Future<Http.Response> patchB = sides.submit(() -> {
          together.await();
          return onB.patch(EVENTS + "/p-1", patch(stateB));
        });
        // each answer shows the event as its own PATCH left it, whole
        assertEquals(stateA, wholeState(patchA.get(30, TimeUnit.SECONDS)));
        assertEquals(stateB, wholeState(patchB.get(30, TimeUnit.SECONDS)));
        String onAState = wholeState(onA.get(EVENTS + "/p-1"));
        assertEquals(onAState, wholeState(onB.get(EVENTS + "/p-1")), "round " + round + ": the services disagree");
        assertTrue(onAState.equals(stateA) || onAState.equals(stateB), "round " + round + ": " + onAState);
        wins.merge(onAState.substring(0, 1), 1, Integer::sum);
      }
    } finally {
      sides.shutdownNow();
    }
    System.out.println("concurrent PATCHes, last writer per round: " + wins);
  }

  @Test
  void importAndRetentionThroughOneWhileBothServeEndInExactlyTheExpectedEvents() throws Exception {
    String tenant = UUID.randomUUID().toString();
    // 1,200 events older than the window (2.4 retention batches); 300 inside it, from its boundary on
    Instant now = Instant.parse("2002-06-01T00:00:00Z");
    Instant cutoff = now.minus(Duration.ofDays(365));
    List<AuditEvent> old = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      old.add(auditEvent("old-" + i, cutoff.minusSeconds(1 + i * 3600L)));
    }
    a.store().createAll(tenant, old);
    Http onA = http(a, tenant);
    Http onB = http(b, tenant);
    List<String> keptLines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String line = event("keep-" + i, cutoff.plusSeconds(i).toString(), "Kept", "kept " + i);
      assertEquals(201, (i % 2 == 0 ? onA : onB).post(EVENTS, line).status());
      keptLines.add(line);
    }
    // the file: 3,000 new events (3 import batches), then 200 of the kept ones, identical
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      file.append(event("imp-" + i, "2024-01-01T00:00:00." + String.format("%07d", i) + "Z", "Imported", "imported " + i))
          .append('\n');
    }
    keptLines.subList(0, 200).forEach(line -> file.append(line).append('\n'));

    AtomicBoolean done = new AtomicBoolean();
    List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    Set<String> created = ConcurrentHashMap.newKeySet();
    Map<String, String> keptPatched = new ConcurrentHashMap<>();
    AtomicInteger reads = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(5);
    List<Future<?>> running = new ArrayList<>();
    running.add(clients.submit(() -> creates(onA, "on-a-", done, created, wrong)));
    running.add(clients.submit(() -> creates(onB, "on-b-", done, created, wrong)));
    running.add(clients.submit(() -> {
      // PATCHes of kept events the file does not hold, and of old events the purge may have taken
      Random random = new Random(5);
      for (int n = 0; !done.get() && wrong.isEmpty(); n++) {
        String kept = "keep-" + (200 + random.nextInt(100));
        Http.Response patched = onB.patch(EVENTS + "/" + kept, "{\"displayName\":\"patched " + n + "\"}");
        check(patched.status() == 200, "PATCH " + kept + ": " + patched.status() + " " + patched.body(), wrong);
        keptPatched.put(kept, "patched " + n);
        int oldStatus = onA.patch(EVENTS + "/old-" + random.nextInt(1200), "{\"displayName\":\"late\"}").status();
        check(oldStatus == 200 || oldStatus == 404, "PATCH of an old event: " + oldStatus, wrong);
      }
    }));
    for (Http reader : List.of(onA, onB)) {
      running.add(clients.submit(() -> {
        // an import batch is one transaction: a reader sees all of it or none
        while (!done.get() && wrong.isEmpty()) {
          Http.Response count = reader.get(EVENTS + "/$count?$filter=category%20eq%20'Imported'");
          check(count.status() == 200 && Long.parseLong(count.body()) % 1000 == 0,
              "imported events counted: " + count.status() + " " + count.body(), wrong);
          Http.Response page = reader.get(EVENTS + "?$filter=category%20eq%20'Imported'&$orderby=activityDateTime%20desc"
              + "&$select=id,resources&$top=50");
          check(page.status() == 200, "list: " + page.body(), wrong);
          page.json().path("value").forEach(e -> check(e.get("resources").size() == 1
              && e.get("resources").get(0).get("modifiedProperties").size() == 1, "half stored: " + e, wrong));
          reads.incrementAndGet();
        }
      }));
    }

    StringWriter importErrors = new StringWriter();
    PrintWriter err = new PrintWriter(importErrors);
    EventImport.Summary summary = new EventImport(a.store(), err, new Progress(err, "imported", false))
        .run(new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)), ImportFormat.NDJSON, tenant);
    long purged = new Retention(a.store(), Duration.ofDays(365), Clock.fixed(now, ZoneOffset.UTC)).purge();
    done.set(true);
    for (Future<?> client : running) {
      client.get(60, TimeUnit.SECONDS);
    }
    clients.shutdown();
    assertTrue(wrong.isEmpty(), wrong.subList(0, Math.min(5, wrong.size())).toString());

    err.flush();
    assertEquals(List.of(3000L, 200L, 0L, 0L, 0L), List.of(summary.created(), summary.unchanged(), summary.differing(),
        summary.bad(), summary.refused()), importErrors.toString());
    assertEquals(1200, purged);
    Set<String> expected = new TreeSet<>(created);
    for (int i = 0; i < 300; i++) {
      expected.add("keep-" + i);
    }
    for (int i = 0; i < 3000; i++) {
      expected.add("imp-" + i);
    }
    for (Http service : List.of(onA, onB)) {
      Map<String, JsonNode> listed = list(service);
      assertEquals(expected, new TreeSet<>(listed.keySet()));
      assertEquals(String.valueOf(listed.size()), service.get(EVENTS + "/$count").body());
      for (int i = 0; i < 3000; i += 7) {
        JsonNode imported = listed.get("imp-" + i);
        assertEquals("imported " + i, imported.get("displayName").asText());
        assertEquals("2024-01-01T00:00:00." + String.format("%07d", i) + "Z", imported.get("activityDateTime").asText());
        assertEquals("imp-" + i, imported.get("resources").get(0).get("resourceId").asText());
      }
      keptPatched.forEach((id, name) -> assertEquals(name, listed.get(id).get("displayName").asText(), id));
    }
    System.out.printf("shared PostgreSQL: imported %d (+%d unchanged), purged %d, %d creates, %d kept events patched,"
        + " %d reads during it%n", summary.created(), summary.unchanged(), purged, created.size(), keptPatched.size(),
        reads.get());
  }

  private static void creates(Http service, String prefix, AtomicBoolean done, Set<String> created, List<String> wrong) {
    for (int n = 0; !done.get() && wrong.isEmpty(); n++) {
      Http.Response response = service.post(EVENTS, event(prefix + n, "2024-06-01T00:00:00Z", "Live", "live " + n));
      check(response.status() == 201, "POST: " + response.status() + " " + response.body(), wrong);
      created.add(prefix + n);
    }
  }

  private static void check(boolean holds, String what, List<String> wrong) {
    if (!holds) {
      wrong.add(what);
    }
  }

  /** One state of a PATCH: several properties, the actor and the resources (child rows) all say {@code s}. */
  private static String patch(String s) {
    return "{\"displayName\":\"" + s + "\",\"componentName\":\"" + s + "\",\"activity\":\"" + s
        + "\",\"activityType\":\"" + s + "\",\"activityResult\":\"" + s + "\",\"category\":\"" + s
        + "\",\"actor\":{\"userPrincipalName\":\"" + s + "\",\"userPermissions\":[\"" + s + "\"]},"
        + "\"resources\":[{\"resourceId\":\"" + s + "\",\"modifiedProperties\":[{\"displayName\":\"" + s
        + "\",\"newValue\":\"" + s + "\"}]}]}";
  }

  /** The state every patched property of the answer shows, or a description of the mix. */
  private static String wholeState(Http.Response response) {
    assertEquals(200, response.status(), response.body());
    JsonNode e = response.json();
    JsonNode resource = e.get("resources").get(0);
    Set<String> values = new TreeSet<>();
    for (String name : List.of("displayName", "componentName", "activity", "activityType", "activityResult", "category")) {
      values.add(e.get(name).asText());
    }
    values.add(e.get("actor").get("userPrincipalName").asText());
    values.add(e.get("actor").get("userPermissions").get(0).asText());
    values.add(resource.get("resourceId").asText());
    values.add(resource.get("modifiedProperties").get(0).get("displayName").asText());
    values.add(resource.get("modifiedProperties").get(0).get("newValue").asText());
    assertEquals(1, e.get("resources").size());
    assertEquals(1, resource.get("modifiedProperties").size());
    return values.size() == 1 ? values.iterator().next() : "a mix of " + values;
  }

  private static String event(String id, String at, String category, String name) {
    return "{\"id\":\"" + id + "\",\"activityDateTime\":\"" + at + "\",\"correlationId\":"
        + "\"52effe71-fe71-52ef-71fe-ef5271feef52\",\"category\":\"" + category + "\",\"displayName\":\"" + name
        + "\",\"resources\":[{\"resourceId\":\"" + id + "\",\"modifiedProperties\":[{\"displayName\":\"p\","
        + "\"newValue\":\"" + name + "\"}]}]}";
  }

  private static AuditEvent auditEvent(String id, Instant at) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", id);
    values.put("activityDateTime", at.toString());
    values.put("correlationId", "52effe71-fe71-52ef-71fe-ef5271feef52");
    values.put("category", "Old");
    return new AuditEvent(values);
  }

  private static Http http(GraphAudit service, String tenant) {
    return new Http(service.origin(), service.mint(Token.delegated(tenant, Token.READ_WRITE)));
  }

  private static JsonNode withoutContext(Http.Response response) {
    assertEquals(200, response.status(), response.body());
    ObjectNode json = (ObjectNode) response.json();
    json.remove("@odata.context");
    return json;
  }

  private static Set<String> listIds(Http service, String query) {
    Set<String> ids = new HashSet<>();
    String next = EVENTS + query;
    while (next != null) {
      Http.Response page = service.get(next, "Prefer", "odata.maxpagesize=999");
      assertEquals(200, page.status(), page.body());
      page.json().get("value").forEach(e -> ids.add(e.get("id").asText()));
      String link = page.json().path("@odata.nextLink").asText(null);
      next = link == null ? null : link.substring(link.indexOf("/beta/"));
    }
    return ids;
  }

  /** id → event of every event listed; fails on one listed twice. */
  private static Map<String, JsonNode> list(Http service) {
    Map<String, JsonNode> events = new HashMap<>();
    String next = EVENTS;
    while (next != null) {
      Http.Response page = service.get(next, "Prefer", "odata.maxpagesize=999");
      assertEquals(200, page.status(), page.body());
      page.json().get("value").forEach(e -> assertTrue(events.put(e.get("id").asText(), e) == null, "twice: " + e));
      String link = page.json().path("@odata.nextLink").asText(null);
      next = link == null ? null : link.substring(link.indexOf("/beta/"));
    }
    return events;
  }
}
