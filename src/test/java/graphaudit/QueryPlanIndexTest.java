package graphaudit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.internal.audit.Tenants;
import graphaudit.internal.generate.EventGenerator;
import graphaudit.internal.compose.Stores;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.sql.EventColumns;
import graphaudit.internal.paging.PageRequest;
import graphaudit.internal.paging.SortKey;
import graphaudit.internal.store.sql.Sql;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The indexes the common read shapes rely on, checked in H2's own plan (EXPLAIN) for the SQL the
 * store runs: time range, category + time, actor + time, resourceId, and a keyset continuation.
 */
class QueryPlanIndexTest {

  @TempDir
  static Path dir;
  private static Stores.Opened opened;
  private static AuditEventStore store;

  @BeforeAll
  static void load() {
    opened = Stores.open(new GraphAuditConfig().store().dataDir(dir));
    store = opened.store();
    EventGenerator generator = new EventGenerator(7, Instant.parse("2016-01-01T00:00:00Z"),
        Instant.parse("2017-01-01T00:00:00Z"), 2000);
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      events.add(generator.next());
    }
    store.createAll(Tenants.DEV, events);
    opened.database().analyze();
  }

  @AfterAll
  static void close() {
    opened.close();
  }

  private static SortKey key(String path, boolean descending) {
    return new SortKey(EventColumns.scalar(path).orElseThrow(), descending);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "time range, newest first     | time      | AUDIT_EVENT_TIME",
      "category + time              | category  | AUDIT_EVENT_CATEGORY_TIME",
      "actor + time                 | actor     | AUDIT_EVENT_ACTOR_TIME",
      "resourceId via any()         | resource  | AUDIT_RESOURCES_RESOURCE_ID",
      "keyset continuation          | keyset    | AUDIT_EVENT_TIME",
      "no filter, default order     | all       | AUDIT_EVENT_TIME"})
  void commonShapesUseTheirIndex(String name, String shape, String index) {
    OffsetDateTime since = OffsetDateTime.parse("2016-10-01T00:00:00Z");
    List<SortKey> newestFirst = List.of(key("activityDateTime", true), SortKey.ID);
    Sql where = switch (shape) {
      case "time", "keyset" -> Sql.of("(e.activity_date_time >= ?)", since);
      case "all" -> Sql.TRUE;
      case "category" -> Sql.of("(e.activity_date_time >= ?)", since).join(" AND ", Sql.of("(e.category = ?)", "Device"));
      case "actor" -> Sql.of("(e.actor_user_principal_name = ?)", "admin7@contoso.onmicrosoft.com");
      default -> Sql.of("e.seq IN (SELECT l1.event_seq FROM audit_resources l1 WHERE (l1.resource_id = ?))", "x");
    };
    List<Object> after = shape.equals("keyset") ? List.of(OffsetDateTime.parse("2016-11-01T00:00:00Z"), "m") : null;

    List<EventColumns.Column> fixed = shape.equals("category") ? List.of(EventColumns.scalar("category").orElseThrow())
        : shape.equals("actor") ? List.of(EventColumns.scalar("actor/userPrincipalName").orElseThrow()) : List.of();

    String plan = store.explainPage(new PageRequest(Tenants.DEV, where, newestFirst, fixed, after, 0, 50));

    assertTrue(plan.toUpperCase().contains(index), plan);
    if (!shape.equals("resource")) {
      assertTrue(plan.contains("index sorted"), "the index supplies the order, no sort: " + plan);
    }
  }
}
