package graphaudit.internal.paging;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static graphaudit.QueryDataset.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.AuditEvent;
import graphaudit.Http;
import graphaudit.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keyset paging over 10,000 generated events: every nextLink walk returns each event once in the
 * order sorted independently in Java, writes during a walk neither repeat nor hide a row, $top and
 * $skip combine with pages, and skip tokens are bound to their query and tamper-proof (a 400, never a
 * 500).
 */
class KeysetPagingTest {

  private static final int EVENTS = 10_000;
  private static final int PAGE = 999;
  private static final String COLLECTION = "/deviceManagement/auditEvents";

  @RegisterExtension
  static final TestServer server = TestServer.withGeneratedEvents(EVENTS, 20240109L);

  /** The sort-relevant values of one generated event. */
  record Row(String id, String category, Instant at, String upn, boolean star, boolean limit) {
  }

  private static List<Row> rows;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void model() {
    rows = new ArrayList<>();
    for (AuditEvent e : server.generatedEvents()) {
      Map<String, Object> actor = (Map<String, Object>) e.get("actor");
      List<Map<String, Object>> resources = (List<Map<String, Object>>) e.get("resources");
      boolean limit = resources.stream().anyMatch(r -> ((List<Map<String, Object>>) r.get("modifiedProperties"))
          .stream().anyMatch(p -> "Version".equals(p.get("displayName"))));
      rows.add(new Row(e.id(), (String) e.get("category"), e.activityDateTime().toInstant(),
          (String) actor.get("userPrincipalName"), ((List<String>) actor.get("userPermissions")).contains("*"), limit));
    }
    assertEquals(EVENTS, rows.size());
    assertEquals(EVENTS, rows.stream().map(Row::id).distinct().count());
  }

  private static final Comparator<Row> NEWEST_FIRST = Comparator.comparing(Row::at).reversed()
      .thenComparing(Row::id);

  private static List<String> sorted(Predicate<Row> which, Comparator<Row> order) {
    return rows.stream().filter(which).sorted(order).map(Row::id).toList();
  }

  /** A walk: ids in order, and how many pages it took. */
  record Walk(List<String> ids, int pages) {
  }

  private static String relative(String nextLink) {
    assertTrue(nextLink.startsWith(server.origin()), nextLink);
    return nextLink.substring(server.origin().length());
  }

  private static Http.Response page(String path) {
    Http.Response response = server.http().get(path, "Prefer", "odata.maxpagesize=" + PAGE);
    assertEquals(200, response.status(), path + " → " + response.body());
    return response;
  }

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>(PAGE);
    page.get("value").forEach(v -> out.add(v.get("id").asText()));
    return out;
  }

  private static Walk walk(String path) {
    List<String> out = new ArrayList<>();
    int pages = 0;
    while (path != null) {
      JsonNode body = page(path).json();
      out.addAll(ids(body));
      pages++;
      JsonNode next = body.get("@odata.nextLink");
      if (next != null) {
        assertEquals(PAGE, body.get("value").size(), "only the last page is short");
      }
      path = next == null ? null : relative(next.asText());
      assertTrue(pages <= EVENTS / PAGE + 3, "the walk ends");
    }
    return new Walk(out, pages);
  }

  static Stream<Arguments> walks() {
    Comparator<Row> byCategoryNewest = Comparator.comparing(Row::category)
        .thenComparing(Comparator.comparing(Row::at).reversed()).thenComparing(Row::id);
    Comparator<Row> byUpnDesc = Comparator.comparing(Row::upn).reversed().thenComparing(Row::id);
    Comparator<Row> oldestFirst = Comparator.comparing(Row::at).thenComparing(Row::id);
    return Stream.of(
        Arguments.of("$select=id", (Predicate<Row>) r -> true, NEWEST_FIRST),
        Arguments.of("$orderby=" + enc("category,activityDateTime desc") + "&$select=id,category",
            (Predicate<Row>) r -> true, byCategoryNewest),
        Arguments.of("$orderby=" + enc("actor/userPrincipalName desc") + "&$select=id",
            (Predicate<Row>) r -> true, byUpnDesc),
        Arguments.of("$filter=" + enc("category eq 'Device'") + "&$orderby=activityDateTime&$select=id",
            (Predicate<Row>) r -> r.category().equals("Device"), oldestFirst),
        Arguments.of("$filter=" + enc("actor/userPermissions/any(p: p eq '*')") + "&$orderby="
                + enc("actor/userPrincipalName desc") + "&$select=id",
            (Predicate<Row>) Row::star, byUpnDesc));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("walks")
  void nextLinkWalkReturnsEveryEventOnceInOrder(String query, Predicate<Row> which, Comparator<Row> order) {
    List<String> expected = sorted(which, order);
    Walk walk = walk("/beta" + COLLECTION + "?" + query);
    assertEquals(expected.size(), new HashSet<>(walk.ids()).size(), "no duplicates");
    assertEquals(expected, walk.ids());
    assertEquals((expected.size() + PAGE - 1) / PAGE, walk.pages());
  }

  @Test
  void fullEntitiesWalkOnV1() {
    Walk walk = walk("/v1.0" + COLLECTION);
    assertEquals(sorted(r -> true, NEWEST_FIRST), walk.ids());
  }

  @Test
  void writesDuringAWalkNeitherRepeatNorHideRows() {
    JsonNode first = page("/beta" + COLLECTION + "?$select=id").json();
    List<String> seen = new ArrayList<>(ids(first));
    Row last = rows.stream().filter(r -> r.id().equals(seen.get(seen.size() - 1))).findFirst().orElseThrow();

    String newer = "00000000-0000-4000-8000-00000000000a"; // newest of all: before the cursor
    String older = "00000000-0000-4000-8000-00000000000b"; // oldest of all: after the cursor
    String sameInstantBefore = "00000000-0000-4000-8000-00000000000c"; // ties the cursor, smaller id
    String sameInstantAfter = "ffffffff-ffff-4fff-bfff-fffffffffff0"; // ties the cursor, larger id
    assertTrue(sameInstantBefore.compareTo(last.id()) < 0 && sameInstantAfter.compareTo(last.id()) > 0);
    List<Row> inserted = List.of(
        new Row(newer, "Paging", Instant.parse("2017-06-01T00:00:00Z"), null, false, false),
        new Row(older, "Paging", Instant.parse("2015-06-01T00:00:00Z"), null, false, false),
        new Row(sameInstantBefore, "Paging", last.at(), null, false, false),
        new Row(sameInstantAfter, "Paging", last.at(), null, false, false));
    try {
      for (Row r : inserted) {
        // the tied ones are written with another offset: the instant is what orders them
        String at = r.at().atOffset(java.time.ZoneOffset.ofHours(-8)).toString();
        String body = "{\"id\":\"" + r.id() + "\",\"activityDateTime\":\"" + at + "\",\"correlationId\":\""
            + UUID.randomUUID() + "\",\"category\":\"Paging\"}";
        assertEquals(201, server.http().post("/beta" + COLLECTION, body).status());
      }
      String next = relative(first.get("@odata.nextLink").asText());
      List<String> rest = walk(next).ids();

      List<Row> all = new ArrayList<>(rows);
      all.addAll(inserted);
      List<String> expectedRest = all.stream().filter(r -> NEWEST_FIRST.compare(r, last) > 0).sorted(NEWEST_FIRST)
          .map(Row::id).toList();
      assertEquals(expectedRest, rest);
      List<String> whole = new ArrayList<>(seen);
      whole.addAll(rest);
      assertEquals(whole.size(), new HashSet<>(whole).size(), "no duplicates");
      assertTrue(rest.contains(older) && rest.contains(sameInstantAfter));
      assertFalse(whole.contains(newer) || whole.contains(sameInstantBefore));
      assertTrue(new HashSet<>(whole).containsAll(rows.stream().map(Row::id).toList()), "nothing hidden");
    } finally {
      for (Row r : inserted) {
        server.http().delete("/beta" + COLLECTION + "/" + r.id());
      }
    }
    assertEquals(String.valueOf(EVENTS), server.http().get("/beta" + COLLECTION + "/$count").body());
  }

  @Test
  void deletingASeenRowDuringAWalkHidesNothingElse() throws Exception {
    JsonNode first = page("/beta" + COLLECTION + "?$orderby=" + enc("category,activityDateTime desc")
        + "&$select=id").json();
    List<String> seen = ids(first);
    String cursor = seen.get(seen.size() - 1);
    AuditEvent original = server.generatedEvents().stream().filter(e -> e.id().equals(cursor)).findFirst()
        .orElseThrow();
    assertEquals(204, server.http().delete("/beta" + COLLECTION + "/" + cursor).status());
    try {
      List<String> rest = walk(relative(first.get("@odata.nextLink").asText())).ids();
      Comparator<Row> order = Comparator.comparing(Row::category)
          .thenComparing(Comparator.comparing(Row::at).reversed()).thenComparing(Row::id);
      assertEquals(sorted(r -> true, order).subList(PAGE, EVENTS), rest);
    } finally {
      String body = Http.JSON.writeValueAsString(original.properties());
      assertEquals(201, server.http().post("/beta" + COLLECTION, body).status());
    }
  }

  @Test
  void topLargerThanAPageStopsExactlyAtTop() {
    List<String> newest = sorted(r -> true, NEWEST_FIRST);
    Walk walk = walk("/beta" + COLLECTION + "?$top=2500&$select=id");
    assertEquals(newest.subList(0, 2500), walk.ids());
    assertEquals(3, walk.pages());
    Walk exact = walk("/beta" + COLLECTION + "?$top=" + 2 * PAGE + "&$select=id");
    assertEquals(newest.subList(0, 2 * PAGE), exact.ids());
    assertEquals(2, exact.pages(), "no nextLink once $top is reached on a page boundary");
  }

  @Test
  void skipThenNextLinks() {
    List<String> newest = sorted(r -> true, NEWEST_FIRST);
    assertEquals(newest.subList(250, EVENTS), walk("/beta" + COLLECTION + "?$skip=250&$select=id").ids());
    assertEquals(newest.subList(9990, EVENTS), walk("/beta" + COLLECTION + "?$skip=9990&$select=id").ids());
    assertEquals(newest.subList(1500, 3700), walk("/v1.0" + COLLECTION + "?$skip=1500&$top=2200&$select=id").ids());
  }

  @Test
  void countIsExactUnderFilters() {
    String[][] filters = {
        {"category eq 'Device'"},
        {"actor/userPermissions/any(p: p eq '*') and activityDateTime ge 2016-07-01"},
        {"resources/any(r: r/modifiedProperties/any(p: p/displayName eq 'Version'))"}};
    List<Predicate<Row>> expected = List.of(
        r -> r.category().equals("Device"),
        r -> r.star() && !r.at().isBefore(Instant.parse("2016-07-01T00:00:00Z")),
        Row::limit);
    for (int i = 0; i < filters.length; i++) {
      long count = rows.stream().filter(expected.get(i)).count();
      assertTrue(count > 0 && count < EVENTS, filters[i][0]);
      String filter = enc(filters[i][0]);
      JsonNode body = page("/beta" + COLLECTION + "?$filter=" + filter + "&$count=true&$top=3&$select=id").json();
      assertEquals(count, body.get("@odata.count").asLong(), filters[i][0]);
      assertEquals(String.valueOf(count),
          server.http().get("/v1.0" + COLLECTION + "/$count?$filter=" + filter).body(), filters[i][0]);
    }
    JsonNode second = page(relative(page("/beta" + COLLECTION + "?$count=true&$select=id").json()
        .get("@odata.nextLink").asText())).json();
    assertEquals(EVENTS, second.get("@odata.count").asLong());
  }

  // ---- skip tokens are opaque, signed and bound to their query

  private static String firstNextLink(String query) {
    return page("/beta" + COLLECTION + "?" + query).json().get("@odata.nextLink").asText();
  }

  private static String token(String nextLink) {
    return nextLink.substring(nextLink.indexOf("$skiptoken=") + "$skiptoken=".length());
  }

  private static String flip(String text, int at) {
    char c = text.charAt(at);
    return text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
  }

  private static void assertRejected(String query) {
    Http.Response response = server.http().get("/beta" + COLLECTION + "?" + query,
        "Prefer", "odata.maxpagesize=" + PAGE);
    assertNotEquals(500, response.status(), response.body());
    assertGraphError(response, 400, "BadRequest");
  }

  @Test
  void alteredOrForgedTokensAre400() {
    String token = token(firstNextLink("$select=id"));
    int dot = token.indexOf('.');
    assertTrue(dot > 4 && dot < token.length() - 5, token);
    String other = token(firstNextLink("$select=id&$skip=5"));
    Set<String> forged = new java.util.LinkedHashSet<>(List.of(
        flip(token, 2),
        flip(token, dot / 2),
        flip(token, dot + 3),
        flip(token, token.length() - 5),
        token.substring(0, dot),
        token.substring(0, dot + 1),
        token.substring(dot),
        token.substring(0, token.length() - 4),
        token + "AAAA",
        token.substring(0, dot) + other.substring(other.indexOf('.')),
        "W10." + token.substring(dot + 1),
        token.replace('.', '!'),
        enc(token + "+/="),
        "x.y.z"));
    forged.remove(other);
    for (String bad : forged) {
      assertRejected("$select=id&$skiptoken=" + bad);
    }
    // the genuine token still works
    assertEquals(200, page("/beta" + COLLECTION + "?$select=id&$skiptoken=" + token).status());
  }

  @Test
  void tokenOfAnotherQueryIs400() {
    String plain = token(firstNextLink("$select=id"));
    String filtered = token(firstNextLink("$filter=" + enc("category ne 'Device'") + "&$select=id"));
    String ordered = token(firstNextLink("$orderby=category&$select=id"));
    String searched = token(firstNextLink("$search=patch&$select=id"));

    assertRejected("$filter=" + enc("category ne 'Device'") + "&$select=id&$skiptoken=" + plain);
    assertRejected("$filter=" + enc("category ne 'Role'") + "&$select=id&$skiptoken=" + filtered);
    assertRejected("$select=id&$skiptoken=" + filtered);
    assertRejected("$orderby=" + enc("category desc") + "&$select=id&$skiptoken=" + ordered);
    assertRejected("$orderby=displayName&$select=id&$skiptoken=" + ordered);
    assertRejected("$select=id&$skiptoken=" + ordered);
    assertRejected("$orderby=category&$select=id&$skiptoken=" + plain);
    assertRejected("$search=wipe&$select=id&$skiptoken=" + searched);
    assertRejected("$select=id&$skiptoken=" + searched);

    // and each still continues its own query
    assertEquals(200, page("/beta" + COLLECTION + "?$orderby=category&$select=id&$skiptoken=" + ordered).status());
    assertEquals(200, page("/beta" + COLLECTION + "?$filter=" + enc("category ne 'Device'") + "&$select=id&$skiptoken="
        + filtered).status());
  }

  @Test
  void lastPageHasNoNextLink() {
    JsonNode last = page("/beta" + COLLECTION + "?$skip=" + (EVENTS - 10) + "&$select=id").json();
    assertEquals(10, last.get("value").size());
    assertNull(last.get("@odata.nextLink"));
  }
}
