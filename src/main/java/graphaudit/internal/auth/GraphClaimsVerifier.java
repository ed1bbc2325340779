package graphaudit.internal.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Nimbus's claim checks (audience, {@code exp}/{@code nbf} within {@value #MAX_CLOCK_SKEW_SECONDS} s of
 * skew, required claims) plus Graph's own: {@code tid} is a tenant GUID and {@code iss} is the
 * configured issuer for that tenant. Thread-safe.
 */
final class GraphClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

  /** Microsoft.IdentityModel's default clock skew. */
  static final int MAX_CLOCK_SKEW_SECONDS = 300;
  private static final Pattern GUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final AuthConfig config;

  GraphClaimsVerifier(AuthConfig config) {
    super(config.audiences(), null, Set.of("exp", "iss", "tid"), null);
    setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
    this.config = config;
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    super.verify(claims, context);
    if (!(claims.getClaim("tid") instanceof String tenantId) || !GUID.matcher(tenantId).matches()) {
      throw new BadJWTException("JWT tid claim is not a tenant GUID");
    }
    String expected = config.issuerFor(tenantId);
    if (!expected.equals(claims.getIssuer())) {
      throw new BadJWTException("JWT iss claim has value " + claims.getIssuer() + ", must be " + expected);
    }
  }
}
