package graphaudit.internal.auth;

import graphaudit.GraphAuditConfig;
import graphaudit.Token;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Mints dev-mode tokens shaped like Entra ID v1 access tokens for Graph ({@code aud}
 * https://graph.microsoft.com, {@code iss} https://sts.windows.net/{tid}/, {@code tid}, {@code scp} or
 * {@code roles}, {@code upn}/{@code oid}/{@code appid}, {@code iat}/{@code nbf}/{@code exp}, {@code kid}),
 * signed RS256 with the data directory's {@link DevSigningKey}. Thread-safe.
 */
public final class DevTokenIssuer {

  private final RSAKey key;
  private final RSASSASigner signer;

  public DevTokenIssuer(RSAKey key) {
    this.key = key;
    try {
      this.signer = new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("not an RSA signing key: " + e.getMessage(), e);
    }
  }

  /** The compact serialization (header.payload.signature) of a token saying what {@code token} says. */
  public String mint(Token token) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .audience(GraphAuditConfig.Auth.GRAPH_AUDIENCE)
        .issuer(GraphAuditConfig.Auth.GRAPH_ISSUER.replace("{tid}", token.tenantId()))
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(token.lifetime())))
        .claim("tid", token.tenantId())
        .claim("appid", token.appId())
        .claim("ver", "1.0");
    String oid;
    if (token.kind() == Token.Kind.APPLICATION) {
      oid = stableGuid("sp:" + token.tenantId() + ":" + token.appId());
      claims.claim("roles", token.permissions()).claim("idtyp", "app");
    } else {
      oid = stableGuid("user:" + token.tenantId() + ":" + token.user());
      claims.claim("scp", String.join(" ", token.permissions())).claim("upn", token.user())
          .claim("unique_name", token.user());
    }
    claims.claim("oid", oid).subject(oid);
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
        claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jwt.serialize();
  }

  /** The same object id for the same user (or app) of the same tenant, token after token. */
  private static String stableGuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
