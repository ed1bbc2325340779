package graphaudit.internal.pipeline;

import java.util.List;

/**
 * Every path the service answers, one {@link Route} each, tried in order (the first match wins); a
 * path none matches is a 404 (the fallback route, open to any method). The docs' internals page says
 * how to add one. Immutable.
 */
public final class RouteTable {

  /** The route a path resolved to, and what the path matched. */
  record Resolved(Route route, PathPattern.Match match) {
  }

  private final List<Route> routes;
  private final Route fallback;

  public RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
    this.fallback = Route.at("/").allow(MethodRule.ANY).to(RouteTable::notFound);
  }

  /** The routes, in the order they are tried. */
  public List<Route> routes() {
    return routes;
  }

  Resolved resolve(String rawPath) {
    for (Route route : routes) {
      PathPattern.Match match = route.path().match(rawPath);
      if (match != null) {
        return new Resolved(route, match);
      }
    }
    return new Resolved(fallback, new PathPattern.Match(java.util.Map.of(), rawPath));
  }

  private static GraphReply notFound(Exchange exchange) {
    String path = exchange.request().path();
    int slash = path.indexOf('/', 1);
    String segment = slash < 0 ? path.substring(Math.min(1, path.length())) : path.substring(1, slash);
    throw new GraphException(404, "Resource not found for the segment '" + segment + "'.");
  }
}
