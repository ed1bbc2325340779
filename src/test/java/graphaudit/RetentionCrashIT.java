package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --retention-days} survives {@code kill -9} mid-purge (issue 15). A store holds
 * {@value #OLD_BULK} old events (enough for a purge of many batches of 500) plus
 * {@value #NEAR_CUTOFF} just older and {@value #NEAR_CUTOFF} just newer than the window, and
 * {@value #RECENT} recent ones. The packaged jar serving with {@code --retention-days} is SIGKILLed
 * {@value #KILLS} times while its purge is under way: as soon as {@code $count} shows that this process
 * deleted some but not all of the old events. The restart after the last kill opens the store (checking
 * it) and finishes the purge; then exactly the old events are gone and every other one is there as
 * imported, and the kills left whole batches of 500 deleted.
 *
 * <p>The events near the cutoff carry offsets that put their local text on the other side of it
 * (+05:00 for the old, -08:00 for the new), so a purge by the wrong cutoff or by the text fails.
 * The margin is an hour: the server's clock cannot be injected, and the test takes well under that.
 */
class RetentionCrashIT {

  private static final int DAYS = 30;
  private static final int OLD_BULK = 6_000;
  private static final int NEAR_CUTOFF = 100;
  private static final int RECENT = 100;
  private static final int KILLS = 2;
  /** Events per transaction of a retention pass. */
  private static final int BATCH = 500;
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration PURGE_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final Pattern PASS_DONE = Pattern.compile("retention: deleted (\\d+) events older than " + DAYS + " days");
  private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSXXX");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(REQUEST_TIMEOUT).build();
  private final List<JarServer> started = new ArrayList<>();
  private String authorization;

  @AfterEach
  void killChildren() throws InterruptedException {
    for (JarServer server : started) {
      server.kill();
    }
  }

  @Test
  void killedMidPurgeTheRestartDeletesExactlyTheOldEvents() throws Exception {
    long began = System.nanoTime();
    Path data = dir.resolve("data");
    Instant cutoff = Instant.now().minus(Duration.ofDays(DAYS));
    Map<String, ObjectNode> keep = new LinkedHashMap<>();
    Set<String> old = new HashSet<>();
    Path file = dir.resolve("events.ndjson");
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < OLD_BULK; i++) {
        write(out, old, event("old-" + i, cutoff.minus(Duration.ofDays(1)).minusSeconds(60L * i), ZoneOffset.UTC));
      }
      for (int i = 0; i < NEAR_CUTOFF; i++) {
        write(out, old, event("just-old-" + i, cutoff.minus(Duration.ofHours(1)).minusSeconds(i),
            ZoneOffset.ofHours(5)));
        ObjectNode justNew = event("just-new-" + i, cutoff.plus(Duration.ofHours(1)).plusSeconds(i),
            ZoneOffset.ofHours(-8));
        write(out, null, justNew);
        keep.put(justNew.get("id").asText(), justNew);
      }
      for (int i = 0; i < RECENT; i++) {
        ObjectNode recent = event("recent-" + i, Instant.now().minus(Duration.ofHours(i)), ZoneOffset.UTC);
        write(out, null, recent);
        keep.put(recent.get("id").asText(), recent);
      }
    }
    int all = old.size() + keep.size();
    String imported = BuiltJar.run("import", "--data", data.toString(), file.toString());
    assertTrue(imported.contains(all + " stored,"), imported);
    authorization = "Bearer " + BuiltJar.run("token", "--data", data.toString(), "--create-key").trim();
    long builtAt = System.nanoTime();

    long before = all;
    for (int kill = 1; kill <= KILLS; kill++) {
      JarServer server = serve(data);
      // under way: this process has deleted some (fewer than before) but not all (more than kept)
      long seen = before;
      long giveUpAt = System.nanoTime() + PURGE_TIMEOUT.toNanos();
      while (seen >= before && seen > keep.size()) {
        assertTrue(System.nanoTime() < giveUpAt, "round " + kill + ": $count stayed " + seen + "\n" + server.log());
        pollPause();
        seen = count(server);
      }
      int exit = server.kill();
      assertEquals(SIGKILL_EXIT, exit, "round " + kill + ": the server must have died of SIGKILL\n" + server.log());
      assertTrue(seen > keep.size(), "round " + kill + ": the purge had finished (" + seen
          + " left) before the kill; more old events are needed\n" + server.log());
      assertFalse(PASS_DONE.matcher(server.log()).find(), "round " + kill + ": the pass ended before the kill\n"
          + server.log());
      System.out.printf("retention crash: kill %d at %d ms with %d events left (%d before this run)%n", kill,
          (System.nanoTime() - began) / 1_000_000, seen, before);
      before = seen;
    }

    JarServer server = serve(data);
    assertTrue(server.log().contains("not closed cleanly"), "the restart after a kill checks the store\n" + server.log());
    awaitCondition(() -> PASS_DONE.matcher(server.log()).find(), PURGE_TIMEOUT, "end of the purge", server);
    Matcher done = PASS_DONE.matcher(server.log());
    assertTrue(done.find());
    long finished = Long.parseLong(done.group(1));
    assertSameIds(keep.keySet(), listIds(server));
    assertEquals(String.valueOf(keep.size()), get(server, EVENTS + "/$count").body().trim(), "$count after the purge");
    // The kills left whole batches deleted, and old events for this pass. The batch committed last may
    // be lost: H2 shows a commit to readers before it writes it, and $count saw it before the kill.
    long deletedBeforeTheLastPass = old.size() - finished;
    assertEquals(0, deletedBeforeTheLastPass % BATCH, "the kills left " + deletedBeforeTheLastPass
        + " events deleted, not whole batches of " + BATCH);
    assertTrue(finished > 0 && finished <= before - keep.size() + BATCH, "the last pass deleted " + finished
        + " events; the last kill left " + (before - keep.size()) + " old ones, one more batch at most");
    for (ObjectNode expected : keep.values()) {
      String id = expected.get("id").asText();
      JsonNode stored = withoutAnnotationsAndNulls(JSON.readTree(get(server, EVENTS + "/" + id).body()));
      assertEquals(expected, stored, id + " as imported");
    }
    System.out.printf("retention crash: %d old events deleted over %d kills (the last pass %d), %d kept as imported;"
            + " store built in %d ms, kills and purge %d ms%n", old.size(), KILLS, finished, keep.size(),
        (builtAt - began) / 1_000_000, (System.nanoTime() - builtAt) / 1_000_000);
  }

  /** Fails naming how many (and a few) events are missing and how many are left over. */
  private static void assertSameIds(Set<String> expected, Set<String> listed) {
    List<String> missing = expected.stream().filter(id -> !listed.contains(id)).sorted().toList();
    List<String> extra = listed.stream().filter(id -> !expected.contains(id)).sorted().toList();
    assertTrue(missing.isEmpty() && extra.isEmpty(), "after the purge " + missing.size() + " events within the window"
        + " are missing, e.g. " + missing.subList(0, Math.min(5, missing.size())) + ", and " + extra.size()
        + " older ones are left, e.g. " + extra.subList(0, Math.min(5, extra.size())));
  }

  private static ObjectNode event(String id, Instant at, ZoneOffset offset) {
    ObjectNode event = JSON.createObjectNode();
    event.put("id", id);
    event.put("displayName", "retention " + id);
    event.put("activityDateTime", GRAPH_TIME.format(at.atOffset(offset)));
    event.put("activityType", "Delete");
    event.put("correlationId", "52effe71-fe71-52ef-71fe-ef5271feef52");
    event.put("category", "Retention");
    event.putObject("actor").put("userPrincipalName", "admin@contoso.com");
    ObjectNode resource = event.putArray("resources").addObject();
    resource.put("resourceId", "device-" + id);
    resource.putArray("modifiedProperties").addObject().put("displayName", "p").put("oldValue", "a").put("newValue", id);
    return event;
  }

  private static void write(BufferedWriter out, Set<String> ids, ObjectNode event) throws IOException {
    out.write(JSON.writeValueAsString(event));
    out.newLine();
    if (ids != null) {
      ids.add(event.get("id").asText());
    }
  }

  /** The served event less what serving adds: {@code @odata.*} annotations and properties never set. */
  private static JsonNode withoutAnnotationsAndNulls(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getKey().startsWith("@odata.") && !field.getValue().isNull()) {
          copy.set(field.getKey(), withoutAnnotationsAndNulls(field.getValue()));
        }
      }
      return copy;
    }
    if (node.isArray()) {
      var copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(withoutAnnotationsAndNulls(element)));
      return copy;
    }
    return node;
  }

  private JarServer serve(Path data) throws Exception {
    JarServer server = JarServer.launch("--port", "0", "--data", data.toString(), "--retention-days",
        String.valueOf(DAYS));
    started.add(server);
    server.awaitListening(STARTUP_TIMEOUT);
    return server;
  }

  private long count(JarServer server) throws Exception {
    return Long.parseLong(get(server, EVENTS + "/$count").body().trim());
  }

  private Set<String> listIds(JarServer server) throws Exception {
    Set<String> ids = new HashSet<>();
    String next = server.origin() + EVENTS + "?$select=id";
    while (next != null) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(next)).timeout(REQUEST_TIMEOUT)
          .header("Authorization", authorization).header("Prefer", "odata.maxpagesize=999").GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode(), page.body());
      JsonNode body = JSON.readTree(page.body());
      body.get("value").forEach(e -> assertTrue(ids.add(e.get("id").asText()), "listed twice: " + e));
      next = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
    }
    return ids;
  }

  private HttpResponse<String> get(JarServer server, String path) throws Exception {
    HttpResponse<String> response = send(server, path);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return response;
  }

  private HttpResponse<String> send(JarServer server, String path) throws Exception {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(server.origin() + path)).timeout(REQUEST_TIMEOUT)
          .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed; the server's output:\n" + server.log(), e);
    }
  }

  private static void awaitCondition(BooleanSupplier condition, Duration timeout, String what, JarServer server)
      throws InterruptedException {
    long giveUpAt = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUpAt) {
        fail("no " + what + " within " + timeout + "; the server's output:\n" + server.log());
      }
      pollPause();
    }
  }

  /** A polling interval, not a wait for time to pass: leaves the (shared) CPU to the purge between looks. */
  private static void pollPause() throws InterruptedException {
    Thread.sleep(10); // a polling interval, not a wait for time to pass
  }
}
