package graphaudit.internal.pipeline;

/**
 * HEAD wherever GET works: the request runs as a GET (same permission, same throttling as a read) and
 * the reply keeps its status and headers, with the body's length but without the body.
 */
final class HeadStage implements Stage {

  private static final byte[] NO_BODY = new byte[0];

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    GraphRequest request = exchange.request();
    if (!request.method().equals("HEAD") || !exchange.route().allows("GET", exchange.rest())) {
      return next.proceed(); // HEAD where GET is not allowed is refused as HEAD
    }
    exchange.request(new GraphRequest("GET", request.origin(), request.path(), request.query(), request.headers(),
        request.body()));
    GraphReply reply = next.proceed();
    return new GraphReply(reply.status(), reply.headers().with("Content-Length", Integer.toString(reply.body().length)),
        NO_BODY);
  }
}
