package graphaudit.internal.identity;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The applications registered in a data directory, kept in {@value #FILE} beside the dev signing key:
 * the {@code app} command adds and removes them while the service may be running, and the service sees
 * a change at its next token request (it rereads the file when it changed). Writes replace the file
 * whole under a lock, so a reader never sees half of one and two writers never lose each other's app.
 * Thread-safe.
 */
public final class AppRegistry {

  public static final String FILE = "apps.json";
  private static final String LOCK = ".apps.lock";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final TypeReference<List<App>> APPS = new TypeReference<>() { };
  private static final String SECRET_CHARACTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String SECRET_TAIL_CHARACTERS = SECRET_CHARACTERS + "_.~-";

  /** An app just added, with the one copy of its secret there will ever be. */
  public record Added(App app, String secret) {
  }

  private final Path dataDir;
  private final SecureRandom random = new SecureRandom();
  /** The apps as last read, and the file's state they were read in. */
  private volatile Snapshot snapshot = new Snapshot(null, -1, List.of());

  private record Snapshot(FileTime modified, long size, List<App> apps) {
  }

  public AppRegistry(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** The registered apps, in the order they were added. */
  public List<App> list() {
    Path file = dataDir.resolve(FILE);
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Snapshot known = snapshot;
      if (modified.equals(known.modified()) && size == known.size()) {
        return known.apps();
      }
      List<App> apps = List.copyOf(JSON.readValue(Files.readAllBytes(file), APPS));
      snapshot = new Snapshot(modified, size, apps);
      return apps;
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The app whose client id is {@code clientId} (any case), in any tenant. */
  public Optional<App> find(String clientId) {
    return list().stream().filter(app -> app.clientId().equalsIgnoreCase(clientId)).findFirst();
  }

  /**
   * Registers an app with a new client id and secret.
   *
   * @param certificate a certificate its client assertions may be signed with, or null
   */
  public Added add(String name, String tenantId, List<String> roles, AppCertificate certificate) {
    String secret = newSecret();
    String salt = UUID.randomUUID().toString();
    App app = new App(UUID.randomUUID().toString(), name, tenantId, roles, salt, App.hash(salt, secret),
        certificate == null ? List.of() : List.of(certificate), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    change(apps -> apps.add(app));
    return new Added(app, secret);
  }

  /**
   * Removes the apps whose client id or name is {@code clientIdOrName}; returns them (none: nothing matched).
   */
  public List<App> remove(String clientIdOrName) {
    List<App> removed = new ArrayList<>();
    change(apps -> apps.removeIf(app -> {
      boolean match = app.clientId().equalsIgnoreCase(clientIdOrName) || app.name().equals(clientIdOrName);
      if (match) {
        removed.add(app);
      }
      return match;
    }));
    return removed;
  }

  /** Reads, changes and replaces the file under the lock. */
  private void change(java.util.function.Consumer<List<App>> edit) {
    try {
      Files.createDirectories(dataDir);
      try (FileChannel channel = FileChannel.open(dataDir.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
        Path file = dataDir.resolve(FILE);
        List<App> apps = Files.exists(file) ? new ArrayList<>(JSON.readValue(Files.readAllBytes(file), APPS))
            : new ArrayList<>();
        edit.accept(apps);
        Path temp = Files.createTempFile(dataDir, ".apps", ".tmp"); // owner-only (rw-------) on POSIX
        try {
          Files.write(temp, JSON.writerFor(APPS).writeValueAsBytes(apps));
          try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
          }
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** A secret shaped like Entra's (40 characters, {@code ~} at the sixth). */
  private String newSecret() {
    StringBuilder secret = new StringBuilder(40);
    for (int i = 0; i < 3; i++) {
      secret.append(SECRET_CHARACTERS.charAt(random.nextInt(SECRET_CHARACTERS.length())));
    }
    secret.append("8Q~");
    for (int i = 0; i < 34; i++) {
      secret.append(SECRET_TAIL_CHARACTERS.charAt(random.nextInt(SECRET_TAIL_CHARACTERS.length())));
    }
    return secret.toString();
  }
}
