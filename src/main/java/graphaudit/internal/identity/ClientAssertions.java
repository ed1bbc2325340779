package graphaudit.internal.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a {@code client_assertion} as Entra ID does for a certificate credential: a JWT signed with
 * RSA, its header naming a certificate of the app by {@code x5t} (SHA-1) or {@code x5t#S256}, the
 * signature made by that certificate's key, {@code iss} and {@code sub} the client id, {@code aud} the
 * token endpoint it was sent to, and now within {@code nbf}..{@code exp} (5 minutes' skew). Each
 * failure is Entra's {@code AADSTS} error for it. Stateless.
 */
final class ClientAssertions {

  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final String DOCS = " Review the documentation at "
      + "https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .";

  private ClientAssertions() {
  }

  /**
   * @param audiences the token endpoint URLs the assertion may name in {@code aud} (compared ignoring case)
   * @throws EntraException the refusal, as Entra words it
   */
  static void verify(String assertion, App app, List<String> audiences, Clock clock) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(assertion);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new EntraException(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
    }
    JWSHeader header = jwt.getHeader();
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      throw new EntraException(401, "invalid_client", 5002738, "Invalid JWT token. '" + header.getAlgorithm()
          + "' is not a supported signature algorithm. Supported signing algorithms are: 'RS256,RS384,RS512,"
          + "PS256,PS384,PS512'");
    }
    byte[] sha1 = decode(header.getX509CertThumbprint());
    byte[] sha256 = decode(header.getX509CertSHA256Thumbprint());
    if (sha1 == null && sha256 == null) {
      throw new EntraException(401, "invalid_client", 5002723, "Invalid JWT token. No certificate SHA-1 "
          + "thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header.");
    }
    AppCertificate certificate = app.certificates().stream().filter(c -> c.named(sha1, sha256)).findFirst()
        .orElseThrow(() -> new EntraException(401, "invalid_client", 700027, "The certificate with identifier "
            + "used to sign the client assertion is not registered on application. [Reason - The key was not found., "
            + "Thumbprint of key used by client: '" + thumbprint(sha1, sha256) + "', Please visit the Azure Portal, "
            + "Graph Explorer or directly use MS Graph to see configured keys for app Id '" + app.clientId()
            + "' (here: graph-audit app list).]"));
    try {
      if (!jwt.verify(new RSASSAVerifier(certificate.publicKey()))) {
        throw new EntraException(401, "invalid_client", 700027, "Client assertion contains an invalid signature. "
            + "[Reason - The provided signature value did not match the expected signature value., Thumbprint of "
            + "key used by client: '" + certificate.sha1() + "']");
      }
    } catch (JOSEException e) {
      throw new EntraException(401, "invalid_client", 700027, "Client assertion contains an invalid signature. "
          + "[Reason - " + e.getMessage() + "]");
    }
    if (!app.clientId().equalsIgnoreCase(claims.getIssuer()) || !app.clientId().equalsIgnoreCase(claims.getSubject())) {
      throw new EntraException(401, "invalid_client", 700021, "Client assertion application identifier doesn't "
          + "match 'client_id' parameter." + DOCS);
    }
    List<String> aud = claims.getAudience();
    boolean audienceMatches = aud != null && aud.stream().anyMatch(a -> audiences.stream()
        .anyMatch(expected -> expected.toLowerCase(Locale.ROOT).equals(a.toLowerCase(Locale.ROOT))));
    if (!audienceMatches) {
      throw new EntraException(401, "invalid_client", 700023, "Client assertion audience claim does not match "
          + "Realm issuer." + DOCS);
    }
    Instant now = clock.instant();
    Date notBefore = claims.getNotBeforeTime();
    Date expires = claims.getExpirationTime();
    if (expires == null || now.isAfter(expires.toInstant().plus(SKEW))
        || (notBefore != null && now.isBefore(notBefore.toInstant().minus(SKEW)))) {
      throw new EntraException(401, "invalid_client", 700024, "Client assertion is not within its valid time range. "
          + "Current time: " + now + ", assertion valid from " + (notBefore == null ? "-" : notBefore.toInstant())
          + ", expiry time of assertion " + (expires == null ? "-" : expires.toInstant()) + "." + DOCS);
    }
  }

  private static byte[] decode(Base64URL value) {
    return value == null ? null : value.decode();
  }

  private static String thumbprint(byte[] sha1, byte[] sha256) {
    return java.util.HexFormat.of().withUpperCase().formatHex(sha1 != null ? sha1 : sha256);
  }
}
