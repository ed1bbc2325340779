package graphaudit.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Dev mode's self-signed TLS certificate for localhost, 127.0.0.1 and ::1, created on first use in the
 * data directory as {@value #KEYSTORE} (key and certificate, password {@value #PASSWORD}) and
 * {@value #CERTIFICATE} (the certificate alone, for clients to trust), then reused. Stateless.
 */
public final class DevCertificate {

  public static final String KEYSTORE = "dev-tls.p12";
  public static final String CERTIFICATE = "dev-tls-cert.pem";
  static final String PASSWORD = "graph-audit-dev";
  private static final Duration VALIDITY = Duration.ofDays(825);

  private DevCertificate() {
  }

  /** The keystore in {@code dataDir}, created there first if it has none. */
  static TlsConfig loadOrCreate(Path dataDir, int httpsPort) throws IOException {
    Path keystore = dataDir.resolve(KEYSTORE);
    if (!Files.exists(keystore)) {
      create(dataDir, keystore);
    }
    return new TlsConfig(httpsPort, keystore, PASSWORD);
  }

  private static void create(Path dataDir, Path keystore) throws IOException {
    Files.createDirectories(dataDir);
    KeyPair pair;
    X509Certificate certificate;
    KeyStore store;
    byte[] encodedCertificate;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      pair = generator.generateKeyPair();
      certificate = selfSigned(pair);
      store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("graph-audit", pair.getPrivate(), PASSWORD.toCharArray(), new Certificate[] {certificate});
      encodedCertificate = certificate.getEncoded();
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create the dev TLS certificate", e);
    }
    String pem = "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encodedCertificate)
        + "\n-----END CERTIFICATE-----\n";
    // both files land whole or not at all; a concurrent creator's pair wins
    Path tempStore = Files.createTempFile(dataDir, ".dev-tls", ".tmp"); // owner-only (rw-------) on POSIX
    Path tempPem = Files.createTempFile(dataDir, ".dev-tls-cert", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tempStore)) {
        store.store(out, PASSWORD.toCharArray());
      }
      Files.writeString(tempPem, pem, StandardCharsets.US_ASCII);
      Files.createLink(keystore, tempStore);
      Files.deleteIfExists(dataDir.resolve(CERTIFICATE));
      Files.createLink(dataDir.resolve(CERTIFICATE), tempPem);
    } catch (FileAlreadyExistsException e) {
      // created meanwhile by another process
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the dev TLS keystore", e);
    } finally {
      Files.deleteIfExists(tempStore);
      Files.deleteIfExists(tempPem);
    }
  }

  private static X509Certificate selfSigned(KeyPair pair) throws GeneralSecurityException, OperatorCreationException,
      IOException {
    X500Name name = new X500Name("CN=localhost, O=graph-audit dev");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
        new BigInteger(63, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)),
        name, pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.iPAddress, "0:0:0:0:0:0:0:1")}));
    // its own trust anchor: clients (curl --cacert, a JVM truststore) trust it directly
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
  }
}
