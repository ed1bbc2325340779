package graphaudit.http;

import graphaudit.audit.ApiVersion;
import graphaudit.auth.AccessControl;
import graphaudit.auth.AccessDeniedException;
import graphaudit.auth.Caller;
import graphaudit.compat.GraphRequests;
import graphaudit.compat.QueryLimits;
import graphaudit.odata.GraphErrors;
import graphaudit.odata.RequestIds;
import graphaudit.odata.ServiceRoot;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;

/**
 * The HTTP entry: request ids on every response, {@code /health}, the two service roots, the bearer
 * token and its permission for the method, body limit and content-type checks, then Olingo as the
 * token's tenant. Every error leaves in Graph's shape. Thread-safe.
 */
final class GraphServlet extends HttpServlet {

  private static final byte[] HEALTHY = "{\"status\":\"Healthy\"}".getBytes(StandardCharsets.UTF_8);

  private final Map<ApiVersion, ServiceRoot> roots;
  private final AccessControl access;
  private final long maxBodyBytes;

  GraphServlet(Map<ApiVersion, ServiceRoot> roots, AccessControl access, long maxBodyBytes) {
    this.roots = Map.copyOf(roots);
    this.access = access;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    RequestIds ids = RequestIds.forRequest(request.getHeader(RequestIds.CLIENT_REQUEST_ID));
    response.setHeader(RequestIds.REQUEST_ID, ids.requestId());
    response.setHeader(RequestIds.CLIENT_REQUEST_ID, ids.clientRequestId());

    if (request.getContentLengthLong() > maxBodyBytes) {
      // never read: Jetty closes the connection after the answer
      writeError(response, 413, "The request body is larger than " + maxBodyBytes + " bytes.", ids);
      return;
    }
    byte[] body;
    try {
      body = readBody(request);
    } catch (BodyTooLargeException e) {
      writeError(response, 413, "The request body is larger than " + maxBodyBytes + " bytes.", ids);
      return;
    } catch (IOException e) {
      // cut off or stalled past the idle timeout: the client's doing, and the connection may be gone
      writeError(response, 400, "The request body could not be read: it ended early or stalled.", ids);
      return;
    }
    String path = request.getRequestURI();
    if (path.equalsIgnoreCase("/health")) {
      response.setContentType("application/json");
      response.getOutputStream().write(HEALTHY);
      return;
    }
    int slash = path.indexOf('/', 1);
    String rootSegment = slash < 0 ? path.substring(1) : path.substring(1, slash);
    Optional<ServiceRoot> root = ApiVersion.fromSegment(rootSegment).map(roots::get);
    if (root.isEmpty()) {
      writeError(response, 404, "Resource not found for the segment '" + rootSegment + "'.", ids);
      return;
    }
    if (!GraphRequests.METHODS.contains(request.getMethod())) {
      writeError(response, 405, "The HTTP method '" + request.getMethod() + "' is not allowed.", ids);
      return;
    }
    Caller caller;
    try {
      caller = access.authorize(request.getHeader("Authorization"), request.getMethod());
    } catch (AccessDeniedException e) {
      if (e.status() == 401) {
        response.setHeader("WWW-Authenticate", AccessControl.CHALLENGE);
      }
      writeError(response, e.status(), e.getMessage(), ids);
      return;
    }
    if (!GraphRequests.isReadableBody(request.getMethod(), request.getContentType())) {
      writeError(response, 415, "The Content-Type '" + request.getContentType()
          + "' is not supported; send application/json.", ids);
      return;
    }
    String baseUri = baseUri(request, root.get().version());
    ODataRequest odataRequest;
    try {
      odataRequest = GraphRequests.toOData(request, baseUri, slash < 0 ? "" : path.substring(slash),
          new ByteArrayInputStream(body));
    } catch (QueryLimits.Exceeded e) {
      writeError(response, 400, e.getMessage(), ids);
      return;
    }
    write(response, root.get().handle(odataRequest, caller.tenantId(), ids));
  }

  /**
   * The whole request body (at most the limit), read before anything is answered: a server that
   * answers first and leaves a body unread must close the connection, and a client still sending
   * then sees a reset instead of the answer (an SDK must see its 401 to renew a token).
   */
  private byte[] readBody(HttpServletRequest request) throws IOException {
    try (InputStream in = new LimitedInputStream(request.getInputStream(), maxBodyBytes)) {
      return in.readAllBytes();
    }
  }

  /** {@code http://host:port/beta}: absolute, as Graph's context URLs and nextLinks are. */
  private static String baseUri(HttpServletRequest request, ApiVersion version) {
    String host = request.getServerName();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // IPv6 literal
    }
    return request.getScheme() + "://" + host + ":" + request.getServerPort() + "/" + version.segment();
  }

  private static void write(HttpServletResponse response, ODataResponse odata) throws IOException {
    response.setStatus(odata.getStatusCode());
    for (Map.Entry<String, List<String>> header : odata.getAllHeaders().entrySet()) {
      for (String value : header.getValue()) {
        response.addHeader(header.getKey(), value);
      }
    }
    if (odata.getContent() != null) {
      // one write with a Content-Length: a page is ~100 KB, and streaming it in 8 KB pieces through
      // Jetty (chunked) cost a tenth of a list request
      byte[] body;
      try (InputStream content = odata.getContent()) {
        body = content.readAllBytes();
      }
      response.setContentLength(body.length);
      try (OutputStream out = response.getOutputStream()) {
        out.write(body);
      }
    }
  }

  static void writeError(HttpServletResponse response, int status, String message, RequestIds ids)
      throws IOException {
    response.setStatus(status);
    response.setContentType(GraphErrors.CONTENT_TYPE);
    response.getOutputStream().write(GraphErrors.body(status, message, ids));
  }
}
