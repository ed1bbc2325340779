package graphaudit.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the scratch and temporary directories the service, its tools and its tests make. */
public final class Directories {

  private Directories() {
  }

  /**
   * Deletes {@code dir} and what it holds (nothing if it is gone), walking it again when a file turned
   * up meanwhile: H2 may still write its trace file as its last pooled connections close.
   */
  public static void deleteTree(Path dir) {
    for (int attempt = 1; Files.exists(dir); attempt++) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      } catch (DirectoryNotEmptyException e) {
        if (attempt == 3) {
          throw new UncheckedIOException("cannot delete " + dir, e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + dir, e);
      }
    }
  }
}
