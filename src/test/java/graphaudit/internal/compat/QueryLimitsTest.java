package graphaudit.internal.compat;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Query options over their limits are Graph-shaped 400s, never a 500: Olingo's parser would overflow
 * its stack on a few thousand nested parentheses.
 */
class QueryLimitsTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";

  private static String nested(int depth) {
    return "(".repeat(depth) + "category%20eq%20'x'" + ")".repeat(depth);
  }

  @ParameterizedTest
  @ValueSource(ints = {33, 1000})
  void filterNestedTooDeeplyIs400(int depth) {
    String message = assertGraphError(server.http().get(EVENTS + "?$filter=" + nested(depth)), 400, "BadRequest");
    assertTrue(message.contains("nests deeper"), message);
  }

  @Test
  void nestingDeepEnoughToOverflowTheParserIs400() {
    assertGraphError(server.http().get(EVENTS + "?$filter=" + nested(5000)), 400, "BadRequest");
  }

  @Test
  void filterAtTheNestingLimitIsAnswered() {
    assertEquals(200, server.http().get(EVENTS + "?$filter=" + nested(32)).status());
  }

  @Test
  void lambdasCountTowardsNesting() {
    String deep = "resources/any(r:" + "(".repeat(32) + "r/type%20eq%20'x'" + ")".repeat(32) + ")";
    assertGraphError(server.http().get(EVENTS + "?$filter=" + deep), 400, "BadRequest");
  }

  @Test
  void overLongFilterIs400() {
    String filter = "displayName%20eq%20'" + "a".repeat(5000) + "'";
    String message = assertGraphError(server.http().get(EVENTS + "?$filter=" + filter), 400, "BadRequest");
    assertTrue(message.contains("longer than"), message);
  }

  @Test
  void topOverTheLimitIs400AndAtTheLimitIsAnswered() {
    assertGraphError(server.http().get(EVENTS + "?$top=1000001"), 400, "BadRequest");
    assertGraphError(server.http().get(EVENTS + "?top=99999999999999999999"), 400, "BadRequest");
    assertEquals(200, server.http().get(EVENTS + "?$top=1000000").status());
  }

  @Test
  void tooManyOrderByKeysIs400() {
    String keys = "displayName,category,activity,activityType,activityResult,componentName,"
        + "activityOperationType,actor/userPrincipalName,actor/ipAddress";
    String message = assertGraphError(server.http().get(EVENTS + "?$orderby=" + keys), 400, "BadRequest");
    assertTrue(message.contains("at most"), message);
  }

  @Test
  void overLongSearchIs400() {
    assertGraphError(server.http().get(EVENTS + "?$search=%22" + "a".repeat(1100) + "%22"), 400, "BadRequest");
  }

  @Test
  void countSegmentHasTheSameLimits() {
    assertGraphError(server.http().get(EVENTS + "/$count?$filter=" + nested(2000)), 400, "BadRequest");
  }
}
