package graphaudit.internal.query;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static graphaudit.QueryDataset.enc;
import static graphaudit.QueryDataset.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Http;
import graphaudit.JsonShape;
import graphaudit.QueryDataset.Ev;
import graphaudit.QueryDataset;
import graphaudit.TestServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code $orderby} (paths, several keys, directions, nulls smallest, ties by id), {@code $top},
 * {@code $skip}, {@code $count}, {@code $select}, {@code $search}, and all of them combined across
 * server-driven pages, on the hand-built dataset; expected orders and sets come from the Java model.
 */
class QueryOptionsTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static final String EVENTS = "/deviceManagement/auditEvents";

  @BeforeAll
  static void createEvents() {
    QueryDataset.create(server);
  }

  // ---- expected orders, computed in Java: nulls smallest, then id ascending unless id is a key

  /** One sort key of the model. */
  record Key(Function<Ev, Comparable<?>> value, boolean descending) {
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Ev> order(List<Key> keys) {
    Comparator<Ev> out = null;
    for (Key key : keys) {
      Comparator<Comparable> natural = Comparator.nullsFirst(Comparator.<Comparable>naturalOrder());
      Comparator<Ev> one = Comparator.comparing(e -> (Comparable) key.value().apply(e),
          key.descending() ? natural.reversed() : natural);
      out = out == null ? one : out.thenComparing(one);
    }
    Comparator<Ev> byId = Comparator.comparing(Ev::id);
    return out == null ? byId : out.thenComparing(byId);
  }

  private static List<String> sorted(Predicate<Ev> which, List<Key> keys) {
    return QueryDataset.EVENTS.stream().filter(which).sorted(order(keys)).map(Ev::id).toList();
  }

  private static Key asc(Function<Ev, Comparable<?>> value) {
    return new Key(value, false);
  }

  private static Key desc(Function<Ev, Comparable<?>> value) {
    return new Key(value, true);
  }

  static Stream<Arguments> orders() {
    return Stream.of(
        Arguments.of("displayName", List.of(asc(Ev::displayName))),
        Arguments.of("displayName asc", List.of(asc(Ev::displayName))),
        Arguments.of("displayName desc", List.of(desc(Ev::displayName))),
        Arguments.of("category,activityDateTime desc", List.of(asc(Ev::category), desc(Ev::instant))),
        Arguments.of("category desc,displayName", List.of(desc(Ev::category), asc(Ev::displayName))),
        Arguments.of("category desc,activity desc,componentName", List.of(desc(Ev::category), desc(Ev::activity),
            asc(Ev::componentName))),
        Arguments.of("activityDateTime", List.of(asc(Ev::instant))),
        Arguments.of("activityDateTime desc", List.of(desc(Ev::instant))),
        Arguments.of("actor/userPrincipalName", List.of(asc(Ev::upn))),
        Arguments.of("actor/userPrincipalName desc", List.of(desc(Ev::upn))),
        Arguments.of("actor/userPrincipalName desc,activityDateTime", List.of(desc(Ev::upn), asc(Ev::instant))),
        Arguments.of("activityType,id desc", List.of(asc(Ev::activityType), desc(Ev::id))),
        Arguments.of("id desc", List.of(desc(Ev::id))),
        Arguments.of("componentName desc", List.of(desc(Ev::componentName))),
        Arguments.of("correlationId", List.of(asc(e -> e.correlationId().toString()))));
  }

  private static Http.Response get(String root, String query, String... headers) {
    Http.Response response = server.http().get("/" + root + EVENTS + "?" + query, headers);
    assertEquals(200, response.status(), query + " → " + response.body());
    return response;
  }

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("value").forEach(v -> out.add(v.get("id").asText()));
    return out;
  }

  /** Follows every nextLink; checks each page is full but the last and returns the ids in order. */
  private static List<String> walk(String root, String query, int pageSize, Predicate<JsonNode> pageCheck) {
    List<String> out = new ArrayList<>();
    String path = "/" + root + EVENTS + "?" + query;
    int pages = 0;
    while (path != null) {
      Http.Response response = server.http().get(path, "Prefer", "odata.maxpagesize=" + pageSize);
      assertEquals(200, response.status(), path + " → " + response.body());
      assertEquals("odata.maxpagesize=" + pageSize, response.header("Preference-Applied"));
      JsonNode page = response.json();
      assertTrue(pageCheck.test(page), page.toString());
      out.addAll(ids(page));
      JsonNode next = page.get("@odata.nextLink");
      if (next != null) {
        assertEquals(pageSize, page.get("value").size(), "a page before the last is full");
        assertTrue(next.asText().startsWith(server.root(root) + EVENTS + "?"), next.asText());
        path = next.asText().substring(server.origin().length());
      } else {
        path = null;
      }
      assertTrue(++pages <= QueryDataset.EVENTS.size() + 1, "the walk ends");
    }
    return out;
  }

  @ParameterizedTest(name = "$orderby={0}")
  @MethodSource("orders")
  void orderByIsTotalWithNullsSmallestAndTiesById(String orderby, List<Key> keys) {
    List<String> expected = sorted(e -> true, keys);
    for (String root : new String[] {"v1.0", "beta"}) {
      assertEquals(expected, ids(get(root, "$orderby=" + enc(orderby) + "&$select=id").json()), orderby);
    }
  }

  @Test
  void defaultOrderIsNewestFirstThenId() {
    assertEquals(sorted(e -> true, List.of(desc(Ev::instant))), ids(get("beta", "$select=id").json()));
    assertEquals(sorted(e -> true, List.of(desc(Ev::instant))), walk("v1.0", "", 4, p -> true));
  }

  @Test
  void tiesOnTheInstantAreBrokenById() {
    // q02 (01:30-08:00) and q11 (09:30Z) are the same instant written with different offsets
    List<String> asc = ids(get("beta", "$filter=" + enc("activityDateTime eq 2024-01-09T09:30:00Z")
        + "&$orderby=activityDateTime").json());
    List<String> desc = ids(get("beta", "$filter=" + enc("activityDateTime eq 2024-01-09T09:30:00Z")
        + "&$orderby=activityDateTime%20desc").json());
    assertEquals(List.of("q02", "q11"), asc);
    assertEquals(List.of("q02", "q11"), desc);
  }

  static Stream<Arguments> pagedCombinations() {
    Predicate<Ev> all = e -> true;
    Predicate<Ev> notDevice = e -> !eq(e.category(), "Device");
    Predicate<Ev> anyResource = e -> !e.res().isEmpty();
    return Stream.of(
        Arguments.of("", "displayName desc", all, List.of(desc(Ev::displayName))),
        Arguments.of("", "displayName", all, List.of(asc(Ev::displayName))),
        Arguments.of("", "actor/userPrincipalName", all, List.of(asc(Ev::upn))),
        Arguments.of("", "actor/userPrincipalName desc,displayName desc", all,
            List.of(desc(Ev::upn), desc(Ev::displayName))),
        Arguments.of("category ne 'Device'", "category,activityDateTime desc", notDevice,
            List.of(asc(Ev::category), desc(Ev::instant))),
        Arguments.of("category ne 'Device'", "activityType desc,activity", notDevice,
            List.of(desc(Ev::activityType), asc(Ev::activity))),
        Arguments.of("resources/any()", "activityDateTime", anyResource, List.of(asc(Ev::instant))),
        Arguments.of("resources/any()", "id desc", anyResource, List.of(desc(Ev::id))));
  }

  @ParameterizedTest(name = "$filter={0} $orderby={1}")
  @MethodSource("pagedCombinations")
  void filterOrderBySelectAcrossNextLinks(String filter, String orderby, Predicate<Ev> which, List<Key> keys) {
    List<String> expected = sorted(which, keys);
    String query = (filter.isEmpty() ? "" : "$filter=" + enc(filter) + "&") + "$orderby=" + enc(orderby)
        + "&$select=id,displayName&$count=true";
    for (int pageSize : new int[] {1, 2, 3, 5}) {
      for (String root : new String[] {"v1.0", "beta"}) {
        String context = server.root(root) + "/$metadata#deviceManagement/auditEvents(id,displayName)";
        List<String> walked = walk(root, query, pageSize, page -> {
          assertEquals(context, page.get("@odata.context").asText());
          assertEquals(expected.size(), page.get("@odata.count").asInt());
          page.get("value").forEach(v -> assertEquals(List.of("@odata.type", "id", "displayName"),
              JsonShape.orderedPaths(v)));
          JsonNode next = page.get("@odata.nextLink");
          if (next != null) {
            assertTrue(next.asText().contains("$orderby=") && next.asText().contains("$select=id,displayName"),
                next.asText());
            assertTrue(filter.isEmpty() || next.asText().contains("$filter="), next.asText());
          }
          return true;
        });
        assertEquals(expected, walked, root + " pages of " + pageSize);
      }
    }
  }

  @Test
  void searchAcrossPagesInItsOwnOrder() {
    Predicate<Ev> policy = e -> searchable(e, "policy");
    List<String> expected = sorted(policy, List.of(asc(Ev::displayName)));
    assertEquals(expected, walk("beta", "$search=" + enc("\"policy\"") + "&$orderby=displayName&$select=id", 2,
        p -> true));
  }

  // ---- $top, $skip, $count

  @Test
  void topAndSkipSliceTheOrder() {
    List<String> byId = sorted(e -> true, List.of());
    assertEquals(byId.subList(0, 5), ids(get("beta", "$orderby=id&$top=5").json()));
    assertEquals(byId.subList(5, 8), ids(get("beta", "$orderby=id&$skip=5&$top=3").json()));
    assertEquals(byId.subList(18, byId.size()), ids(get("v1.0", "$orderby=id&$skip=18").json()));
    assertEquals(List.of(), ids(get("v1.0", "$orderby=id&$skip=100").json()));
    JsonNode none = get("v1.0", "$top=0&$count=true").json();
    assertEquals(List.of(), ids(none));
    assertEquals(QueryDataset.EVENTS.size(), none.get("@odata.count").asInt());
    assertNull(none.get("@odata.nextLink"));
    JsonNode topped = get("beta", "$orderby=id&$top=5").json();
    assertNull(topped.get("@odata.nextLink"), "$top reached: no nextLink");
  }

  @Test
  void topAndSkipWithFilterAcrossPages() {
    List<String> notDevice = sorted(e -> !eq(e.category(), "Device"), List.of(desc(Ev::instant)));
    String query = "$filter=" + enc("category ne 'Device'") + "&$skip=2&$top=7";
    assertEquals(notDevice.subList(2, 9), walk("beta", query, 3, p -> true));
    assertEquals(notDevice.subList(2, notDevice.size()), walk("v1.0", "$filter=" + enc("category ne 'Device'")
        + "&$skip=2", 4, p -> true));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"$top=-1", "$top=abc", "$skip=-1", "$skip=x", "$count=maybe", "$orderby=nope",
      "$orderby=resources", "$orderby=actor", "$orderby=actor/userPermissions", "$orderby=displayName%20up",
      "$orderby=length(displayName)", "$select=nope", "$select=actor/nope"})
  void badOptionsAreGraph400(String query) {
    assertGraphError(server.http().get("/beta" + EVENTS + "?" + query), 400, "BadRequest");
  }

  @Test
  void countIsExactUnderFiltersAndSearch() {
    Predicate<Ev> devices = e -> eq(e.category(), "Device");
    long deviceCount = QueryDataset.EVENTS.stream().filter(devices).count();
    JsonNode page = get("beta", "$filter=" + enc("category eq 'Device'") + "&$count=true&$top=2").json();
    assertEquals(deviceCount, page.get("@odata.count").asLong());
    assertEquals(2, page.get("value").size());
    assertFalse(get("beta", "$count=false").json().has("@odata.count"));
    assertFalse(get("beta", "").json().has("@odata.count"));

    assertEquals(String.valueOf(deviceCount),
        server.http().get("/v1.0" + EVENTS + "/$count?$filter=" + enc("category eq 'Device'")).body());
    assertEquals(String.valueOf(QueryDataset.EVENTS.stream().filter(e -> searchable(e, "policy")).count()),
        server.http().get("/beta" + EVENTS + "/$count?$search=" + enc("\"policy\"")).body());
    assertEquals(String.valueOf(QueryDataset.EVENTS.stream().filter(e -> devices.test(e) && searchable(e, "wipe"))
            .count()),
        server.http().get("/beta" + EVENTS + "/$count?$search=wipe&$filter=" + enc("category eq 'Device'")).body());
    assertEquals(String.valueOf(QueryDataset.EVENTS.size()), server.http().get("/beta" + EVENTS + "/$count").body());
  }

  // ---- $select

  @Test
  void selectNamesThePropertiesInTheContextUrlAndShapesEachEntity() {
    for (String root : new String[] {"v1.0", "beta"}) {
      JsonNode page = get(root, "$select=category,id&$orderby=id").json();
      assertEquals(server.root(root) + "/$metadata#deviceManagement/auditEvents(category,id)",
          page.get("@odata.context").asText());
      JsonNode first = page.get("value").get(0);
      assertEquals("#microsoft.graph.auditEvent", first.get("@odata.type").asText());
      assertEquals(3, first.size(), first.toString());
      assertEquals("q01", first.get("id").asText());
      assertEquals("Device", first.get("category").asText());
    }
  }

  @Test
  void selectOfComplexValuesKeepsTheirTypesAndTheRootsSchema() {
    JsonNode beta = get("beta", "$select=actor,resources&$filter=" + enc("id eq 'q01'")).json().get("value").get(0);
    assertEquals(List.of("@odata.type", "actor", "resources"), fieldNames(beta));
    assertEquals("microsoft.graph.auditActor", beta.get("actor").get("@odata.type").asText());
    assertEquals("0", beta.get("actor").get("userRoleScopeTags").get(0).get("roleScopeTagId").asText());
    assertEquals("microsoft.graph.auditResource", beta.get("resources").get(0).get("@odata.type").asText());
    assertEquals("Limit", beta.get("resources").get(0).get("modifiedProperties").get(0).get("displayName").asText());

    JsonNode v1 = get("v1.0", "$select=actor&$filter=" + enc("id eq 'q01'")).json().get("value").get(0);
    assertEquals("alice@contoso.com", v1.get("actor").get("userPrincipalName").asText());
    assertFalse(v1.get("actor").has("userRoleScopeTags"), v1.toString());

    JsonNode bare = get("beta", "$select=displayName&$filter=" + enc("id eq 'q04'"),
        "Accept", "application/json;odata.metadata=none").json();
    assertFalse(bare.has("@odata.context"));
    assertEquals(List.of("displayName"), fieldNames(bare.get("value").get(0)));
    assertEquals("Wow!", bare.get("value").get(0).get("displayName").asText());
  }

  @Test
  void selectStarIsEverything() {
    JsonNode page = get("beta", "$select=*&$filter=" + enc("id eq 'q06'")).json();
    assertEquals(server.root("beta") + "/$metadata#deviceManagement/auditEvents", page.get("@odata.context").asText());
    JsonNode event = page.get("value").get(0);
    assertTrue(event.has("resources") && event.has("actor") && event.has("activityDateTime"), event.toString());
    assertTrue(event.get("displayName").isNull());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  // ---- $search

  /** Case-insensitive containment in any of the searched fields, as the contract defines $search. */
  private static boolean searchable(Ev e, String term) {
    String t = term.toLowerCase(Locale.ROOT);
    return Stream.of(e.displayName(), e.activity(), e.activityType(), e.category(), e.componentName(), e.upn())
        .anyMatch(s -> s != null && s.toLowerCase(Locale.ROOT).contains(t));
  }

  static Stream<Arguments> searches() {
    return Stream.<Arguments>of(
        Arguments.of("\"policy\"", (Predicate<Ev>) e -> searchable(e, "policy")),
        Arguments.of("policy", (Predicate<Ev>) e -> searchable(e, "policy")),
        Arguments.of("\"POLICY\"", (Predicate<Ev>) e -> searchable(e, "policy")),
        Arguments.of("\"patch policy\"", (Predicate<Ev>) e -> searchable(e, "patch policy")),
        Arguments.of("patch policy", (Predicate<Ev>) e -> searchable(e, "patch") && searchable(e, "policy")),
        Arguments.of("patch AND policy", (Predicate<Ev>) e -> searchable(e, "patch") && searchable(e, "policy")),
        Arguments.of("wipe OR sync", (Predicate<Ev>) e -> searchable(e, "wipe") || searchable(e, "sync")),
        Arguments.of("device AND NOT wipe", (Predicate<Ev>) e -> searchable(e, "device") && !searchable(e, "wipe")),
        Arguments.of("NOT device", (Predicate<Ev>) e -> !searchable(e, "device")),
        Arguments.of("\"alice@contoso\"", (Predicate<Ev>) e -> searchable(e, "alice@contoso")),
        Arguments.of("\"mobileapps\"", (Predicate<Ev>) e -> searchable(e, "mobileapps")),
        Arguments.of("\"deviceconfiguration\"", (Predicate<Ev>) e -> searchable(e, "deviceconfiguration")),
        Arguments.of("\"retire\"", (Predicate<Ev>) e -> searchable(e, "retire")),
        Arguments.of("\"100%\"", (Predicate<Ev>) e -> searchable(e, "100%")),
        Arguments.of("\"snake_case\"", (Predicate<Ev>) e -> searchable(e, "snake_case")),
        Arguments.of("\"!%\"", (Predicate<Ev>) e -> searchable(e, "!%")),
        Arguments.of("\"O'Brien\"", (Predicate<Ev>) e -> searchable(e, "o'brien")),
        Arguments.of("\"nothing matches this\"", (Predicate<Ev>) e -> false),
        Arguments.of("(wipe OR retire) AND device", (Predicate<Ev>) e -> (searchable(e, "wipe")
            || searchable(e, "retire")) && searchable(e, "device")));
  }

  @ParameterizedTest(name = "$search={0}")
  @MethodSource("searches")
  void searchMatchesTheContractsFields(String search, Predicate<Ev> expected) {
    List<String> ids = sorted(expected, List.of());
    for (String root : new String[] {"v1.0", "beta"}) {
      assertEquals(ids, ids(get(root, "$search=" + enc(search) + "&$orderby=id&$select=id").json()), search);
      assertEquals(ids, ids(get(root, "search=" + enc(search) + "&$orderby=id&$select=id").json()), search);
    }
  }

  @Test
  void searchIsNotAsubstringOfOtherFields() {
    // 'r-1' is a resourceId and 'ItPro' the actor's type: neither is searched
    assertEquals(List.of(), ids(get("beta", "$search=" + enc("\"r-1\"")).json()));
    assertEquals(List.of(), ids(get("beta", "$search=" + enc("\"ItPro\"")).json()));
    assertEquals(new HashSet<>(sorted(e -> searchable(e, "bob"), List.of())),
        new HashSet<>(ids(get("beta", "$search=bob").json())));
  }

  @ParameterizedTest(name = "$search={0}")
  @ValueSource(strings = {"AND", "OR", "NOT", "\"unterminated", "(", "()", "policy AND", "OR policy",
      "(policy", "policy)", "\"\""})
  void invalidSearchIsAGraph400(String search) {
    for (String root : new String[] {"v1.0", "beta"}) {
      assertGraphError(server.http().get("/" + root + EVENTS + "?$search=" + enc(search)), 400, "BadRequest");
      assertGraphError(server.http().get("/" + root + EVENTS + "/$count?$search=" + enc(search)), 400, "BadRequest");
    }
  }
}
