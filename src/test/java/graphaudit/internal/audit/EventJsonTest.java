package graphaudit.internal.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The v1.0 form cut from the stored beta text, as text and as the UTF-8 bytes an answer sends. */
class EventJsonTest {

  private static final String BODY = "{\"a\":1,\"betaOne\":2,\"b\":{\"c\":3,\"betaTwo\":4},\"d\":5,\"betaEnd\":6}";

  private static int[] spansOf(String body, String... members) {
    int[] spans = new int[members.length * 2];
    for (int i = 0; i < members.length; i++) {
      int from = body.indexOf("," + members[i]);
      spans[2 * i] = from;
      spans[2 * i + 1] = body.indexOf(members[i]) + members[i].length();
    }
    return spans;
  }

  @Test
  void anAsciiBodyIsCutAsItsText() {
    EventJson json = new EventJson(BODY, spansOf(BODY, "\"betaOne\":2", "\"betaTwo\":4", "\"betaEnd\":6"), "s");
    assertEquals("{\"a\":1,\"b\":{\"c\":3},\"d\":5}", json.in(ApiVersion.V1_0));
    assertArrayEquals(json.in(ApiVersion.V1_0).getBytes(StandardCharsets.UTF_8), json.utf8In(ApiVersion.V1_0));
    assertArrayEquals(BODY.getBytes(StandardCharsets.UTF_8), json.utf8In(ApiVersion.BETA));
  }

  @Test
  void aBodyWithOtherCharactersIsCutByCharactersNotBytes() {
    String body = BODY.replace("\"a\":1", "\"a\":\"Zoë ✓ 😀\"");
    EventJson json = new EventJson(body, spansOf(body, "\"betaOne\":2", "\"betaEnd\":6"), "s");
    String v1 = "{\"a\":\"Zoë ✓ 😀\",\"b\":{\"c\":3,\"betaTwo\":4},\"d\":5}";
    assertEquals(v1, json.in(ApiVersion.V1_0));
    assertArrayEquals(v1.getBytes(StandardCharsets.UTF_8), json.utf8In(ApiVersion.V1_0));
  }

  @Test
  void withoutSpansBothRootsSendTheBody() {
    EventJson json = new EventJson(BODY, new int[0], "s");
    assertArrayEquals(BODY.getBytes(StandardCharsets.UTF_8), json.utf8In(ApiVersion.V1_0));
  }
}
