package graphaudit.internal.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The index of a sealed segment, kept in a file beside it ({@code <first lsn>.idx}) so that opening the
 * log reads 16 bytes per event instead of the segments themselves; mapped, not copied into the heap.
 * Layout: magic, count, the segment's last lsn, its id and size (an index is taken only for the segment
 * it was written for), then per record its lsn, offset and length, then a CRC32C of all that.
 * Immutable; thread-safe.
 */
final class SealedIndex extends SegmentIndex {

  private static final int MAGIC = 0x47414958; // "GAIX"
  private static final int HEADER = 32;
  private static final int ENTRY = 16;

  private final ByteBuffer entries;
  private final int count;
  private final long lastLsn;
  private final long segmentId;
  private final long segmentSize;

  private SealedIndex(ByteBuffer entries, int count, long lastLsn, long segmentId, long segmentSize) {
    this.entries = entries;
    this.count = count;
    this.lastLsn = lastLsn;
    this.segmentId = segmentId;
    this.segmentSize = segmentSize;
  }

  long segmentId() {
    return segmentId;
  }

  long segmentSize() {
    return segmentSize;
  }

  /** The last lsn of the segment, deletes included. */
  long lastLsn() {
    return lastLsn;
  }

  /**
   * Writes {@code index} as {@code file} (through a temporary file, fsynced, then renamed, so a crash
   * leaves the whole file or none) and maps it.
   */
  static SealedIndex write(Path file, SegmentIndex index, long lastLsn, long segmentId, long segmentSize,
      boolean sync) throws IOException {
    int count = index.count();
    ByteBuffer out = ByteBuffer.allocate(HEADER + count * ENTRY + 4);
    out.putInt(MAGIC).putInt(count).putLong(lastLsn).putLong(segmentId).putLong(segmentSize);
    for (int i = 0; i < count; i++) {
      out.putLong(index.lsn(i)).putInt(Math.toIntExact(index.offset(i))).putInt(index.length(i));
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue()).flip();
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (out.hasRemaining()) {
        channel.write(out);
      }
      if (sync) {
        channel.force(true);
      }
    }
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (sync) {
      Segment.syncDirectory(file.getParent());
    }
    return read(file);
  }

  /** The index in {@code file}, or null when it is missing, short or fails its checksum. */
  static SealedIndex read(Path file) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) < HEADER + 4) {
      return null;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      if (mapped.getInt(0) != MAGIC) {
        return null;
      }
      int count = mapped.getInt(4);
      long expected = HEADER + (long) count * ENTRY + 4;
      if (count < 0 || expected != channel.size()) {
        return null;
      }
      CRC32C crc = new CRC32C();
      crc.update(mapped.duplicate().limit((int) expected - 4));
      if ((int) crc.getValue() != mapped.getInt((int) expected - 4)) {
        return null;
      }
      return new SealedIndex(mapped.slice(HEADER, count * ENTRY), count, mapped.getLong(8), mapped.getLong(16),
          mapped.getLong(24));
    }
  }

  @Override
  int count() {
    return count;
  }

  @Override
  long lsn(int entry) {
    return entries.getLong(entry * ENTRY);
  }

  @Override
  long offset(int entry) {
    return entries.getInt(entry * ENTRY + 8);
  }

  @Override
  int length(int entry) {
    return entries.getInt(entry * ENTRY + 12);
  }
}
