package graphaudit.internal.http;

import java.nio.file.Path;

/**
 * HTTPS, when wanted: the port and the PKCS#12 keystore holding the server's key and certificate.
 * Immutable.
 *
 * @param httpsPort  TLS port (0 picks a free one)
 * @param keystore   PKCS#12 file; null in dev mode means the self-signed {@link DevCertificate}
 * @param password   the keystore's password (null with the dev certificate)
 */
public record TlsConfig(int httpsPort, Path keystore, String password) {
}
