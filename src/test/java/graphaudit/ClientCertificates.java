package graphaudit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An app's certificate for tests of the token endpoint: an RSA key and a self-signed certificate,
 * written as PEM files (the certificate alone, for {@code app add --cert}; key and certificate, for
 * Azure Identity's {@code ClientCertificateCredential}), and client assertions signed with the key as
 * MSAL makes them, or spoiled one way at a time.
 */
public final class ClientCertificates {

  public final KeyPair keys;
  final X509Certificate certificate;

  private ClientCertificates(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  public static ClientCertificates create() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      X500Name name = new X500Name("CN=graph-audit test app");
      Instant now = Instant.now();
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
          name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
      return new ClientCertificates(keys, certificate);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  /** The certificate alone, PEM. */
  String certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The private key (PKCS#8) and the certificate, PEM, as ClientCertificateCredential reads them. */
  String keyAndCertificatePem() {
    return pem("PRIVATE KEY", keys.getPrivate().getEncoded()) + certificatePem();
  }

  public Path writeCertificate(Path dir) throws IOException {
    return Files.writeString(dir.resolve("app-cert.pem"), certificatePem());
  }

  Path writeKeyAndCertificate(Path dir) throws IOException {
    return Files.writeString(dir.resolve("app-key-and-cert.pem"), keyAndCertificatePem());
  }

  /** An assertion as MSAL makes it: RS256, {@code x5t#S256}, iss = sub = client id, aud, 10 minutes. */
  public String assertion(String clientId, String audience) {
    return assertion(clientId, audience, header -> { }, claims -> { });
  }

  /** An assertion with its header and claims changed before it is signed with this key. */
  public String assertion(String clientId, String audience, Consumer<JWSHeader.Builder> header,
      Consumer<JWTClaimsSet.Builder> claims) {
    return assertion(clientId, audience, header, claims, keys);
  }

  /** The same, signed with {@code signer}'s private key. */
  public String assertion(String clientId, String audience, Consumer<JWSHeader.Builder> header,
      Consumer<JWTClaimsSet.Builder> claims, KeyPair signer) {
    Instant now = Instant.now();
    JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.RS256).x509CertSHA256Thumbprint(sha256Thumbprint());
    header.accept(h);
    JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
        .jwtID(UUID.randomUUID().toString()).notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    claims.accept(c);
    SignedJWT jwt = new SignedJWT(h.build(), c.build());
    try {
      jwt.sign(new RSASSASigner(signer.getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  public Base64URL sha256Thumbprint() {
    return thumbprint("SHA-256");
  }

  @SuppressWarnings("deprecation")
  public Base64URL sha1Thumbprint() {
    return thumbprint("SHA-1");
  }

  private Base64URL thumbprint(String algorithm) {
    try {
      return Base64URL.encode(MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
