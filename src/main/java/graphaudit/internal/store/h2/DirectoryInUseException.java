package graphaudit.internal.store.h2;

import java.nio.file.Path;

/** Another process (a running graph-audit) holds the data directory. */
public final class DirectoryInUseException extends RuntimeException {

  private final Path dataDir;

  DirectoryInUseException(Path dataDir) {
    super("the data directory " + dataDir.toAbsolutePath() + " is in use by another process");
    this.dataDir = dataDir;
  }

  public Path dataDir() {
    return dataDir;
  }
}
