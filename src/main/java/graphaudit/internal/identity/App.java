package graphaudit.internal.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * An application registered in the data directory ({@code graph-audit app add}), as Entra keeps an app
 * registration with its service principal and consented application permissions: its client id, the
 * tenant it is registered in, the roles its tokens carry, a client secret (kept only as a salted
 * SHA-256), the certificates its client assertions may be signed with, and when it was added (ISO-8601).
 * Immutable.
 */
public record App(String clientId, String name, String tenantId, List<String> roles, String secretSalt,
    String secretHash, List<AppCertificate> certificates, String created) {

  public App {
    roles = List.copyOf(roles);
    certificates = List.copyOf(certificates);
  }

  /** Whether {@code secret} is this app's client secret (compared in constant time). */
  public boolean secretIs(String secret) {
    return secret != null && MessageDigest.isEqual(hash(secretSalt, secret).getBytes(StandardCharsets.US_ASCII),
        secretHash.getBytes(StandardCharsets.US_ASCII));
  }

  /** The hex SHA-256 of {@code salt} and {@code secret}: what is kept of a secret. */
  static String hash(String salt, String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(salt.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
