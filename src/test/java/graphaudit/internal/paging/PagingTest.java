package graphaudit.internal.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Events;
import graphaudit.Http;
import graphaudit.JsonShape;
import graphaudit.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Server-driven pages of 100 with absolute nextLinks, $top across pages, $count, maxpagesize, /$count. */
class PagingTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static final int EVENTS = 250;
  private static final Set<String> created = new HashSet<>();

  @BeforeAll
  static void createEvents() {
    for (int i = 0; i < EVENTS; i++) {
      created.add(server.http().post("/beta/deviceManagement/auditEvents", Events.minimal("Paging"))
          .json().get("id").asText());
    }
  }

  /** Follows nextLinks from {@code first}; returns every id seen, in order, and checks each page. */
  private static List<String> walk(String first, int expectedPageSize, String... headers) {
    List<String> ids = new ArrayList<>();
    String url = first;
    while (url != null) {
      assertTrue(url.startsWith(server.origin()), "nextLink is absolute: " + url);
      Http.Response page = server.http().get(url.substring(server.origin().length()), headers);
      assertEquals(200, page.status(), page.body());
      JsonNode body = page.json();
      body.get("value").forEach(e -> ids.add(e.get("id").asText()));
      JsonNode next = body.get("@odata.nextLink");
      if (next != null) {
        assertEquals(expectedPageSize, body.get("value").size());
      }
      url = next == null ? null : next.asText();
    }
    return ids;
  }

  @Test
  void walkingNextLinksReturnsEveryEventOnce() {
    List<String> ids = walk(server.root("beta") + "/deviceManagement/auditEvents", 100);

    assertEquals(EVENTS, ids.size());
    assertEquals(created, new HashSet<>(ids));
  }

  @Test
  void v1WalkSeesTheSameEvents() {
    List<String> ids = walk(server.root("v1.0") + "/deviceManagement/auditEvents", 100);
    assertEquals(created, new HashSet<>(ids));
  }

  @Test
  void topLargerThanAPageStopsExactlyAtTop() {
    List<String> ids = walk(server.root("beta") + "/deviceManagement/auditEvents?$top=150", 100);
    assertEquals(150, ids.size());
    assertEquals(150, new HashSet<>(ids).size());
  }

  @Test
  void topSmallerThanAPageHasNoNextLink() {
    JsonNode page = server.http().get("/beta/deviceManagement/auditEvents?$top=7").json();
    assertEquals(7, page.get("value").size());
    assertNull(page.get("@odata.nextLink"));
  }

  @Test
  void maxPageSizePreferenceIsAppliedAndEchoed() {
    Http.Response first = server.http().get("/beta/deviceManagement/auditEvents", "Prefer", "odata.maxpagesize=40");
    assertEquals("odata.maxpagesize=40", first.header("Preference-Applied"));
    assertEquals(40, first.json().get("value").size());

    List<String> ids = walk(server.root("beta") + "/deviceManagement/auditEvents", 40, "Prefer", "odata.maxpagesize=40");
    assertEquals(EVENTS, ids.size());
  }

  @Test
  void countTrueIsExactOnEveryPage() {
    JsonNode page = server.http().get("/beta/deviceManagement/auditEvents?$count=true").json();
    assertEquals(EVENTS, page.get("@odata.count").asLong());
    String next = page.get("@odata.nextLink").asText();
    assertTrue(next.contains("$count=true"), "nextLink keeps the options: " + next);
    JsonNode second = server.http().get(next.substring(server.origin().length())).json();
    assertEquals(EVENTS, second.get("@odata.count").asLong());
  }

  @Test
  void countSegmentIsPlainText() {
    Http.Response count = server.http().get("/beta/deviceManagement/auditEvents/$count");
    assertEquals(200, count.status());
    assertEquals(String.valueOf(EVENTS), count.body());
    assertTrue(count.header("Content-Type").startsWith("text/plain"));
  }

  @Test
  void selectShapesEveryPageAndTheContextUrl() {
    JsonNode page = server.http().get("/beta/deviceManagement/auditEvents?$select=id,category").json();
    assertEquals(server.root("beta") + "/$metadata#deviceManagement/auditEvents(id,category)",
        page.get("@odata.context").asText());
    JsonNode first = page.get("value").get(0);
    assertEquals(List.of("@odata.type", "id", "category"), JsonShape.orderedPaths(first));
    assertTrue(page.get("@odata.nextLink").asText().contains("$select=id,category"));
  }

  @Test
  void forgedSkipTokenIs400() {
    for (String token : new String[] {"garbage", "bm9wZQ", "%00%01", ""}) {
      Http.Response response = server.http().get("/beta/deviceManagement/auditEvents?$skiptoken=" + token);
      assertEquals(400, response.status(), token + " → " + response.body());
      assertEquals("BadRequest", response.json().get("error").get("code").asText());
    }
  }

  @Test
  void valueIsAnArrayOfEntitiesWithoutContext() {
    JsonNode page = server.http().get("/beta/deviceManagement/auditEvents?$top=1").json();
    JsonNode event = page.get("value").get(0);
    assertFalse(event.has("@odata.context"));
    assertEquals("#microsoft.graph.auditEvent", event.get("@odata.type").asText());
  }
}
