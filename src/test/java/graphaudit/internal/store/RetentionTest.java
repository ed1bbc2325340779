package graphaudit.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import graphaudit.AuditEvent;
import graphaudit.GraphAuditConfig;
import graphaudit.TestClock;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.compose.Stores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --retention-days}: a pass deletes exactly the events older than the window as the (injected)
 * clock tells it, in every tenant, across several batches; the boundary instant stays; a pass cut off
 * after some batches (as by a crash: each batch is its own transaction) leaves a store the next pass
 * finishes.
 */
class RetentionTest {

  private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
  private static final String OTHER = "6b0f6b0f-1111-4111-8111-6b0f6b0f6b0f";

  @TempDir
  Path data;

  @Test
  void deletesExactlyTheEventsOlderThanTheWindowInBatchesAndAgainAfterACut() {
    TestClock clock = new TestClock(NOW);
    Instant cutoff = NOW.minus(Duration.ofDays(365));
    try (Stores.Opened opened = Stores.open(new GraphAuditConfig().store().dataDir(data))) {
      AuditEventStore store = opened.store();
      List<AuditEvent> events = new ArrayList<>();
      for (int i = 0; i < 1300; i++) { // 1,200 old: more than two batches
        events.add(event("old-" + i, cutoff.minusSeconds(1 + i)));
      }
      events.add(event("boundary", cutoff));
      events.add(event("new", NOW.minusSeconds(5)));
      store.createAll(Tenants.DEV, events.subList(0, 1200));
      store.createAll(OTHER, events.subList(1200, events.size()));

      // a pass stopped after its first batch, as a crash would stop it
      assertEquals(500, store.purgeOlderThan(Tenants.DEV, cutoff, 500));
      Retention retention = new Retention(store, Duration.ofDays(365), clock);
      assertEquals(800, retention.purge());
      assertEquals(0, retention.purge());
      assertEquals(0, count(store, Tenants.DEV));
      assertEquals(2, count(store, OTHER));
      assertEquals("boundary", store.get(OTHER, "boundary").orElseThrow().id());

      clock.advance(Duration.ofSeconds(1));
      assertEquals(1, retention.purge());
      assertEquals(List.of("new"), store.get(OTHER, "new").map(AuditEvent::id).stream().toList());
    }
  }

  private static long count(AuditEventStore store, String tenant) {
    return store.count(tenant, graphaudit.internal.store.sql.Sql.TRUE);
  }

  private static AuditEvent event(String id, Instant at) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", id);
    values.put("activityDateTime", at.toString());
    values.put("correlationId", "52effe71-fe71-52ef-71fe-ef5271feef52");
    values.put("category", "Device");
    return new AuditEvent(values);
  }
}
