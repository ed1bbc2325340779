package graphaudit.internal.compat;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.ODataRequest;

/**
 * Turns a request under one service root into the {@link ODataRequest} Olingo parses: path
 * and query normalised ({@link GraphPath}, {@link GraphQuery}), OData version headers dropped so
 * responses stay OData 4.0 (Graph SDKs read {@code @odata.*} names), a JSON body assumed when no
 * Content-Type is sent. Stateless.
 */
public final class GraphRequests {

  /** Methods Olingo can route; anything else is a 405 before Olingo sees it. */
  public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
  private static final Set<String> DROPPED_HEADERS = Set.of("odata-version", "odata-maxversion");
  private static final String JSON = "application/json";

  private GraphRequests() {
  }

  /**
   * Whether the request's body can be read: a method without one (generic OData clients such as
   * Olingo's send {@code Content-Type: application/xml} on {@code GET $metadata}), or JSON, or no
   * Content-Type given.
   */
  public static boolean isReadableBody(String method, String contentType) {
    return !BODY_METHODS.contains(method) || isJsonOrAbsent(contentType);
  }

  private static boolean isJsonOrAbsent(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return mediaType.equalsIgnoreCase(JSON);
  }

  /**
   * @throws QueryLimits.Exceeded when a query option is over a limit
   * @param baseUri  absolute URI of the root, e.g. {@code http://127.0.0.1:8080/beta}
   * @param rawPath  the raw path after the root, e.g. {@code /deviceManagement/auditEvents}
   * @param rawQuery the raw query string, or null
   */
  public static ODataRequest toOData(String method, Map<String, List<String>> headers, String baseUri, String rawPath,
      String rawQuery, InputStream body) {
    ODataRequest request = new ODataRequest();
    request.setMethod(HttpMethod.valueOf(method));
    request.setProtocol("HTTP/1.1");
    boolean typed = false;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!DROPPED_HEADERS.contains(name)) {
        request.addHeader(header.getKey(), header.getValue());
        typed |= name.equals("content-type");
      }
    }
    if (!typed && request.getMethod() != HttpMethod.GET
        && request.getMethod() != HttpMethod.DELETE) {
      request.setHeader("Content-Type", JSON);
    }
    String path = GraphPath.normalize(rawPath);
    String query = GraphQuery.normalize(rawQuery);
    QueryLimits.check(query);
    request.setRawBaseUri(baseUri);
    request.setRawODataPath(path);
    request.setRawQueryPath(query);
    // as the client sent it: the positions a $filter error names are the client's (FilterDiagnosis)
    request.setRawRequestUri(baseUri + rawPath + (rawQuery == null ? "" : "?" + rawQuery));
    request.setRawServiceResolutionUri(null);
    request.setBody(body);
    return request;
  }
}
