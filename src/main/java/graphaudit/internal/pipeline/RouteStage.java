package graphaudit.internal.pipeline;

/**
 * The one place a request's path is resolved: to the first {@link Route} of the table that matches
 * it, or to the fallback route (a 404). Every later stage reads the route from the exchange.
 */
final class RouteStage implements Stage {

  private final RouteTable routes;

  RouteStage(RouteTable routes) {
    this.routes = routes;
  }

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    RouteTable.Resolved resolved = routes.resolve(exchange.request().path());
    exchange.route(resolved.route(), resolved.match());
    return next.proceed();
  }
}
