package graphaudit.internal.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.AuditEvent;
import graphaudit.GraphAuditConfig;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.compat.GraphQuery;
import graphaudit.internal.compose.Stores;
import graphaudit.internal.generate.EventGenerator;
import graphaudit.internal.odata.ServiceRoot;
import graphaudit.internal.paging.PageRequest;
import graphaudit.internal.paging.SortKey;
import graphaudit.internal.paging.SortValues;
import graphaudit.internal.query.QueryPlan;
import graphaudit.internal.request.QueryString;
import graphaudit.internal.store.sql.Sql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The indexes the common read shapes rely on, checked in H2's own plan (EXPLAIN) of the SQL the store
 * runs for a page: the query options go through Graph's forms, Olingo's parser and the query plan as a
 * request's do, and the store builds the page's SELECT as {@link AuditEventStore#page} does.
 */
class QueryPlanIndexTest {

  private static final int PAGE = 50;

  @TempDir
  static Path dir;
  private static Stores.Opened opened;
  private static AuditEventStore store;
  private static ServiceRoot root;

  @BeforeAll
  static void load() {
    opened = Stores.open(new GraphAuditConfig().store().dataDir(dir));
    store = opened.store();
    root = new ServiceRoot(new ServiceRoot.Model(ApiVersion.BETA), store, new byte[32]);
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

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "time range, newest first | $filter=activityDateTime ge 2016-10-01T00:00:00Z                        | AUDIT_EVENT_TIME",
      "time range, ordered      | $filter=activityDateTime ge 2016-10-01T00:00:00Z&$orderby=activityDateTime desc | AUDIT_EVENT_TIME",
      "category + time          | $filter=activityDateTime ge 2016-10-01T00:00:00Z and category eq 'Device' | AUDIT_EVENT_CATEGORY_TIME",
      "actor + time             | $filter=actor/userPrincipalName eq 'admin7@contoso.onmicrosoft.com'      | AUDIT_EVENT_ACTOR_TIME",
      "resourceId via any()     | $filter=resources/any(r:r/resourceId eq 'x')                             | AUDIT_RESOURCES_RESOURCE_ID",
      "no filter, default order | $top=50                                                                  | AUDIT_EVENT_TIME"})
  void commonShapesUseTheirIndex(String name, String query, String index) throws SQLException {
    assertUses(index, firstPage(query), !name.startsWith("resourceId"));
  }

  @Test
  void aKeysetContinuationUsesTheTimeIndex() throws SQLException {
    PageRequest first = firstPage("$filter=activityDateTime ge 2016-10-01T00:00:00Z");
    List<AuditEvent> page = store.page(first);
    AuditEvent last = page.get(page.size() - 1);
    List<Object> after = new ArrayList<>();
    for (SortKey key : first.order()) {
      after.add(SortValues.of(key.column(), last));
    }
    assertUses("AUDIT_EVENT_TIME", new PageRequest(first.tenantId(), first.where(), first.order(), first.fixed(), after, 0, PAGE),
        true);
  }

  /** The first page of the collection {@code query} asks for, as the collection's processor plans it. */
  private static PageRequest firstPage(String query) {
    QueryPlan plan = root.collectionPlan(GraphQuery.normalize(QueryString.parse(query.replace(" ", "%20"))));
    return new PageRequest(Tenants.DEV, plan.where(), plan.order(), plan.fixed(), null, 0, PAGE);
  }

  private static void assertUses(String index, PageRequest request, boolean sortedByIt) throws SQLException {
    String plan = explain(store.pageSql(request).orElseThrow());
    assertTrue(plan.toUpperCase().contains(index), plan);
    if (sortedByIt) {
      assertTrue(plan.contains("index sorted"), "the index supplies the order, no sort: " + plan);
    }
  }

  private static String explain(Sql select) throws SQLException {
    try (Connection connection = opened.database().connection();
         PreparedStatement statement = select.wrap("EXPLAIN ", "").prepare(connection);
         ResultSet rs = statement.executeQuery()) {
      List<String> lines = new ArrayList<>();
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
      return String.join("\n", lines);
    }
  }
}
