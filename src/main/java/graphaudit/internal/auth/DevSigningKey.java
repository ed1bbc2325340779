package graphaudit.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * The dev-mode signing key: an RS256 RSA 2048 JWK (private part included) kept in the data
 * directory, created on first use and reused afterwards, so the service and the {@code token} command
 * pointed at the same directory agree. Creation is race-free between processes. Stateless.
 */
public final class DevSigningKey {

  public static final String FILE_NAME = "dev-signing-key.jwk.json";

  private DevSigningKey() {
  }

  /** The key in {@code dataDir}, created there first if it has none. */
  public static RSAKey loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      create(dataDir, file);
    }
    try {
      return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      throw new IOException("unreadable dev signing key " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Gives {@code dataDir} this JVM's throwaway key: services whose store lives in memory (test suites
   * starting one per class) skip generating an RSA key each (~0.1 s). Call before {@link #loadOrCreate}.
   */
  public static void shareJvmKey(Path dataDir) throws IOException {
    write(dataDir, dataDir.resolve(FILE_NAME), JvmKey.KEY);
  }

  /** Made on first use. */
  private static final class JvmKey {
    static final RSAKey KEY = generate();
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
          .keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate the dev signing key", e);
    }
  }

  private static void create(Path dataDir, Path file) throws IOException {
    write(dataDir, file, generate());
  }

  /** Writes the key beside the target, then links it into place: a concurrent creator's key wins whole. */
  private static void write(Path dataDir, Path file, RSAKey key) throws IOException {
    Files.createDirectories(dataDir);
    Path temp = Files.createTempFile(dataDir, ".dev-signing-key", ".tmp"); // owner-only (rw-------) on POSIX
    try {
      Files.writeString(temp, key.toJSONString(), StandardCharsets.UTF_8);
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException e) {
      // another process created it first: use theirs
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
