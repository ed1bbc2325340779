package graphaudit.internal.store.log;

import java.nio.file.Path;

/** Bytes of the log that were acknowledged and no longer read back whole: damage, not a crash's cut. */
public final class LogDamagedException extends RuntimeException {

  private final Path file;

  LogDamagedException(Path file, long offset, String what) {
    super(file.getFileName() + " at byte " + offset + ": " + what);
    this.file = file;
  }

  /** The damaged segment. */
  public Path file() {
    return file;
  }
}
