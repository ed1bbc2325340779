package graphaudit.internal.pipeline;

import java.util.List;
import java.util.Set;

/**
 * Cross-origin access for browser clients (a viewer page, a SPA using the Graph JS SDK): a preflight
 * from an allowed origin is answered here, before any token is asked for; every other reply to an
 * allowed origin names it and exposes Graph's response headers. An origin not allowed gets no CORS
 * headers, so the browser refuses; nor does a route for its own origin only (the viewer's, whose dev
 * token must not be readable by another site). Immutable.
 */
final class CorsStage implements Stage {

  static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
  static final String ALLOW_HEADERS = "Authorization, Content-Type, Prefer, client-request-id, ConsistencyLevel";
  static final String EXPOSE_HEADERS = "request-id, client-request-id, Location, Preference-Applied, Retry-After";

  private final Set<String> origins;

  /** @param origins the allowed origins ({@code https://app.example:3000}), or {@code *} for any */
  CorsStage(List<String> origins) {
    this.origins = Set.copyOf(origins);
  }

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    String origin = exchange.headers().origin();
    if (origin == null || !(origins.contains("*") || origins.contains(origin)) || exchange.route().sameOriginOnly()) {
      return next.proceed();
    }
    String allowOrigin = origins.contains("*") ? "*" : origin;
    if (exchange.method().equals("OPTIONS") && exchange.headers().accessControlRequestMethod() != null) {
      return new GraphReply(204, Headers.NONE, new byte[0])
          .withHeader("Access-Control-Allow-Origin", allowOrigin)
          .withHeader("Access-Control-Allow-Methods", ALLOW_METHODS)
          .withHeader("Access-Control-Allow-Headers", ALLOW_HEADERS)
          .withHeader("Access-Control-Max-Age", "600")
          .withHeader("Vary", "Origin");
    }
    return next.proceed()
        .withHeader("Access-Control-Allow-Origin", allowOrigin)
        .withHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS)
        .withHeader("Vary", "Origin");
  }
}
