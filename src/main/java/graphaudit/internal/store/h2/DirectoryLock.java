package graphaudit.internal.store.h2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A data directory held by one process ({@code graph-audit.lock}, locked while the store is open and
 * deleted when it closes cleanly). Found at the next open, the file means the last process died without
 * closing: the store then checks what the crash may have touched. Not thread-safe.
 */
final class DirectoryLock implements AutoCloseable {

  static final String FILE = "graph-audit.lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final boolean leftByCrash;

  private DirectoryLock(Path file, FileChannel channel, FileLock lock, boolean leftByCrash) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.leftByCrash = leftByCrash;
  }

  /** Takes the directory; {@link DirectoryInUseException} when another process holds it. */
  static DirectoryLock take(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    boolean existed = Files.exists(file);
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very process, through another store
      }
      if (lock == null) {
        channel.close();
        throw new DirectoryInUseException(dataDir);
      }
      return new DirectoryLock(file, channel, lock, existed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  /** Whether the last process to hold the directory died without closing its store. */
  boolean leftByCrash() {
    return leftByCrash;
  }

  /** Releases the directory after a clean close: the next open has nothing to check. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + file, e);
    }
  }

  /** Releases the directory as a crash would, leaving the file: for a store that stops without closing. */
  void abandon() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + file, e);
    }
  }
}
