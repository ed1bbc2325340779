package graphaudit.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redo journal of an H2 file database: files {@code BASE.journal.N} of framed records
 * ({@code length, CRC-32C, bytes}), appended with one {@code write()} per group commit. A record is
 * in the operating system's file cache when {@link #append} returns, so it survives a crash of this
 * process, which H2's own commit does not promise until its next store. The writer rotates to a new
 * file once the current one is {@linkplain #due() due}; a sealed file is deleted once a checkpoint
 * has put everything in it into the database file. Not thread-safe: the writer thread owns it.
 */
final class Journal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  /** Rotate after this much, so that replay after a crash stays short... */
  private static final long ROTATE_BYTES = 16L << 20;
  /** ...or this long after the file's first record, so that a quiet journal is emptied too. */
  private static final long ROTATE_NANOS = 5_000_000_000L;
  private static final int HEADER_BYTES = 8;
  private static final int MAX_RECORD_BYTES = 64 << 20;

  private final Path base;
  private long number;
  private FileChannel current;
  private long size;
  private long firstAppendNanos;

  private Journal(Path base, long lastNumber) {
    this.base = base;
    this.number = lastNumber;
  }

  /** The journal of the database at {@code base} (H2's database path, without suffix). */
  static Journal at(Path base) {
    return new Journal(base, files(base).stream().mapToLong(Journal::numberOf).max().orElse(0));
  }

  /** The journal files at {@code base}, oldest first: after a crash, what to replay. */
  static List<Path> files(Path base) {
    Pattern name = Pattern.compile(Pattern.quote(base.getFileName() + ".journal.") + "\\d{1,18}");
    Path dir = base.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(f -> name.matcher(f.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(Journal::numberOf)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the journal at " + base, e);
    }
  }

  /** N of a file {@link #files} found (its name already matched). */
  private static long numberOf(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(name.lastIndexOf('.') + 1));
  }

  /**
   * Every whole record of {@code file} in order. A torn or damaged record ends the file (a crash
   * during its write: it was never acknowledged), and is logged.
   */
  static void read(Path file, Consumer<byte[]> each) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
         DataInputStream data = new DataInputStream(in)) {
      while (true) {
        int length;
        try {
          length = data.readInt();
        } catch (EOFException end) {
          return;
        }
        int crc = data.readInt();
        if (length < 0 || length > MAX_RECORD_BYTES) {
          LOG.warn("journal {}: damaged record header, the rest is ignored", file);
          return;
        }
        byte[] record = data.readNBytes(length);
        if (record.length < length || crc != crc(record)) {
          LOG.warn("journal {}: torn last record ignored (never acknowledged)", file);
          return;
        }
        each.accept(record);
      }
    } catch (EOFException torn) {
      LOG.warn("journal {}: torn last record header ignored (never acknowledged)", file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal " + file, e);
    }
  }

  /** Appends the records with one write; they survive a crash of this process once it returns. */
  void append(List<byte[]> records) {
    if (records.isEmpty()) {
      return;
    }
    int total = records.stream().mapToInt(r -> HEADER_BYTES + r.length).sum();
    ByteBuffer buffer = ByteBuffer.allocate(total);
    for (byte[] record : records) {
      buffer.putInt(record.length).putInt(crc(record)).put(record);
    }
    buffer.flip();
    try {
      if (current == null) {
        open(number + 1);
      }
      while (buffer.hasRemaining()) {
        current.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the journal", e);
    }
    size += total;
  }

  private void open(long next) throws IOException {
    number = next;
    current = FileChannel.open(file(number), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    size = 0;
    firstAppendNanos = System.nanoTime();
  }

  private Path file(long n) {
    return base.resolveSibling(base.getFileName() + ".journal." + n);
  }

  /** Whether the current file is large or old enough to be sealed and checkpointed. */
  boolean due() {
    return current != null && (size >= ROTATE_BYTES || System.nanoTime() - firstAppendNanos >= ROTATE_NANOS);
  }

  /**
   * Seals the current file; the next append starts a new one. Returns every file up to it: delete
   * them only after the database has stored everything committed before this call.
   */
  List<Path> seal() {
    long sealed = number;
    closeCurrent();
    return files(base).stream().filter(f -> numberOf(f) <= sealed).toList();
  }

  /** Deletes a sealed file (or one left by a crash) whose records the database file now holds. */
  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the journal file " + file, e);
    }
  }

  /** Every file of this journal, the current one included (for a clean shutdown, after a checkpoint). */
  List<Path> files() {
    return files(base);
  }

  private void closeCurrent() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the journal", e);
      } finally {
        current = null;
      }
    }
  }

  private static int crc(byte[] record) {
    CRC32C crc = new CRC32C();
    crc.update(record);
    return (int) crc.getValue();
  }

  @Override
  public void close() {
    closeCurrent();
  }
}
