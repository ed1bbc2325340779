package graphaudit.internal.store.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One file of the log ({@code <first lsn>.log}): a header (magic, version and a random id that its index
 * file names, so an index is never taken for another segment's), then frames, each the changes of one
 * group commit, written whole or not at all. A frame is a magic number, its length and its record count, then each record as
 * its length, its CRC32C and its bytes ({@link RecordCodec}); a frame counts only if every record in it
 * checks. The segment being written keeps its index in memory; a sealed one has it in a file beside it
 * ({@link SealedIndex}). One writer; reads of records by lsn from any thread.
 */
final class Segment implements AutoCloseable {

  static final int MAGIC = 0x47414C46; // "GALF"
  private static final int SEGMENT_MAGIC = 0x47414C53; // "GALS"
  private static final int VERSION = 1;
  static final int SEGMENT_HEADER = 16;
  static final int FRAME_HEADER = 12;
  static final int RECORD_HEADER = 8;

  private final long firstLsn;
  private Path file;
  private final FileChannel channel;
  private long id;
  /** The end of the last whole frame: where the next one goes. */
  private long end;
  /** The last lsn written here, deletes included; firstLsn - 1 while empty. */
  private long lastLsn;
  private GrowingIndex growing;
  private volatile SegmentIndex index;

  private Segment(long firstLsn, Path file, FileChannel channel) {
    this.firstLsn = firstLsn;
    this.file = file;
    this.channel = channel;
    this.lastLsn = firstLsn - 1;
  }

  static String fileName(long firstLsn) {
    return String.format("%020d.log", firstLsn);
  }

  static Path indexFile(Path segmentFile) {
    String name = segmentFile.getFileName().toString();
    return segmentFile.resolveSibling(name.substring(0, name.length() - ".log".length()) + ".idx");
  }

  /** A new, empty segment to write, the directory synced so the file survives a crash. */
  static Segment create(Path dir, long firstLsn, boolean sync) throws IOException {
    Path file = dir.resolve(fileName(firstLsn));
    return createAt(file, firstLsn, sync);
  }

  /** {@link #create(Path, long, boolean)} as {@code file}, which must not exist yet. */
  static Segment createAt(Path file, long firstLsn, boolean sync) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    Segment segment = new Segment(firstLsn, file, channel);
    segment.id = new java.security.SecureRandom().nextLong();
    ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER).putInt(SEGMENT_MAGIC).putInt(VERSION).putLong(segment.id)
        .flip();
    while (header.hasRemaining()) {
      channel.write(header, header.position());
    }
    if (sync) {
      channel.force(true);
      syncDirectory(file.getParent());
    }
    segment.end = SEGMENT_HEADER;
    segment.growing = new GrowingIndex();
    segment.index = segment.growing.snapshot();
    return segment;
  }

  /** A sealed segment whose index file is whole, without reading the segment; null if it is not. */
  static Segment openSealed(Path file, long firstLsn) throws IOException {
    SealedIndex sealed = SealedIndex.read(indexFile(file));
    if (sealed == null) {
      return null;
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    long id = readId(channel);
    if (id != sealed.segmentId() || channel.size() != sealed.segmentSize()) {
      channel.close();
      return null; // the index of another segment that had this name (a compaction cut short)
    }
    Segment segment = new Segment(firstLsn, file, channel);
    segment.id = id;
    segment.index = sealed;
    segment.lastLsn = sealed.lastLsn();
    segment.end = channel.size();
    return segment;
  }

  /** The id in a segment's header; 0 when it has no whole header. */
  private static long readId(FileChannel channel) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER);
    while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
      // reads until full or at the end
    }
    return header.position() == SEGMENT_HEADER && header.getInt(0) == SEGMENT_MAGIC ? header.getLong(8) : 0;
  }

  /**
   * Opens a segment by reading every frame in it, keeping the whole ones and its index in memory. What
   * follows the last whole frame is reported ({@link Scan#trailing()}); the caller decides whether that
   * is a write cut short by a crash (then {@link #truncate()}) or damage.
   */
  static Scan scan(Path file, long firstLsn) throws IOException {
    Segment segment = new Segment(firstLsn, file, FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE));
    segment.growing = new GrowingIndex();
    segment.id = readId(segment.channel);
    long size = segment.channel.size();
    if (segment.id == 0) {
      // a header cut short by a crash right after the file was created: an empty segment
      segment.end = 0;
      segment.index = segment.growing.snapshot();
      return new Scan(segment, size, false);
    }
    long position = SEGMENT_HEADER;
    while (position < size) {
      Frame frame = segment.readFrame(position, size);
      if (frame == null) {
        break;
      }
      for (int i = 0; i < frame.records().size(); i++) {
        segment.indexed(frame.records().get(i), frame.offsets()[i], frame.lengths()[i]);
      }
      position = frame.end();
    }
    segment.end = position;
    segment.index = segment.growing.snapshot();
    return new Scan(segment, size - position, position < size && segment.frameAfter(position, size));
  }

  /** What {@link #scan} found: the segment and the bytes after its last whole frame. */
  record Scan(Segment segment, long trailing, boolean wholeFrameAfterTrailing) {
  }

  /** A frame read back: its records, where each one's bytes start and how long they are, and its end. */
  record Frame(List<LogRecord> records, long[] offsets, int[] lengths, long end) {
  }

  /** The whole frame at {@code position}, or null when there is none (cut short, damaged or not a frame). */
  Frame readFrame(long position, long limit) throws IOException {
    if (limit - position < FRAME_HEADER) {
      return null;
    }
    ByteBuffer header = readAt(position, FRAME_HEADER);
    int length = header.getInt(4);
    int count = header.getInt(8);
    if (header.getInt(0) != MAGIC || length < 0 || count < 0 || position + FRAME_HEADER + length > limit) {
      return null;
    }
    ByteBuffer body = readAt(position + FRAME_HEADER, length);
    List<LogRecord> records = new ArrayList<>(count);
    long[] offsets = new long[count];
    int[] lengths = new int[count];
    CRC32C crc = new CRC32C();
    for (int i = 0; i < count; i++) {
      if (body.remaining() < RECORD_HEADER) {
        return null;
      }
      int recordLength = body.getInt();
      int expected = body.getInt();
      if (recordLength < 0 || recordLength > body.remaining()) {
        return null;
      }
      offsets[i] = position + FRAME_HEADER + body.position() - RECORD_HEADER;
      lengths[i] = RECORD_HEADER + recordLength;
      ByteBuffer bytes = body.slice(body.position(), recordLength);
      crc.reset();
      crc.update(bytes.duplicate());
      if ((int) crc.getValue() != expected) {
        return null;
      }
      try {
        records.add(RecordCodec.read(bytes));
      } catch (RuntimeException e) {
        return null;
      }
      body.position(body.position() + recordLength);
    }
    return body.hasRemaining() ? null : new Frame(records, offsets, lengths, position + FRAME_HEADER + length);
  }

  /** Whether a whole frame starts anywhere after {@code position}: then what is there is damage, not a cut. */
  private boolean frameAfter(long position, long size) throws IOException {
    return nextFrame(position + 1, size) >= 0;
  }

  /** Where the first whole frame at or after {@code from} starts, or -1. */
  private long nextFrame(long from, long size) throws IOException {
    int chunk = 1 << 20;
    for (long start = from; start + FRAME_HEADER <= size; start += chunk) {
      ByteBuffer bytes = readAt(start, (int) Math.min(chunk + 3, size - start));
      for (int i = 0; i + 4 <= bytes.limit() && i < chunk; i++) {
        if (bytes.getInt(i) == MAGIC && readFrame(start + i, size) != null) {
          return start + i;
        }
      }
    }
    return -1;
  }

  /**
   * Every whole frame of a segment file, however damaged it is elsewhere (what does not read back whole
   * is skipped up to the next whole frame); how many bytes were skipped.
   */
  static long salvage(Path file, ChangeLog.FrameConsumer frames) throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      Segment segment = new Segment(0, file, channel);
      long size = channel.size();
      long skipped = 0;
      long position = readId(channel) == 0 ? 0 : SEGMENT_HEADER;
      while (position < size) {
        Frame frame = segment.readFrame(position, size);
        if (frame == null) {
          long next = segment.nextFrame(position + 1, size);
          skipped += (next < 0 ? size : next) - position;
          if (next < 0) {
            break;
          }
          position = next;
          continue;
        }
        frames.accept(frame.records());
        position = frame.end();
      }
      return skipped;
    }
  }

  private void indexed(LogRecord record, long offset, int length) {
    if (record instanceof LogRecord.Put) {
      growing.add(record.lsn(), offset, length);
    }
    lastLsn = record.lsn();
  }

  /** Drops what follows the last whole frame (a segment without a whole header gets a new one). */
  void truncate() throws IOException {
    channel.truncate(end);
    if (end == 0) {
      id = new java.security.SecureRandom().nextLong();
      ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER).putInt(SEGMENT_MAGIC).putInt(VERSION).putLong(id)
          .flip();
      while (header.hasRemaining()) {
        channel.write(header, header.position());
      }
      end = SEGMENT_HEADER;
    }
    channel.force(true);
  }

  /**
   * Writes a frame of {@code records} after the last one (not yet durable: see {@link #force()}). On
   * failure the segment is cut back to where it was, so a failed frame leaves no trace.
   */
  void append(List<LogRecord> records, ByteBuffer scratch) throws IOException {
    ByteBuffer frame = Frames.encode(records, scratch);
    long start = end;
    try {
      while (frame.hasRemaining()) {
        channel.write(frame, start + frame.position());
      }
    } catch (IOException e) {
      channel.truncate(start);
      throw e;
    }
    long position = start + FRAME_HEADER;
    for (LogRecord record : records) {
      int length = RECORD_HEADER + frame.getInt((int) (position - start));
      indexed(record, position, length);
      position += length;
    }
    end = position;
    index = growing.snapshot();
  }

  /** Makes every frame written so far durable. */
  void force() throws IOException {
    channel.force(false);
  }

  /** Marks the segment as standing for the lsns up to {@code lsn}, records or not (a compaction's output). */
  void endsAt(long lsn) {
    lastLsn = lsn;
  }

  /**
   * Seals the segment as {@code target}: its index file first, then the segment renamed over whatever
   * {@code target} was. A crash between the two leaves an index that names another segment (its id),
   * which the next open ignores and rebuilds.
   */
  void sealAs(Path target, boolean sync) throws IOException {
    index = SealedIndex.write(indexFile(target), growing, lastLsn, id, end, sync);
    growing = null;
    Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    file = target;
    if (sync) {
      syncDirectory(target.getParent());
    }
  }

  /** Ends writing to this segment: its index goes to its file, and it is read-only from now on. */
  void seal(boolean sync) throws IOException {
    index = SealedIndex.write(indexFile(file), growing, lastLsn, id, end, sync);
    growing = null;
  }

  /** The stored event record of {@code lsn} here, or null when there is none. */
  LogRecord.Put read(long lsn) {
    SegmentIndex entries = index;
    int entry = entries.find(lsn);
    if (entry < 0) {
      return null;
    }
    try {
      ByteBuffer bytes = readAt(entries.offset(entry), entries.length(entry));
      int length = bytes.getInt();
      int expected = bytes.getInt();
      CRC32C crc = new CRC32C();
      crc.update(bytes.duplicate());
      if (length != bytes.remaining() || (int) crc.getValue() != expected) {
        throw new LogDamagedException(file, entries.offset(entry), "record " + lsn + " fails its checksum");
      }
      return (LogRecord.Put) RecordCodec.read(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private ByteBuffer readAt(long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.flip();
  }

  long firstLsn() {
    return firstLsn;
  }

  long lastLsn() {
    return lastLsn;
  }

  /** Bytes of whole frames. */
  long size() {
    return end;
  }

  Path file() {
    return file;
  }

  /** How many stored events (puts) it records. */
  int puts() {
    return index.count();
  }

  /** The lsns of its puts, in order. */
  long putLsn(int entry) {
    return index.lsn(entry);
  }

  boolean sealed() {
    return growing == null;
  }

  /** Deletes the segment and its index file. */
  void delete() throws IOException {
    close();
    Files.deleteIfExists(indexFile(file));
    Files.deleteIfExists(file);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Makes a new or renamed file in {@code dir} survive a crash. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }
}
