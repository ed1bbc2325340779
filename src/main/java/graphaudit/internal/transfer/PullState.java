package graphaudit.internal.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where a pull from Graph stands, kept beside the data ({@value #FILE}) after every stored page: the URL
 * it started from, the tenant it stores into, the next page's URL and the pages and events read so far.
 * {@code import --from … --resume} goes on from it; a finished pull removes it. Written whole (a new
 * file moved into place), so a kill leaves the last one. Immutable.
 */
public record PullState(String from, String tenant, String next, long pages, long events) {

  public static final String FILE = "import-from.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The state saved in {@code dir}, if any. */
  public static Optional<PullState> read(Path dir) {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(dir.resolve(FILE)), PullState.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** This state after one more page of {@code events} events, whose next page is {@code next} (null: none). */
  PullState after(String next, int events) {
    return new PullState(from, tenant, next, pages + 1, this.events + events);
  }

  public void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".import-from", ".tmp");
      try {
        Files.write(temp, JSON.writeValueAsBytes(this));
        try {
          Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  public static void remove(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
