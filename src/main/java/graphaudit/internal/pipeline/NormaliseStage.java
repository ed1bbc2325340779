package graphaudit.internal.pipeline;

import graphaudit.internal.compat.GraphRequests;
import java.io.ByteArrayInputStream;

/**
 * Graph's leniencies on the way in (path and query forms, see {@link GraphRequests}) and its refusal
 * of a body that is not JSON (415): the request Olingo will parse.
 */
final class NormaliseStage implements Stage {

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    GraphRequest request = exchange.request();
    String contentType = request.headers().first("Content-Type");
    if (!GraphRequests.isReadableBody(request.method(), contentType)) {
      throw new GraphException(415, "The Content-Type '" + contentType + "' is not supported; send application/json.");
    }
    String baseUri = request.origin() + "/" + exchange.root().version().segment();
    try {
      exchange.odataRequest(GraphRequests.toOData(request.method(), request.headers().all(), baseUri,
          exchange.pathInRoot(), request.query(), new ByteArrayInputStream(exchange.body())));
    } catch (IllegalArgumentException e) { // decoding a key or a $filter: Jetty refuses these, a batch does not
      throw new GraphException(400, "The URL has a malformed percent-encoding.");
    }
    return next.proceed();
  }
}
