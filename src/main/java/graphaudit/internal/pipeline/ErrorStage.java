package graphaudit.internal.pipeline;

/**
 * Every failure of the later stages becomes Graph's error reply through {@link ErrorMapping}; a 405
 * also names the methods the resource allows ({@code Allow}).
 */
final class ErrorStage implements Stage {

  @Override
  public GraphReply handle(Exchange exchange, Next next) {
    GraphReply reply;
    try {
      reply = next.proceed();
    } catch (Exception e) {
      reply = ErrorMapping.reply(e, exchange.ids());
    }
    if (reply.status() == 405 && reply.headers().first("Allow") == null && exchange.pathInRoot() != null) {
      reply = reply.withHeader("Allow", AllowedMethods.of(exchange.pathInRoot()));
    }
    return reply;
  }
}
