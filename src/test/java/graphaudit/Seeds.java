package graphaudit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The request and response bodies of Microsoft's "Create auditEvent" pages, cut out of the pages as
 * published (copied verbatim from the shared spec into src/test/resources/seeds).
 */
public final class Seeds {

  /** One page's create exchange: the request body as sent and the documented response body. */
  public record Exchange(String version, String requestBody, String responseBody) {
  }

  public static final Exchange BETA = load("beta", "seeds/create-auditevent-beta.md");
  public static final Exchange V1_0 = load("v1.0", "seeds/create-auditevent-v1.0-fr.txt");

  private Seeds() {
  }

  public static List<Exchange> both() {
    return List.of(V1_0, BETA);
  }

  private static Exchange load(String version, String resource) {
    String page;
    try (InputStream in = Seeds.class.getClassLoader().getResourceAsStream(resource)) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> bodies = jsonBodies(page);
    if (bodies.size() != 2) {
      throw new IllegalStateException(resource + " should hold a request and a response body, found " + bodies.size());
    }
    return new Exchange(version, bodies.get(0), bodies.get(1));
  }

  /** Every top-level JSON object in the page: a '{' at the start of a line up to its matching '}'. */
  private static List<String> jsonBodies(String page) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int start = page.indexOf("\n{\n", from);
      if (start < 0) {
        return out;
      }
      int end = page.indexOf("\n}\n", start);
      if (end < 0) {
        end = page.indexOf("\n}", start);
      }
      out.add(page.substring(start + 1, end + 2));
      from = end + 2;
    }
  }
}
