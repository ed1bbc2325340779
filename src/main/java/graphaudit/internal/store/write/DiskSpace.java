package graphaudit.internal.store.write;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free space the file system of an embedded H2 database must keep for writes to be taken, so that
 * a filling disk refuses writes cleanly (507) before H2 fails halfway through storing its pages (an
 * MVStore that cannot write closes the database). Thread-safe.
 */
final class DiskSpace {

  /** Room for the largest store a batch can cause (512 events of at most a few MB each) and then some. */
  static final long DEFAULT_RESERVE_BYTES = 64L << 20;

  private final Path directory;
  private final long reserveBytes;

  DiskSpace(Path directory, long reserveBytes) {
    this.directory = directory;
    this.reserveBytes = reserveBytes;
  }

  /** Refuses a write when less than the reserve is free. */
  void requireFree() {
    long usable = usable();
    if (usable >= 0 && usable < reserveBytes) {
      throw full(null, usable);
    }
  }

  /** A failed write as a refused one when the disk is full (or it says so), else unchanged. */
  RuntimeException explain(RuntimeException e) {
    if (e instanceof StoreFullException) {
      return e;
    }
    long usable = usable();
    boolean full = usable >= 0 && usable < reserveBytes;
    for (Throwable t = e; t != null && !full; t = t.getCause()) {
      full = String.valueOf(t.getMessage()).contains("No space left");
    }
    return full ? full(e, usable) : e;
  }

  private StoreFullException full(Throwable cause, long usable) {
    return new StoreFullException("The data directory " + directory + " is out of space ("
        + (usable >> 20) + " MB free, " + (reserveBytes >> 20) + " MB needed): writes are refused until"
        + " space is freed; stored events stay readable.", cause);
  }

  private long usable() {
    try {
      FileStore store = Files.getFileStore(directory);
      return store.getUsableSpace();
    } catch (IOException e) {
      return -1; // unknown: let the write try
    }
  }
}
