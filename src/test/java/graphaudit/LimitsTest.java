package graphaudit;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile sizes get Graph-shaped 4xx answers and store nothing: an over-long URL (414), over-large
 * headers (431), and in a body: deep nesting, long strings and names, huge collections (400).
 */
class LimitsTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String TAIL =
      "\"activityDateTime\":\"2024-01-09T00:00:00Z\",\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"";

  @RegisterExtension
  final NothingStored nothingStored = new NothingStored(server);

  @Test
  void overLongUrlIs414() {
    assertGraphError(server.http().get(EVENTS + "?$filter=" + "x".repeat(20_000)), 414, "RequestUriTooLong");
    assertGraphError(server.http().get(EVENTS + "/" + "a".repeat(20_000)), 414, "RequestUriTooLong");
  }

  @Test
  void overLargeHeadersAre431() {
    assertGraphError(server.http().get(EVENTS, "X-Padding", "p".repeat(20_000)), 431, "RequestHeaderFieldsTooLarge");
    String[] many = new String[2 * 400];
    for (int i = 0; i < 400; i++) {
      many[2 * i] = "X-Header-" + i;
      many[2 * i + 1] = "v".repeat(50);
    }
    assertGraphError(server.http().get(EVENTS, many), 431, "RequestHeaderFieldsTooLarge");
  }

  @Test
  void urlAndHeadersOfReasonableSizeAreServed() {
    assertEquals(200, server.http().get(EVENTS + "?$top=5&x=" + "y".repeat(8_000), "X-Padding", "p".repeat(4_000))
        .status());
  }

  @Test
  void deepNestingIs400() {
    String deep = "[".repeat(200) + "]".repeat(200);
    String message = assertGraphError(server.http().post(EVENTS, "{\"x@odata.ignored\":" + deep + "," + TAIL + "}"),
        400, "BadRequest");
    assertTrue(message.toLowerCase().contains("nesting depth"), message);
    String deepObjects = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
    assertGraphError(server.http().post(EVENTS, "{\"y@odata.ignored\":" + deepObjects + "," + TAIL + "}"), 400,
        "BadRequest");
  }

  @Test
  void longStringsAndNamesAre400() {
    String message = assertGraphError(server.http().post(EVENTS,
        "{\"displayName\":\"" + "d".repeat(70_000) + "\"," + TAIL + "}"), 400, "BadRequest");
    assertTrue(message.contains("length"), message);
    assertGraphError(server.http().post(EVENTS, "{\"" + "n".repeat(5_000) + "@odata.x\":1," + TAIL + "}"), 400,
        "BadRequest");
    assertEquals(201, server.http().post(EVENTS, "{\"displayName\":\"" + "d".repeat(60_000) + "\"," + TAIL + "}")
        .status(), "a long but allowed string");
    nothingStored.rebase();
  }

  @Test
  void hugeCollectionsAre400() {
    String resources = "{}" + ",{}".repeat(1_000);
    String message = assertGraphError(server.http().post(EVENTS, "{\"resources\":[" + resources + "]," + TAIL + "}"),
        400, "BadRequest");
    assertTrue(message.contains("'resources'") && message.contains("1000"), message);
    String permissions = "\"p\"" + ",\"p\"".repeat(1_000);
    assertGraphError(server.http().post(EVENTS, "{\"actor\":{\"userPermissions\":[" + permissions + "]}," + TAIL + "}"),
        400, "BadRequest");
  }

  @Test
  void tooManyTokensIs400() {
    String numbers = "1" + ",1".repeat(150_000);
    assertGraphError(server.http().post(EVENTS, "{\"z@odata.ignored\":[" + numbers + "]," + TAIL + "}"), 400,
        "BadRequest");
  }
}
