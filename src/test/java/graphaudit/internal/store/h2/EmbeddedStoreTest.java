package graphaudit.internal.store.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.odata.AuditEventJsonWriter;
import graphaudit.internal.odata.EventTransfer;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.write.CommitObserver;
import graphaudit.internal.store.Database;
import graphaudit.internal.paging.PageRequest;
import graphaudit.internal.paging.SortKey;
import graphaudit.internal.store.sql.Sql;
import graphaudit.internal.store.log.ChangeLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h2.engine.SessionLocal;
import org.h2.index.Cursor;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.table.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store on real files: a lagging index catches up by replaying the log's tail, one that
 * fails its check after a crash is rebuilt from the log, the counts kept with each write stay exact
 * through every kind of write, and the log's compaction drops replaced and deleted events (and deletes)
 * without changing an answer, also of an index rebuilt from it.
 */
class EmbeddedStoreTest {

  private static final String TENANT = "8c3dad1d-b6bc-4f8b-939b-8263372eced6";
  private static final String OTHER = "3f1b0c7e-6a52-4c0b-9d55-2f0a8f6b9e11";
  private static final EmbeddedStore.StoreFactory FACTORY = (database, log) -> new AuditEventStore(database, log,
      AuditEventJsonWriter::stored, CommitObserver.NONE);

  private static final EventTransfer BETA = new EventTransfer(ApiVersion.BETA);

  @TempDir
  Path data;
  @TempDir
  Path aside;

  @Test
  void anIndexThatLagsBehindTheLogCatchesUpByReplayingItsTail() throws Exception {
    try (EmbeddedStore.Opened opened = EmbeddedStore.open(data, 16, 2, FACTORY)) {
      opened.store().createAll(TENANT, events("a", 0, 300));
    }
    Path lagging = aside.resolve("lagging.mv.db");
    Files.copy(data.resolve("index.mv.db"), lagging);
    Map<String, String> expected;
    try (EmbeddedStore.Opened opened = EmbeddedStore.open(data, 16, 2, FACTORY)) {
      AuditEventStore store = opened.store();
      store.createAll(OTHER, events("b", 0, 50));
      for (int i = 0; i < 40; i++) {
        store.update(TENANT, "a" + i, e -> e.patchedWith(Map.of("category", "Patched", "displayName", "p")));
        store.delete(TENANT, "a" + (100 + i));
      }
      expected = answers(store);
    }
    Files.copy(lagging, data.resolve("index.mv.db"), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(data.resolve(DirectoryLock.FILE), ""); // as a crash leaves it
    try (EmbeddedStore.Opened opened = EmbeddedStore.open(data, 16, 2, FACTORY)) {
      assertEquals(expected, answers(opened.store()));
      assertCountsExact(opened.store());
      assertEquals(opened.log().lastLsn(), opened.store().heldLsn());
    }
  }

  @Test
  void anIndexWhoseKeptCountsDisagreeAfterACrashIsRebuiltFromTheLog() throws Exception {
    assertRebuiltAfterACrashThat(c -> {
      try (java.sql.Statement st = c.createStatement()) {
        st.executeUpdate("UPDATE audit_tenant SET events = events + 1"); // what no write of the store does
      }
    });
  }

  @Test
  void anIndexMissingEntriesOfItsTableAfterACrashIsRebuiltFromTheLog() throws Exception {
    assertRebuiltAfterACrashThat(c -> {
      // one entry taken out of the time index alone, as H2's own API allows and SQL never does
      SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
      Table table = session.getDatabase().getMainSchema().findTableOrView(session, "AUDIT_EVENT");
      Index byTime = table.getIndexes().stream().filter(i -> i.getName().equalsIgnoreCase("audit_event_time"))
          .findFirst().orElseThrow();
      Cursor rows = table.getScanIndex(session).find(session, null, null, false);
      assertTrue(rows.next());
      byTime.remove(session, rows.get());
      session.commit(false);
    });
  }

  /** Writes 100 events, damages the closed index with {@code damage}, leaves the lock as a crash does, opens. */
  private void assertRebuiltAfterACrashThat(IndexDamage damage) throws Exception {
    Map<String, String> expected;
    try (EmbeddedStore.Opened opened = EmbeddedStore.open(data, 16, 2, FACTORY)) {
      opened.store().createAll(TENANT, events("a", 0, 100));
      expected = answers(opened.store());
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(EmbeddedStore.indexUrl(data, 16))) {
      damage.apply(c);
    }
    Files.writeString(data.resolve(DirectoryLock.FILE), ""); // as a crash leaves it
    try (EmbeddedStore.Opened opened = EmbeddedStore.open(data, 16, 2, FACTORY)) {
      assertEquals(expected, answers(opened.store()));
      assertCountsExact(opened.store());
    }
    try (var files = Files.list(data)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("index\\.damaged-.*\\.mv\\.db")),
          "the index that failed its check is kept aside");
    }
  }

  @FunctionalInterface
  private interface IndexDamage {
    void apply(java.sql.Connection index) throws Exception;
  }

  @Test
  void countsStayExactThroughEveryKindOfWrite() {
    try (EmbeddedStore.Opened opened = EmbeddedStore.open(data, 16, 2, FACTORY)) {
      AuditEventStore store = opened.store();
      store.createAll(TENANT, events("a", 0, 200));
      store.create(OTHER, events("b", 0, 1).get(0));
      store.importAll(TENANT, store.prepare(events("a", 150, 250))); // 50 already stored, 50 new
      store.update(TENANT, "a1", e -> e.patchedWith(Map.of("category", "Elsewhere",
          "activityDateTime", "2020-02-02T02:02:02Z", "activityType", "Moved")));
      store.update(TENANT, "a2", e -> e.patchedWith(java.util.Collections.singletonMap("category", null)));
      store.delete(TENANT, "a3");
      store.delete(TENANT, "missing");
      assertEquals(10, store.purgeOlderThan(TENANT, Instant.parse("2016-01-21T00:00:00Z"), 10));
      assertCountsExact(store);
      assertEquals(1, store.deleteAll(OTHER));
      assertCountsExact(store);
      assertEquals(List.of(TENANT), store.tenants());
    }
  }

  @Test
  void compactionDropsWhatNoLongerCountsAndChangesNoAnswer() throws Exception {
    Path logDir = data.resolve("log");
    ChangeLog.Options small = new ChangeLog.Options(64 * 1024, true);
    String url = EmbeddedStore.indexUrl(data, 16);
    Map<String, String> before;
    long sizeBefore;
    long sizeAfter;
    try (ChangeLog log = ChangeLog.open(logDir, small)) {
      Database database = Database.open(url, 2);
      try (AuditEventStore store = FACTORY.create(database, log)) {
        store.createAll(TENANT, events("a", 0, 400));
        store.createAll(OTHER, events("b", 0, 100));
        for (int i = 0; i < 150; i++) {
          store.update(TENANT, "a" + i, e -> e.patchedWith(Map.of("displayName", "patched")));
          store.delete(TENANT, "a" + (200 + i));
        }
        store.purgeOlderThan(OTHER, Instant.parse("2016-01-03T00:00:00Z"), 1_000);
        store.create(TENANT, events("c", 0, 1).get(0)); // the active segment moves on
        before = answers(store);
        sizeBefore = log.sizeBytes();
        long freed = log.compact(store::liveBetween, store.durableLsn());
        assertTrue(freed > sizeBefore / 3, "freed " + freed + " of " + sizeBefore);
        sizeAfter = log.sizeBytes();
        assertEquals(before, answers(store), "read through the compacted segments");
        store.update(TENANT, "a399", e -> e.patchedWith(Map.of("displayName", "after")));
        before = answers(store);
      } finally {
        database.close();
      }
    }
    assertTrue(sizeAfter < sizeBefore);
    Files.delete(data.resolve("index.mv.db"));
    try (EmbeddedStore.Opened opened = EmbeddedStore.open(data, 16, 2, FACTORY)) {
      assertEquals(before, answers(opened.store()), "an index rebuilt from the compacted log");
      assertCountsExact(opened.store());
    }
  }

  /** Every event of both tenants as the beta root answers it, by tenant and id. */
  private static Map<String, String> answers(AuditEventStore store) {
    Map<String, String> out = new TreeMap<>();
    for (String tenant : List.of(TENANT, OTHER)) {
      for (AuditEvent event : store.page(allById(tenant, Sql.TRUE))) {
        out.put(tenant + "/" + event.id(), new String(BETA.write(event), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** The tenant's events matching {@code where} (up to 10,000, more than any test stores), by id. */
  private static PageRequest allById(String tenant, Sql where) {
    return new PageRequest(tenant, where, List.of(SortKey.ID), List.of(), null, 0, 10_000);
  }

  /** The kept counts equal what counting the events themselves gives, for both tenants. */
  private static void assertCountsExact(AuditEventStore store) {
    Sql everything = Sql.of("1 = 1"); // not Sql.TRUE: counted from the events, not the kept counts
    for (String tenant : List.of(TENANT, OTHER)) {
      assertEquals(store.count(tenant, everything), store.count(tenant, Sql.TRUE), tenant);
      assertEquals(store.histogram(tenant, everything, false, 10_000), store.histogram(tenant, Sql.TRUE, false, 10_000));
      List<String> categories = store.page(allById(tenant, Sql.of("e.category IS NOT NULL"))).stream().map(e -> (String) e.get("category")).distinct().sorted().toList();
      assertEquals(categories, store.categories(tenant, 0, 1_000), tenant);
      for (String category : categories) {
        List<String> types = store.page(allById(tenant,
            Sql.of("e.category = ? AND e.activity_type IS NOT NULL", category))).stream().map(e -> (String) e.get("activityType"))
            .distinct().sorted().toList();
        assertEquals(types, store.activityTypes(tenant, category, 0, 1_000), category);
      }
    }
    assertEquals(store.totalEvents(), store.countedEvents());
  }

  /** Events {@code prefix + from} to {@code prefix + (to - 1)}, one a day from 2016-01-01, in five categories. */
  private static List<AuditEvent> events(String prefix, int from, int to) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("id", prefix + i);
      values.put("displayName", "Event " + i);
      values.put("activityDateTime", Instant.parse("2016-01-01T00:00:00Z").plusSeconds(86_400L * i + i).toString());
      values.put("correlationId", "00000000-0000-4000-8000-" + String.format("%012d", i));
      values.put("category", "Category" + i % 5);
      values.put("activityType", "Type" + i % 3);
      values.put("resources", List.of(Map.of("resourceId", "r" + i % 7, "modifiedProperties",
          List.of(Map.of("displayName", "P" + i % 4)))));
      values.put("actor", Map.of("userPrincipalName", "u" + i % 9 + "@contoso.com", "userPermissions", List.of("*")));
      events.add(new AuditEvent(values));
    }
    return events;
  }
}
