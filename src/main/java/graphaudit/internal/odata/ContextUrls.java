package graphaudit.internal.odata;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Absolute context URLs and entity URLs of this service, from a request's base URI. Stateless. */
final class ContextUrls {

  private static final String COLLECTION = "/$metadata#deviceManagement/auditEvents";

  private ContextUrls() {
  }

  static String collection(String baseUri, Selection selection) {
    return baseUri + COLLECTION + selection.contextSuffix();
  }

  static String entity(String baseUri, Selection selection) {
    return collection(baseUri, selection) + "/$entity";
  }

  /** {@code {base}/deviceManagement/auditEvents('id')}, the canonical URL of an event. */
  static String location(String baseUri, String id) {
    String quoted = "'" + id.replace("'", "''") + "'";
    return baseUri + "/deviceManagement/auditEvents(" + URLEncoder.encode(quoted, StandardCharsets.UTF_8)
        .replace("+", "%20").replace("%27", "'") + ")";
  }
}
