package graphaudit.internal.auth;

import graphaudit.GraphAuditConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * How bearer tokens are validated, as {@link GraphAuditConfig.Auth} says. Immutable.
 *
 * @param mode       {@link Mode#DEV}: tokens signed by the service's own key in the data directory
 *                   (minted by the {@code token} command); {@link Mode#JWKS}: tokens signed by a key of a
 *                   JSON Web Key Set at {@code jwksUri} or in {@code jwksFile}
 * @param jwksUri    where the key set is fetched from (JWKS mode; null when {@code jwksFile} is used)
 * @param jwksFile   a local key set file (JWKS mode; null when {@code jwksUri} is used)
 * @param issuer     the accepted {@code iss}; {@code {tid}} stands for the token's own tenant
 * @param audiences  the accepted {@code aud} values, any one of which will do
 */
public record AuthConfig(Mode mode, URI jwksUri, Path jwksFile, String issuer, Set<String> audiences) {


  /** Where the signing keys come from. */
  public enum Mode { DEV, JWKS }

  public AuthConfig {
    audiences = Set.copyOf(audiences);
    if (mode == Mode.JWKS && (jwksUri == null) == (jwksFile == null)) {
      throw new IllegalArgumentException("JWKS mode needs exactly one of --jwks-uri and --jwks-file");
    }
    if (issuer == null || issuer.isBlank() || audiences.isEmpty()) {
      throw new IllegalArgumentException("an issuer and at least one audience are required");
    }
  }

  /** The issuer a token of {@code tenantId} must carry. */
  public String issuerFor(String tenantId) {
    return issuer.replace("{tid}", tenantId);
  }
}
