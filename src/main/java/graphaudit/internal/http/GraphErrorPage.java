package graphaudit.internal.http;

import graphaudit.internal.odata.RequestIds;
import graphaudit.internal.pipeline.ErrorMapping;
import graphaudit.internal.pipeline.GraphReply;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error responses (malformed request line or URI, oversized URI or headers, servlet
 * failures) through the pipeline's {@link ErrorMapping} instead of an HTML page or an empty body, with
 * request-id and client-request-id. Thread-safe.
 */
final class GraphErrorPage extends ErrorHandler {

  private static final String STOPPING = "The service is stopping; retry after the time given in Retry-After.";

  /**
   * Jetty's parser answers an unknown HTTP version with 505; the fault is the client's, and a
   * client-caused 5xx is a bug here, so it is a 400.
   */
  private static int clientFacing(int code) {
    if (code == 505) {
      return 400;
    }
    return code < 400 ? 500 : code;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = clientFacing(response.getStatus());
    String message = status >= 500 ? null : (String) request.getAttribute(ERROR_MESSAGE);
    RequestIds ids = RequestIds.forRequest(request.getHeaders().get(RequestIds.CLIENT_REQUEST_ID));
    // Jetty's only 503: a request that arrived while the service stops (GracefulHandler). Said as such,
    // with the Retry-After that Graph clients' retry handlers wait for instead of failing at once
    boolean stopping = status == 503;
    GraphReply reply = ErrorMapping.reply(status, stopping ? STOPPING : message, ids);
    if (stopping) {
      response.getHeaders().put("Retry-After", "1");
    }
    response.setStatus(reply.status());
    for (Map.Entry<String, List<String>> header : reply.headers().all().entrySet()) {
      response.getHeaders().put(header.getKey(), header.getValue().get(0));
    }
    response.getHeaders().put(RequestIds.REQUEST_ID, ids.requestId());
    response.getHeaders().put(RequestIds.CLIENT_REQUEST_ID, ids.clientRequestId());
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
    return true;
  }
}
