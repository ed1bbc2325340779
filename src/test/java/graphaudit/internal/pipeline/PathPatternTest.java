package graphaudit.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route paths as Graph matches them: decoded, in any case, one trailing slash ignored. */
class PathPatternTest {

  @Test
  void literalSegmentsMatchDecodedInAnyCase() {
    PathPattern batch = PathPattern.of("/beta/$batch");
    assertEquals("", batch.match("/BETA/%24Batch").rest());
    assertEquals("", batch.match("/beta/$batch/").rest());
    assertNull(batch.match("/beta/$batch/x"));
    assertNull(batch.match("/beta"));
    assertNull(batch.match("/beta/%zz"));
  }

  @Test
  void variablesCaptureOneSegmentAndTheRestIsKeptRaw() {
    PathPattern token = PathPattern.of("/{tenant}/oauth2/v2.0/token");
    assertEquals(Map.of("tenant", "a b"), token.match("/a%20b/oauth2/v2.0/token").variables());
    assertNull(token.match("//oauth2/v2.0/token"), "an empty segment is no value");
    PathPattern root = PathPattern.of("/beta/**");
    assertEquals("", root.match("/beta").rest());
    assertEquals("/", root.match("/beta/").rest());
    assertEquals("/deviceManagement/auditEvents/a%2Fb", root.match("/Beta/deviceManagement/auditEvents/a%2Fb").rest());
    assertNull(root.match("/betamax"));
  }

  @Test
  void theRootPatternMatchesOnlyTheRoot() {
    PathPattern page = PathPattern.of("/");
    assertEquals("", page.match("/").rest());
    assertNull(page.match("/x"));
  }
}
