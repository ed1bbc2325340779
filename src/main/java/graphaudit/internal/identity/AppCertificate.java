package graphaudit.internal.identity;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A certificate registered on an {@link App} (its public part only, PEM), as Entra keeps an app's key
 * credentials: a client assertion names it by thumbprint ({@code x5t}, SHA-1, or {@code x5t#S256}) and
 * must be signed by its key. Immutable.
 *
 * @param sha1     the SHA-1 thumbprint in upper-case hex, as the portal shows it
 * @param sha256   the SHA-256 thumbprint in upper-case hex
 * @param pem      the certificate, PEM-encoded
 */
public record AppCertificate(String sha1, String sha256, String pem) {

  /** The first certificate of {@code pem} (a PEM file may also hold a key or a chain: the rest is ignored). */
  public static AppCertificate fromPem(String pem) {
    X509Certificate certificate = parse(pem);
    try {
      byte[] der = certificate.getEncoded();
      if (!(certificate.getPublicKey() instanceof RSAPublicKey)) {
        throw new IllegalArgumentException("the certificate's key is not RSA (Entra signs client assertions with RSA)");
      }
      String normalised = "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
          + "\n-----END CERTIFICATE-----\n";
      return new AppCertificate(hex("SHA-1", der), hex("SHA-256", der), normalised);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a certificate: " + e.getMessage(), e);
    }
  }

  /** The certificate's RSA public key. */
  public RSAPublicKey publicKey() {
    return (RSAPublicKey) parse(pem).getPublicKey();
  }

  /** Whether a client assertion's {@code x5t} (base64url SHA-1) or {@code x5t#S256} names this certificate. */
  boolean named(byte[] x5tSha1, byte[] x5tSha256) {
    HexFormat hex = HexFormat.of().withUpperCase();
    return (x5tSha1 != null && hex.formatHex(x5tSha1).equals(sha1))
        || (x5tSha256 != null && hex.formatHex(x5tSha256).equals(sha256));
  }

  private static X509Certificate parse(String pem) {
    int begin = pem.indexOf("-----BEGIN CERTIFICATE-----");
    int end = pem.indexOf("-----END CERTIFICATE-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
    }
    String body = pem.substring(begin, end + "-----END CERTIFICATE-----".length());
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a readable X.509 certificate: " + e.getMessage(), e);
    }
  }

  private static String hex(String algorithm, byte[] der) throws GeneralSecurityException {
    return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance(algorithm).digest(der));
  }
}
