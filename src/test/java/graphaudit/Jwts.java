package graphaudit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Hand-made JWTs for tests: Graph-shaped claims, signed any way (or not at all) with any key. */
public final class Jwts {

  private Jwts() {
  }

  /** Claims of a valid delegated Graph token of {@code tenantId} with {@code scp}, an hour long. */
  public static JWTClaimsSet.Builder claims(String tenantId, String scp) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .audience(GraphAuditConfig.Auth.GRAPH_AUDIENCE)
        .issuer("https://sts.windows.net/" + tenantId + "/")
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .claim("tid", tenantId)
        .claim("scp", scp)
        .claim("appid", "11111111-2222-3333-4444-555555555555");
  }

  public static String rs256(RSAKey key, JWTClaimsSet claims) {
    return sign(new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
        .keyID(key.getKeyID()).build(), claims), key);
  }

  public static String es256(ECKey key, JWTClaimsSet claims) {
    return sign(new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
        .keyID(key.getKeyID()).build(), claims), key);
  }

  /** HS256 with {@code secret} (e.g. the public key's bytes: the classic algorithm confusion). */
  public static String hs256(byte[] secret, String kid, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none}: header.payload. with an empty signature. */
  public static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(new PlainHeader(), claims).serialize();
  }

  public static RSAKey newRsaKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ECKey newEcKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(SignedJWT jwt, Object key) {
    try {
      jwt.sign(key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
