package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency of the embedded store, over many {@code kill -9}s of the packaged jar on one data
 * directory. Each round kills at a random moment: mostly under a load of creates, PATCHes and DELETEs
 * from 8 clients (0 to 2.5 s after the first answer); every 5th round during the start-up after the
 * restart (database open, schema check);
 * every 7th round a {@code generate} bulk load into another tenant; every 11th an {@code import} of NDJSON
 * with random ids into a third (with the service stopped, as an embedded file needs); every 13th the
 * retention's purge of 20,000 events dated 2000 in a fourth, killed up to 0.5 s after its first deletes show. After every kill the service must
 * start, and its whole content must be what was acknowledged:
 * <ul>
 *   <li>every acknowledged create is there with its last acknowledged state; every acknowledged
 *       delete is gone (a request cut off by the kill may have gone either way, and only that);</li>
 *   <li>no event that was never sent; {@code $count} equals the number of events listed;</li>
 *   <li>a killed bulk load stored whole batches of 5,000 (each is one transaction) or nothing, a killed
 *       import whole batches of 1,000, a killed purge deleted whole batches of 500.</li>
 * </ul>
 * Ids are the clients' own, so a create cut off by the kill is recognised if it was stored.
 *
 * <p>{@code -Dgraphaudit.kills=N} sets the number of kills (default 25, what CI runs);
 * {@code -Dgraphaudit.crashSeed=S} replays a run's kill moments. The long form:
 * {@code mvn -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CrashLoopIT -Dgraphaudit.kills=200}.
 */
class CrashLoopIT {

  private static final int KILLS = Integer.getInteger("graphaudit.kills", 25);
  private static final int CLIENTS = 8;
  private static final int GENERATE_EVENTS = 20_000;
  private static final int GENERATE_BATCH = 5_000;
  private static final String OTHER_TENANT = "3f1b0c7e-6a52-4c0b-9d55-2f0a8f6b9e11";
  private static final int IMPORT_EVENTS = 20_000;
  private static final int IMPORT_BATCH = 1_000;
  /** Retention's purge deletes this many events per transaction (Retention.BATCH). */
  private static final int RETENTION_BATCH = 500;
  private static final String IMPORT_TENANT = "9a6e2d4b-7c1f-4e8a-b3d5-0f2c6a8e4b17";
  private static final int AGED_EVENTS = 20_000;
  private static final String AGED_TENANT = "5d2c8f1a-3b6e-4f9d-a7c0-1e4b8d2f6a93";
  /** The retention rounds' cutoff: after the aged events (2000), before every other tenant's (2016 and later). */
  private static final LocalDate RETAIN_FROM = LocalDate.of(2008, 1, 1);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration FIRST_WRITE_TIMEOUT = Duration.ofSeconds(60);
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String DELETED = "\u0000deleted";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dataDir;
  /** The import rounds' files, beside the data directory rather than in it. */
  @TempDir
  Path importDir;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(REQUEST_TIMEOUT).build();
  private final List<JarServer> started = new ArrayList<>();
  /** id → the states it may be in: its last acknowledged one, plus any a cut-off request may have made. */
  private final Map<String, Set<String>> expected = new ConcurrentHashMap<>();
  private String authorization;
  /** Restarts that replayed the change log's tail into the index, and that rebuilt the index from the log. */
  private int replays;
  private int rebuilds;
  private String otherTenantAuthorization;
  private String importTenantAuthorization;
  private String agedTenantAuthorization;
  /** The import tenant's events at the last check: the import rounds report it. */
  private long imported;
  /** The aged tenant's events at the last check: the retention rounds report it. */
  private long aged;

  @AfterEach
  void killChildren() throws InterruptedException {
    for (JarServer server : started) {
      server.kill();
    }
  }

  @Test
  void theStoreOpensAfterEveryKillWithEveryAcknowledgedWrite() throws Exception {
    long seed = Long.getLong("graphaudit.crashSeed", System.nanoTime());
    Random random = new Random(seed);
    System.out.printf("crash loop: %d kills, seed %d (-Dgraphaudit.crashSeed=%d replays the kill moments)%n",
        KILLS, seed, seed);
    authorization = "Bearer " + BuiltJar.run("token", "--data", dataDir.toString(), "--create-key").trim();
    otherTenantAuthorization = "Bearer " + BuiltJar.run("token", "--data", dataDir.toString(), "--tenant", OTHER_TENANT,
        "--scopes", "DeviceManagementApps.Read.All").trim();
    importTenantAuthorization = "Bearer " + BuiltJar.run("token", "--data", dataDir.toString(), "--tenant",
        IMPORT_TENANT, "--scopes", "DeviceManagementApps.Read.All").trim();
    agedTenantAuthorization = "Bearer " + BuiltJar.run("token", "--data", dataDir.toString(), "--tenant",
        AGED_TENANT, "--scopes", "DeviceManagementApps.Read.All").trim();
    JarServer server = start();
    for (int kill = 1; kill <= KILLS; kill++) {
      String what;
      boolean importRound = false;
      if (kill % 7 == 0) {
        server.kill();
        long killAfter = 1000 + random.nextInt(7000);
        generateAndKill(kill, killAfter);
        what = "generate killed after " + killAfter + " ms";
        server = start();
      } else if (kill % 11 == 0) {
        server.kill();
        long killAfter = 3000 + random.nextInt(8000); // its first batch commits ~4 s in (JVM, open, reading)
        importAndKill(killAfter);
        what = "import killed after " + killAfter + " ms";
        importRound = true;
        server = start();
      } else if (kill % 13 == 0) {
        server.kill();
        long killAfter = random.nextInt(500);
        retentionAndKill(kill, killAfter);
        what = "retention killed " + killAfter + " ms after its first deletes showed";
        server = start();
      } else if (kill % 5 == 0) {
        server.kill();
        long killAfter = random.nextInt(2500);
        JarServer starting = launch();
        // the kill's moment: returns early only if the server ends on its own, which fails below
        starting.process().waitFor(killAfter, TimeUnit.MILLISECONDS);
        assertEquals(SIGKILL_EXIT, starting.kill(), "round " + kill + ": the starting server ended on its own:\n"
            + starting.log());
        what = "start-up killed after " + killAfter + " ms";
        server = start();
      } else {
        long killAfter = random.nextInt(2500);
        int acknowledged = loadAndKill(server, kill, killAfter, random.nextLong());
        what = "load killed " + killAfter + " ms after the first answer, " + acknowledged + " writes acknowledged";
        server = start();
      }
      int listed = verify(server, kill);
      if (importRound) {
        what += " (" + imported + " imported events stored in all)";
      }
      if (kill % 13 == 0 && kill % 7 != 0 && kill % 11 != 0) {
        what += " (" + aged + " aged events left)";
      }
      // EmbeddedStore's lines: the index lagged the log (replayed), or failed its check (rebuilt from the log)
      boolean replayed = server.log().contains("changes of the log that the index did not hold");
      boolean rebuilt = server.log().contains("rebuilt the index from");
      replays += replayed ? 1 : 0;
      rebuilds += rebuilt ? 1 : 0;
      System.out.printf("kill %d: %s; restarted%s, %d events listed, all as acknowledged%n", kill, what,
          rebuilt ? " (index rebuilt from the change log)" : replayed ? " (the log's tail replayed into the index)" : "",
          listed);
    }
    System.out.printf("crash loop passed: %d kills, %d events of ours, seed %d; %d restarts replayed the log's tail,"
        + " %d rebuilt the index%n", KILLS, expected.size(), seed, replays, rebuilds);
  }

  /**
   * Runs the clients against {@code server} and SIGKILLs it {@code killAfterMillis} into the load.
   * Returns how many writes were acknowledged in the round.
   */
  private int loadAndKill(JarServer server, int round, long killAfterMillis, long seed) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger acknowledged = new AtomicInteger();
    List<String> unexpected = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      for (int c = 0; c < CLIENTS; c++) {
        Random random = new Random(seed + c);
        String prefix = "r" + round + "c" + c + "-";
        clients.execute(() -> {
          List<String> mine = new ArrayList<>();
          for (int n = 0; !stop.get(); n++) {
            try {
              if (mine.isEmpty() || random.nextInt(10) < 7) {
                create(server, prefix + n, mine, acknowledged);
              } else if (random.nextBoolean()) {
                patch(server, mine.get(random.nextInt(mine.size())), "patched " + round + "/" + n, acknowledged);
              } else {
                delete(server, mine.remove(random.nextInt(mine.size())), acknowledged);
              }
            } catch (IOException e) {
              return; // cut off by the kill
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            } catch (RuntimeException | AssertionError e) {
              synchronized (unexpected) {
                unexpected.add(e.toString());
              }
              return;
            }
          }
        });
      }
      // the kill's moment counts from the first acknowledged write: a JVM just started answers its
      // first requests slowly, and a round that acknowledged nothing would prove nothing
      long giveUpAt = System.nanoTime() + FIRST_WRITE_TIMEOUT.toNanos();
      while (acknowledged.get() == 0 && System.nanoTime() < giveUpAt && server.process().isAlive()) {
        try {
          server.process().onExit().get(5, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          // look again
        }
      }
      assertTrue(acknowledged.get() > 0, "round " + round + ": no write acknowledged within " + FIRST_WRITE_TIMEOUT
          + ": " + unexpected + "\n" + server.log());
      long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killAfterMillis);
      while (System.nanoTime() < killAt && server.process().isAlive()) {
        try {
          server.process().onExit().get(5, TimeUnit.MILLISECONDS); // returns at once if the server dies
        } catch (TimeoutException stillRunning) {
          // look at the clock again
        }
      }
      assertTrue(server.process().isAlive(), "round " + round + ": the server died on its own:\n" + server.log());
      int exit = server.kill();
      stop.set(true);
      assertEquals(SIGKILL_EXIT, exit, "round " + round + ": the server must have died of SIGKILL");
      clients.shutdown();
      assertTrue(clients.awaitTermination(2 * REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "clients did not stop");
      assertTrue(unexpected.isEmpty(), "round " + round + ": " + unexpected);
      return acknowledged.get();
    } finally {
      clients.shutdownNow();
    }
  }

  private void create(JarServer server, String id, List<String> mine, AtomicInteger acknowledged)
      throws IOException, InterruptedException {
    String name = "created " + id;
    expected.put(id, Set.of(DELETED, name)); // until answered: stored or not
    HttpResponse<String> response = send(server, "POST", EVENTS, "{\"id\":\"" + id
        + "\",\"activityDateTime\":\"2016-12-31T23:59:51.6363086-08:00\",\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\","
        + "\"category\":\"Crash\",\"displayName\":\"" + name + "\",\"resources\":[{\"resourceId\":\"" + id
        + "\",\"modifiedProperties\":[{\"displayName\":\"p\",\"oldValue\":\"a\",\"newValue\":\"b\"}]}]}");
    assertEquals(201, response.statusCode(), response.body());
    expected.put(id, Set.of(name));
    mine.add(id);
    acknowledged.incrementAndGet();
  }

  private void patch(JarServer server, String id, String name, AtomicInteger acknowledged)
      throws IOException, InterruptedException {
    Set<String> before = expected.get(id);
    Set<String> either = new HashSet<>(before);
    either.add(name);
    expected.put(id, either);
    HttpResponse<String> response = send(server, "PATCH", EVENTS + "/" + id, "{\"displayName\":\"" + name + "\"}");
    assertEquals(200, response.statusCode(), response.body());
    expected.put(id, Set.of(name));
    acknowledged.incrementAndGet();
  }

  private void delete(JarServer server, String id, AtomicInteger acknowledged)
      throws IOException, InterruptedException {
    Set<String> either = new HashSet<>(expected.get(id));
    either.add(DELETED);
    expected.put(id, either);
    HttpResponse<String> response = send(server, "DELETE", EVENTS + "/" + id, null);
    assertEquals(204, response.statusCode(), response.body());
    expected.put(id, Set.of(DELETED));
    acknowledged.incrementAndGet();
  }

  /** Runs {@code generate} into the other tenant and SIGKILLs it {@code killAfterMillis} in (unless it finished). */
  private void generateAndKill(int round, long killAfterMillis) throws Exception {
    Process generate = new ProcessBuilder(BuiltJar.java(), "-jar", BuiltJar.jar(), "generate", "--data", dataDir.toString(),
        "--events", String.valueOf(GENERATE_EVENTS), "--tenant", OTHER_TENANT, "--seed", String.valueOf(round))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!generate.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
      generate.destroyForcibly();
    }
    assertTrue(generate.waitFor(30, TimeUnit.SECONDS), "generate still alive after SIGKILL");
  }

  /**
   * Generates {@link #AGED_EVENTS} events dated in 2000 into the aged tenant, then starts the service with a
   * retention that purges them (and nothing else) and SIGKILLs it {@code killAfterMillis} after the aged
   * tenant's {@code $count} shows the purge under way (or at once, if it finished first).
   */
  private void retentionAndKill(int round, long killAfterMillis) throws Exception {
    Process generate = new ProcessBuilder(BuiltJar.java(), "-jar", BuiltJar.jar(), "generate", "--data", dataDir.toString(),
        "--events", String.valueOf(AGED_EVENTS), "--tenant", AGED_TENANT, "--seed", String.valueOf(round),
        "--from", "2000-01-01T00:00:00Z", "--to", "2001-01-01T00:00:00Z")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertEquals(0, generate.waitFor(), "generate of the aged events");
    long days = ChronoUnit.DAYS.between(RETAIN_FROM, LocalDate.now(ZoneOffset.UTC));
    JarServer purging = launch("--retention-days", String.valueOf(days));
    purging.awaitListening(STARTUP_TIMEOUT);
    long before = aged + AGED_EVENTS;
    long giveUpAt = System.nanoTime() + FIRST_WRITE_TIMEOUT.toNanos();
    while (Long.parseLong(get(purging, EVENTS + "/$count", agedTenantAuthorization).body().trim()) == before
        && System.nanoTime() < giveUpAt) {
      purging.process().waitFor(20, TimeUnit.MILLISECONDS);
    }
    purging.process().waitFor(killAfterMillis, TimeUnit.MILLISECONDS);
    assertEquals(SIGKILL_EXIT, purging.kill(), "round " + round + ": the purging server ended on its own:\n"
        + purging.log());
  }

  /** Imports {@link #IMPORT_EVENTS} events with fresh random ids and SIGKILLs it {@code killAfterMillis} in (unless it finished). */
  private void importAndKill(long killAfterMillis) throws Exception {
    Path file = importDir.resolve("events.ndjson");
    try (var out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < IMPORT_EVENTS; i++) {
        out.write("{\"id\":\"" + UUID.randomUUID() + "\",\"activityDateTime\":\"2024-01-09T10:00:00Z\","
            + "\"correlationId\":\"" + UUID.randomUUID() + "\",\"category\":\"Device\",\"displayName\":\"imported\","
            + "\"actor\":{\"userPrincipalName\":\"admin@contoso.com\",\"userPermissions\":[\"a\",\"b\"]},"
            + "\"resources\":[{\"displayName\":\"r\",\"modifiedProperties\":[{\"displayName\":\"p\",\"oldValue\":\"1\","
            + "\"newValue\":\"2\"}]}]}\n");
      }
    }
    Process load = new ProcessBuilder(BuiltJar.java(), "-jar", BuiltJar.jar(), "import", file.toString(), "--data",
        dataDir.toString(), "--tenant", IMPORT_TENANT)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!load.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
      load.destroyForcibly();
    }
    assertTrue(load.waitFor(30, TimeUnit.SECONDS), "import still alive after SIGKILL");
  }

  /** Lists every event of ours and compares it with what was acknowledged; checks the other tenants. */
  private int verify(JarServer server, int round) throws Exception {
    Map<String, String> stored = new HashMap<>();
    String next = server.origin() + EVENTS + "?$select=id,displayName";
    while (next != null) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(next)).timeout(REQUEST_TIMEOUT)
          .header("Authorization", authorization).header("Prefer", "odata.maxpagesize=999").GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode(), "round " + round + ": listing failed: " + page.body());
      JsonNode body = JSON.readTree(page.body());
      for (JsonNode event : body.get("value")) {
        assertTrue(stored.put(event.get("id").asText(), event.get("displayName").asText()) == null,
            "round " + round + ": listed twice: " + event);
      }
      next = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
    }
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
      String state = stored.getOrDefault(e.getKey(), DELETED);
      if (!e.getValue().contains(state)) {
        wrong.add(e.getKey() + ": " + (state.equals(DELETED) ? "gone" : "'" + state + "'") + ", expected one of "
            + e.getValue().stream().map(s -> s.equals(DELETED) ? "gone" : "'" + s + "'").toList());
      }
    }
    for (String id : stored.keySet()) {
      if (!expected.containsKey(id)) {
        wrong.add(id + ": stored but never sent");
      }
    }
    assertTrue(wrong.isEmpty(), "round " + round + ": " + wrong.size() + " events differ from what was acknowledged, e.g. "
        + wrong.subList(0, Math.min(5, wrong.size())));
    assertEquals(String.valueOf(stored.size()), get(server, EVENTS + "/$count", authorization).body().trim(),
        "round " + round + ": $count disagrees with the listing");
    long other = Long.parseLong(get(server, EVENTS + "/$count", otherTenantAuthorization).body().trim());
    assertEquals(0, other % GENERATE_BATCH, "round " + round + ": the other tenant holds " + other
        + " generated events, not whole batches of " + GENERATE_BATCH);
    imported = Long.parseLong(get(server, EVENTS + "/$count", importTenantAuthorization).body().trim());
    assertEquals(0, imported % IMPORT_BATCH, "round " + round + ": the import tenant holds " + imported
        + " imported events, not whole batches of " + IMPORT_BATCH);
    aged = Long.parseLong(get(server, EVENTS + "/$count", agedTenantAuthorization).body().trim());
    assertEquals(0, aged % RETENTION_BATCH, "round " + round + ": the aged tenant holds " + aged
        + " events, not what whole purges of " + RETENTION_BATCH + " leave");
    return stored.size();
  }

  private HttpResponse<String> send(JarServer server, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.origin() + path)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", authorization);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(JarServer server, String path, String auth) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.origin() + path))
        .timeout(REQUEST_TIMEOUT).header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return response;
  }

  private JarServer launch(String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--data", dataDir.toString()));
    args.addAll(List.of(options));
    JarServer server = JarServer.launch(args.toArray(String[]::new));
    started.add(server);
    return server;
  }

  /** Starts the jar on {@link #dataDir} and waits (bounded) for its "listening on" line. */
  private JarServer start() throws Exception {
    JarServer server = launch();
    server.awaitListening(STARTUP_TIMEOUT);
    return server;
  }
}
