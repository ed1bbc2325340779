package graphaudit.internal.identity;

import com.nimbusds.jose.jwk.RSAKey;
import graphaudit.internal.auth.DevTokenIssuer;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.RouteHandler;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What answers the Entra-like routes (dev mode only): the token endpoint, the discovery documents and
 * the signing keys. Outside dev mode the gate refuses those routes before any handler runs; these
 * handlers then only say so. Immutable.
 */
public record IdentityEndpoints(RouteHandler token, RouteHandler discovery, RouteHandler keys) {

  /** The endpoints of a dev-mode service whose apps and signing key are in {@code dataDir}. */
  public static IdentityEndpoints dev(Path dataDir, RSAKey signingKey, Clock clock) {
    return new IdentityEndpoints(new TokenEndpoint(new AppRegistry(dataDir), new DevTokenIssuer(signingKey), clock),
        new OpenIdConfiguration(clock), new SigningKeys(signingKey));
  }

  /** Outside dev mode: never reached past the gate. */
  public static IdentityEndpoints absent() {
    RouteHandler devOnly = exchange -> {
      throw new GraphException(403, "The token endpoint is served in dev mode (--auth dev) only.");
    };
    return new IdentityEndpoints(devOnly, devOnly, devOnly);
  }
}
