package graphaudit.internal.pipeline;

/**
 * Every failure of the later stages becomes Graph's error reply through {@link ErrorMapping}. A 405
 * from anywhere (Olingo's included) is answered as the route's own: its text and {@code Allow} come
 * from the route table.
 */
final class ErrorStage implements Stage {

  @Override
  public GraphReply handle(Exchange exchange, Next next) {
    try {
      return next.proceed();
    } catch (Exception e) {
      Exception failure = e;
      if (ErrorMapping.status(e) == 405 && exchange.route().methods().allowed(exchange.rest()) != null) {
        failure = exchange.route().notAllowed(exchange.method(), exchange.rest());
      }
      return ErrorMapping.reply(failure, exchange.ids());
    }
  }
}
