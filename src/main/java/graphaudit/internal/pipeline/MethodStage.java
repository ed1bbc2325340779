package graphaudit.internal.pipeline;

/** A method the route does not allow is a 405, its text and {@code Allow} from the route ({@link Route#notAllowed}). */
final class MethodStage implements Stage {

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    if (!exchange.route().allows(exchange.method(), exchange.rest())) {
      throw exchange.route().notAllowed(exchange.method(), exchange.rest());
    }
    return next.proceed();
  }
}
