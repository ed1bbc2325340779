package graphaudit.internal.compat;

import graphaudit.internal.request.MediaType;
import graphaudit.internal.request.QueryString;
import graphaudit.internal.request.RequestHeaders;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.ODataRequest;

/**
 * Fills the {@link ODataRequest} Olingo parses for a request under one service root: path
 * normalised ({@link GraphPath}), query already normalised ({@link GraphQuery}), and of the headers
 * only those Olingo reads for content negotiation, as the gate parsed them (no OData version headers:
 * responses stay OData 4.0, which Graph SDKs read); a JSON body assumed when no Content-Type is sent.
 * Stateless.
 */
public final class GraphRequests {

  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
  private static final List<String> FORWARDED = List.of(RequestHeaders.ACCEPT, RequestHeaders.ACCEPT_CHARSET,
      RequestHeaders.CONTENT_TYPE);

  private GraphRequests() {
  }

  /**
   * Whether the request's body can be read: a method without one (generic OData clients such as
   * Olingo's send {@code Content-Type: application/xml} on {@code GET $metadata}), or JSON, or no
   * Content-Type given.
   */
  public static boolean isReadableBody(String method, MediaType contentType) {
    return !BODY_METHODS.contains(method) || contentType == null || contentType.is(MediaType.JSON);
  }

  /**
   * @param request an empty request, made for this one's call
   * @param baseUri absolute URI of the root, e.g. {@code http://127.0.0.1:8080/beta}
   * @param rawPath the raw path after the root, e.g. {@code /deviceManagement/auditEvents}
   * @param sent    the query string as the client sent it
   * @param query   the query as {@link GraphQuery#normalize} made it
   * @throws IllegalArgumentException when a key in the path has a malformed escape
   */
  public static void fill(ODataRequest request, String method, RequestHeaders headers, String baseUri,
      String rawPath, QueryString sent, QueryString query, InputStream body) {
    request.setMethod(HttpMethod.valueOf(method));
    request.setProtocol("HTTP/1.1");
    for (String name : FORWARDED) {
      List<String> values = headers.values(name);
      if (values != null) {
        request.addHeader(name, values);
      }
    }
    if (headers.contentType() == null && request.getMethod() != HttpMethod.GET
        && request.getMethod() != HttpMethod.DELETE) {
      request.setHeader(RequestHeaders.CONTENT_TYPE, MediaType.JSON);
    }
    String path = GraphPath.normalize(rawPath);
    request.setRawBaseUri(baseUri);
    request.setRawODataPath(path);
    request.setRawQueryPath(query.raw());
    // as the client sent it: the positions a $filter error names are the client's (FilterDiagnosis)
    request.setRawRequestUri(baseUri + rawPath + (sent.raw() == null ? "" : "?" + sent.raw()));
    request.setRawServiceResolutionUri(null);
    request.setBody(body);
  }
}
