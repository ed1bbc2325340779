package graphaudit.internal.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The v1.0 form cut from the stored beta bytes, as the UTF-8 an answer sends and as text. */
class EventJsonTest {

  private static final String BODY = "{\"a\":1,\"betaOne\":2,\"b\":{\"c\":3,\"betaTwo\":4},\"d\":5,\"betaEnd\":6}";

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The byte spans of {@code members}, each with its leading comma. */
  private static int[] spansOf(String body, String... members) {
    int[] spans = new int[members.length * 2];
    for (int i = 0; i < members.length; i++) {
      int from = body.indexOf("," + members[i]);
      spans[2 * i] = utf8(body.substring(0, from)).length;
      spans[2 * i + 1] = utf8(body.substring(0, body.indexOf(members[i]) + members[i].length())).length;
    }
    return spans;
  }

  @Test
  void theV1FormIsTheBetaBytesWithoutTheirSpans() {
    EventJson json = new EventJson(utf8(BODY), spansOf(BODY, "\"betaOne\":2", "\"betaTwo\":4", "\"betaEnd\":6"), "s");
    assertEquals("{\"a\":1,\"b\":{\"c\":3},\"d\":5}", json.in(ApiVersion.V1_0));
    assertArrayEquals(utf8(json.in(ApiVersion.V1_0)), json.utf8In(ApiVersion.V1_0));
    assertArrayEquals(utf8(BODY), json.utf8In(ApiVersion.BETA));
  }

  @Test
  void spansAreByteOffsetsPastCharactersOfSeveralBytes() {
    String body = BODY.replace("\"a\":1", "\"a\":\"Zoë ✓ 😀\"");
    EventJson json = new EventJson(utf8(body), spansOf(body, "\"betaOne\":2", "\"betaEnd\":6"), "s");
    String v1 = "{\"a\":\"Zoë ✓ 😀\",\"b\":{\"c\":3,\"betaTwo\":4},\"d\":5}";
    assertEquals(v1, json.in(ApiVersion.V1_0));
    assertArrayEquals(utf8(v1), json.utf8In(ApiVersion.V1_0));
  }

  @Test
  void withoutSpansBothRootsSendTheBody() {
    EventJson json = new EventJson(utf8(BODY), new int[0], "s");
    assertArrayEquals(utf8(BODY), json.utf8In(ApiVersion.V1_0));
  }

  @Test
  void spansOutsideTheBytesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new EventJson(utf8("{}"), new int[] {0, 3}, "s"));
    assertThrows(IllegalArgumentException.class, () -> new EventJson(utf8(BODY), new int[] {4, 2}, "s"));
  }
}
