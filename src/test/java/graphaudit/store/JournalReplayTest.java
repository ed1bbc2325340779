package graphaudit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.audit.AuditEvent;
import graphaudit.odata.AuditEventJsonWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay against rows the database file already holds, in every state they can be in. */
class JournalReplayTest {

  private static final String TENANT = "tenant-a";

  @Test
  void replayBringsStoredRowsToTheirJournalledState(@TempDir Path dir) {
    String url = Database.h2FileUrl(dir);
    AuditEvent kept = event("kept", "Device");
    AuditEvent patched = event("patched", "Device");
    AuditEvent deleted = event("deleted", "Device");
    AuditEvent legacy = event("legacy", "Device");
    long keptSeq;
    Path base;
    try (Database database = Database.open(url, 2);
         AuditEventStore store = new AuditEventStore(database, AuditEventJsonWriter::stored)) {
      store.createAll(TENANT, List.of(kept, patched, deleted, legacy));
      // a row from before schema V2 has no stored JSON
      database.jdbi().useHandle(h -> h.execute(
          "UPDATE audit_event SET json_body = NULL, json_beta_from = NULL, json_beta_to = NULL WHERE id = 'legacy'"));
      keptSeq = seq(database, "kept");
      base = database.journalBase();
    }
    // what a crash leaves: acknowledged changes in the journal that the file does not hold yet
    AuditEvent patchedNow = patched.patchedWith(Map.of("displayName", "after"));
    AuditEvent legacyNow = legacy.patchedWith(Map.of("category", "Role"));
    try (Journal journal = Journal.at(base)) {
      journal.append(List.of(Redo.put(TENANT, kept).toBytes(), Redo.put(TENANT, patchedNow).toBytes(),
          Redo.delete(TENANT, "deleted").toBytes(), Redo.put(TENANT, legacyNow).toBytes(),
          Redo.put(TENANT, event("created", "Role")).toBytes(), Redo.delete(TENANT, "never-existed").toBytes()));
    }

    try (Database database = Database.open(url, 2);
         AuditEventStore store = new AuditEventStore(database, AuditEventJsonWriter::stored)) {
      assertEquals(json(kept), json(store.get(TENANT, "kept")));
      assertEquals(keptSeq, seq(database, "kept"), "an event already stored as journalled is left alone");
      assertEquals(json(patchedNow), json(store.get(TENANT, "patched")));
      assertEquals(Optional.empty(), store.get(TENANT, "deleted"));
      assertEquals(json(legacyNow), json(store.get(TENANT, "legacy")), "a row without stored JSON is replaced");
      assertEquals("Role", store.get(TENANT, "created").orElseThrow().get("category"));
      assertEquals(4, store.count(TENANT, Sql.TRUE));
      assertTrue(Journal.files(base).isEmpty());
    }
  }

  /** The event as a response would carry it (a stored event has every property, unset ones null). */
  private static String json(AuditEvent event) {
    return AuditEventJsonWriter.stored(event).body();
  }

  private static String json(Optional<AuditEvent> stored) {
    return json(stored.orElseThrow());
  }

  private static long seq(Database database, String id) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT seq FROM audit_event WHERE id = :id")
        .bind("id", id).mapTo(Long.class).one());
  }

  private static AuditEvent event(String id, String category) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", id);
    p.put("displayName", "before");
    p.put("activityDateTime", "2024-01-09T10:00:00.1234567+02:00");
    p.put("correlationId", "52effe71-fe71-52ef-71fe-ef5271feef52");
    p.put("category", category);
    p.put("resources", List.of(Map.of("resourceId", "r-" + id, "modifiedProperties", List.of())));
    return new AuditEvent(p);
  }
}
