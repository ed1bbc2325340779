package graphaudit.internal.pipeline;

import graphaudit.internal.auth.AccessControl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The route's {@link Access} rule, the only check of credentials in the service: where it is served
 * (dev mode, a loopback listener: else 403), then its credential (a Graph token: 401 when missing or
 * invalid, 403 without the permission the method needs; the metrics token: 401). The caller a Graph
 * token names goes on the exchange. Thread-safe.
 */
final class AccessStage implements Stage {

  private final AccessControl access;
  private final boolean devMode;
  private final boolean loopback;

  /**
   * @param devMode  whether the service runs in dev mode ({@code --auth dev})
   * @param loopback whether every listener is bound to a loopback interface
   */
  AccessStage(AccessControl access, boolean devMode, boolean loopback) {
    this.access = access;
    this.devMode = devMode;
    this.loopback = loopback;
  }

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    Route route = exchange.route();
    Access rule = route.access();
    if (rule.place() != Access.Place.ALWAYS && !devMode) {
      throw new GraphException(403, route.path() + " is served in dev mode (--auth dev) only.");
    }
    if (rule.place() == Access.Place.DEV_MODE_ON_LOOPBACK && !loopback) {
      // the one such route is the viewer's dev-token button: say where a token comes from instead
      throw new GraphException(403, route.path() + " is served only on a loopback listener (--host 127.0.0.1 or ::1):"
          + " mint a token with the token command (in a container: podman or docker exec CONTAINER java -jar"
          + " /opt/graph-audit/graph-audit.jar token --data /data) and paste it.");
    }
    String authorization = exchange.headers().authorization();
    switch (rule.credential()) {
      case GRAPH_TOKEN -> exchange.caller(access.authorize(authorization, exchange.method()));
      case ANY_GRAPH_TOKEN -> exchange.caller(access.authenticate(authorization));
      case METRICS_TOKEN -> requireSecret(rule.secret(), authorization, route);
      case NONE -> { }
    }
    return next.proceed();
  }

  /** Compared in constant time: the token is a secret. */
  private static void requireSecret(byte[] secret, String authorization, Route route) {
    if (authorization == null
        || !MessageDigest.isEqual(secret, authorization.trim().getBytes(StandardCharsets.UTF_8))) {
      throw new GraphException(401, route.path() + " needs 'Authorization: Bearer <the --metrics-token>'.",
          Map.of("WWW-Authenticate", "Bearer"));
    }
  }
}
