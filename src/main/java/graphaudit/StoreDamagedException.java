package graphaudit;

import java.nio.file.Path;

/**
 * The embedded database file cannot be used as it is (its file is corrupted, or its indexes disagree
 * with its rows): the service must not start on it. {@code graph-audit recover} salvages its events.
 */
public final class StoreDamagedException extends RuntimeException {

  private final Path dataDir;

  /** @param reason what is damaged, in one line */
  public StoreDamagedException(Path dataDir, String reason, Throwable cause) {
    super(reason, cause, false, false);
    this.dataDir = dataDir;
  }

  /** The data directory whose store is damaged. */
  public Path dataDir() {
    return dataDir;
  }
}
