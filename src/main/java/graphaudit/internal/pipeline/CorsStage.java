package graphaudit.internal.pipeline;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Cross-origin access for browser clients (a viewer page, a SPA using the Graph JS SDK): a preflight
 * from an allowed origin is answered here, before any token is asked for; every other reply to an
 * allowed origin names it and exposes Graph's response headers. An origin not allowed gets no CORS
 * headers, so the browser refuses. Immutable.
 */
final class CorsStage implements Stage {

  static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
  static final String ALLOW_HEADERS = "Authorization, Content-Type, Prefer, client-request-id, ConsistencyLevel";
  static final String EXPOSE_HEADERS = "request-id, client-request-id, Location, Preference-Applied, Retry-After";

  private final Set<String> origins;
  private final Predicate<String> sameOriginOnly;

  /**
   * @param origins        the allowed origins ({@code https://app.example:3000}), or {@code *} for any
   * @param sameOriginOnly paths that never get CORS headers (the viewer's, whose dev token must not
   *                       be readable by another site)
   */
  CorsStage(List<String> origins, Predicate<String> sameOriginOnly) {
    this.origins = Set.copyOf(origins);
    this.sameOriginOnly = sameOriginOnly;
  }

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    String origin = exchange.request().headers().first("Origin");
    if (origin == null || !(origins.contains("*") || origins.contains(origin))
        || sameOriginOnly.test(exchange.request().path())) {
      return next.proceed();
    }
    String allowOrigin = origins.contains("*") ? "*" : origin;
    if (exchange.method().equals("OPTIONS")
        && exchange.request().headers().first("Access-Control-Request-Method") != null) {
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
