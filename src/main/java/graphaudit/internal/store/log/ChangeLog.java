package graphaudit.internal.store.log;

import graphaudit.internal.audit.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's durable record: every change, in order, in segment files of whole frames ({@link Segment}),
 * each frame the changes of one group commit and made durable ({@code fsync}) before they are
 * acknowledged. The database is an index of it that records the last lsn it holds: after a crash the log's
 * tail is replayed into it, and a lost or damaged index is rebuilt from the whole log. Stored events are
 * read back from here by lsn. Appends come from one writer thread; reads from any thread.
 */
public final class ChangeLog implements AutoCloseable {

  /** How the log is kept: the size at which a segment is sealed, and whether appends are fsynced. */
  public record Options(long segmentBytes, boolean sync) {

    /** Segments of 64 MB, fsynced: what the service keeps. */
    public static final Options DURABLE = new Options(64L << 20, true);
  }

  private static final Logger LOG = LoggerFactory.getLogger(ChangeLog.class);

  private final Path dir;
  private final Options options;
  /** Segments by first lsn; replaced whole when it changes (copy on write), so readers need no lock. */
  private volatile NavigableMap<Long, Segment> segments;
  private Segment active;
  private long nextLsn;
  private ByteBuffer scratch = ByteBuffer.allocate(1 << 16);
  /** Held by a compaction: one at a time. */
  private final Object compacting = new Object();

  private ChangeLog(Path dir, Options options, NavigableMap<Long, Segment> segments, Segment active) {
    this.dir = dir;
    this.options = options;
    this.segments = segments;
    this.active = active;
    this.nextLsn = active.lastLsn() + 1;
  }

  /**
   * Opens the log in {@code dir} (creating it), keeping what was durably written: a frame that a crash
   * cut short at the end is dropped (it was never acknowledged); anything else that does not read back
   * whole is damage ({@link LogDamagedException}).
   */
  public static ChangeLog open(Path dir, Options options) throws IOException {
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listed = Files.list(dir)) {
      for (Path file : listed.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".tmp")) {
          Files.delete(file); // a compaction or an index write cut short
        } else if (name.endsWith(".log")) {
          files.add(file);
        }
      }
    }
    files.sort(null); // zero-padded first lsns sort as numbers
    NavigableMap<Long, Segment> segments = new TreeMap<>();
    long covered = 0;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      long firstLsn = firstLsn(file);
      if (firstLsn <= covered) {
        // written again by a compaction whose old segments were not all deleted before a crash
        Files.deleteIfExists(Segment.indexFile(file));
        Files.delete(file);
        continue;
      }
      boolean last = i == files.size() - 1;
      Segment segment = last ? null : Segment.openSealed(file, firstLsn);
      if (segment == null) {
        Segment.Scan scan = Segment.scan(file, firstLsn);
        segment = scan.segment();
        if (scan.trailing() > 0) {
          if (!last || scan.wholeFrameAfterTrailing()) {
            segment.close();
            throw new LogDamagedException(file, segment.size(), scan.trailing() + " bytes that are no whole frame"
                + (last ? ", followed by whole frames" : " in a sealed segment"));
          }
          LOG.info("log: dropped {} bytes of a write that a crash cut short at the end of {}", scan.trailing(),
              file.getFileName());
          segment.truncate();
        }
        if (!last) {
          segment.seal(options.sync());
        }
      }
      covered = segment.lastLsn();
      segments.put(firstLsn, segment);
    }
    Segment active;
    if (segments.isEmpty()) {
      active = Segment.create(dir, 1, options.sync());
      segments.put(1L, active);
    } else {
      active = segments.lastEntry().getValue();
    }
    return new ChangeLog(dir, options, Collections.unmodifiableNavigableMap(segments), active);
  }

  private static long firstLsn(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - ".log".length()));
  }

  /** A new lsn, larger than every one before; unused ones leave gaps, which are harmless. Writer only. */
  public long newLsn() {
    return nextLsn++;
  }

  /** The lsn the next {@link #newLsn()} returns. */
  public long peekLsn() {
    return nextLsn;
  }

  /**
   * Appends {@code records} as one frame, which a crash keeps whole or drops whole, and makes it durable
   * (with {@link Options#sync()}). Their lsns are ones {@link #newLsn()} gave, in increasing order.
   * Writer only.
   */
  public void append(List<LogRecord> records) throws IOException {
    if (records.isEmpty()) {
      return;
    }
    if (active.size() >= options.segmentBytes()) {
      roll(records.get(0).lsn());
    }
    active.append(records, scratch);
    if (options.sync()) {
      active.force();
    }
  }

  /** Seals the active segment and starts the next one at {@code firstLsn}. */
  private void roll(long firstLsn) throws IOException {
    Segment next = Segment.create(dir, firstLsn, options.sync());
    active.seal(options.sync());
    synchronized (this) {
      NavigableMap<Long, Segment> grown = new TreeMap<>(segments);
      grown.put(firstLsn, next);
      segments = Collections.unmodifiableNavigableMap(grown);
      active = next;
    }
  }

  /** Which stored events of a range of lsns are still current: the index's answer for compaction. */
  @FunctionalInterface
  public interface LiveEvents {
    /** The lsns between {@code from} and {@code to} (inclusive) at which an event is stored now, ascending. */
    long[] between(long from, long to) throws Exception;
  }

  /**
   * Rewrites the oldest sealed segments without what no longer counts: stored events that were replaced
   * or deleted since, and deletes (nothing older than them is left to delete). Only segments that the index
   * holds durably ({@code durableLsn}) are touched, so a replay after a crash never needs what was dropped;
   * and only when at least half of such a run of segments is dead. Returns the bytes freed. Runs beside
   * the writer and readers; one compaction at a time.
   */
  public long compact(LiveEvents live, long durableLsn) throws Exception {
    synchronized (compacting) {
      return compactOnce(live, durableLsn);
    }
  }

  private long compactOnce(LiveEvents live, long durableLsn) throws Exception {
    List<Segment> run = new ArrayList<>();
    long runBytes = 0;
    long deadBytes = 0;
    long bestDead = 0;
    int best = -1;
    for (Segment segment : segments.values()) {
      if (!segment.sealed() || segment == active || segment.lastLsn() > durableLsn) {
        break;
      }
      long[] current = live.between(segment.firstLsn(), segment.lastLsn());
      long liveBytes = segment.puts() == 0 ? 0
          : (long) ((segment.size() - Segment.SEGMENT_HEADER) * ((double) current.length / segment.puts()));
      run.add(segment);
      runBytes += segment.size();
      deadBytes += segment.size() - liveBytes;
      if (2 * deadBytes >= runBytes && deadBytes > bestDead) {
        best = run.size() - 1;
        bestDead = deadBytes;
      }
    }
    if (best < 0) {
      return 0;
    }
    List<Segment> rewritten = run.subList(0, best + 1);
    Segment first = rewritten.get(0);
    long lastLsn = rewritten.get(rewritten.size() - 1).lastLsn();
    long before = rewritten.stream().mapToLong(Segment::size).sum();
    Path temporary = dir.resolve(first.file().getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    Segment compacted = Segment.createAt(temporary, first.firstLsn(), options.sync());
    try {
      List<LogRecord> frame = new ArrayList<>();
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      for (Segment segment : rewritten) {
        long[] current = live.between(segment.firstLsn(), segment.lastLsn());
        long position = Segment.SEGMENT_HEADER;
        while (position < segment.size()) {
          Segment.Frame read = segment.readFrame(position, segment.size());
          if (read == null) {
            throw new LogDamagedException(segment.file(), position, "a frame that does not read back whole");
          }
          for (LogRecord record : read.records()) {
            if (record instanceof LogRecord.Put && java.util.Arrays.binarySearch(current, record.lsn()) >= 0) {
              frame.add(record);
            }
          }
          if (frame.size() >= 1_000) {
            compacted.append(frame, buffer);
            frame.clear();
          }
          position = read.end();
        }
      }
      compacted.append(frame, buffer);
      compacted.endsAt(lastLsn);
      if (options.sync()) {
        compacted.force();
      }
      compacted.sealAs(first.file(), options.sync());
    } catch (Exception e) {
      compacted.close();
      Files.deleteIfExists(temporary);
      throw e;
    }
    synchronized (this) { // against roll(), which may have added a segment meanwhile
      NavigableMap<Long, Segment> after = new TreeMap<>(segments);
      for (Segment segment : rewritten) {
        after.remove(segment.firstLsn());
      }
      after.put(compacted.firstLsn(), compacted);
      segments = Collections.unmodifiableNavigableMap(after);
    }
    for (Segment segment : rewritten) {
      if (segment == first) {
        segment.close(); // its file now holds the compacted segment
      } else {
        segment.delete();
      }
    }
    long freed = before - compacted.size();
    LOG.info("log: compacted {} segments from {} MB to {} MB", rewritten.size(), before >> 20, compacted.size() >> 20);
    return freed;
  }

  /** The event stored by the record {@code lsn}, or null when the log holds no stored event at that lsn. */
  public EventJson event(long lsn) {
    for (int attempt = 0; ; attempt++) {
      Map.Entry<Long, Segment> entry = segments.floorEntry(lsn);
      if (entry == null) {
        return null;
      }
      try {
        LogRecord.Put put = entry.getValue().read(lsn);
        return put == null ? null : put.event();
      } catch (UncheckedIOException e) {
        // a compaction replaced the segment meanwhile: the map now names its successor
        if (!(e.getCause() instanceof ClosedChannelException) || attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** Receives the log's frames in order: the changes of one group commit each. */
  @FunctionalInterface
  public interface FrameConsumer {
    void accept(List<LogRecord> records) throws Exception;
  }

  /**
   * Hands every frame holding records after {@code afterLsn} to {@code frames}, in order, without the
   * records up to it: what an index that holds the log up to {@code afterLsn} has to apply.
   */
  public void replay(long afterLsn, FrameConsumer frames) throws Exception {
    NavigableMap<Long, Segment> now = segments;
    Long start = now.floorKey(afterLsn + 1);
    for (Segment segment : (start == null ? now : now.tailMap(start, true)).values()) {
      if (segment.lastLsn() <= afterLsn) {
        continue;
      }
      long position = Segment.SEGMENT_HEADER;
      long end = segment.size();
      while (position < end) {
        Segment.Frame frame = segment.readFrame(position, end);
        if (frame == null) {
          throw new LogDamagedException(segment.file(), position, "a frame that does not read back whole");
        }
        List<LogRecord> records = frame.records();
        if (!records.isEmpty() && records.get(0).lsn() <= afterLsn) {
          records = records.stream().filter(r -> r.lsn() > afterLsn).toList();
        }
        if (!records.isEmpty()) {
          frames.accept(records);
        }
        position = frame.end();
      }
    }
  }

  /**
   * Copies every frame of the log in {@code from} that still reads back whole into a new log in
   * {@code to}, skipping what is damaged; how many bytes were skipped. For a log that no longer opens.
   */
  public static long salvage(Path from, Path to) throws Exception {
    List<Path> files;
    try (Stream<Path> listed = Files.list(from)) {
      files = listed.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
    }
    long skipped = 0;
    try (ChangeLog copy = open(to, Options.DURABLE)) {
      long[] last = {0};
      for (Path file : files) {
        skipped += Segment.salvage(file, records -> {
          List<LogRecord> after = records.stream().filter(r -> r.lsn() > last[0]).toList();
          if (!after.isEmpty()) {
            copy.nextLsn = Math.max(copy.nextLsn, after.get(after.size() - 1).lsn() + 1);
            copy.append(after);
            last[0] = after.get(after.size() - 1).lsn();
          }
        });
      }
    }
    return skipped;
  }

  /** The last lsn written, 0 when none is. */
  public long lastLsn() {
    return nextLsn - 1;
  }

  /** The bytes of every segment. */
  public long sizeBytes() {
    long total = 0;
    for (Segment segment : segments.values()) {
      total += segment.size();
    }
    return total;
  }

  /** The average bytes a stored event's record takes in the log (deletes' share included); 0 when empty. */
  public long averageEventBytes() {
    long puts = 0;
    long bytes = 0;
    for (Segment segment : segments.values()) {
      puts += segment.puts();
      bytes += segment.size() - Segment.SEGMENT_HEADER;
    }
    return puts == 0 ? 0 : bytes / puts;
  }

  /** The directory of the segments. */
  public Path directory() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    for (Segment segment : segments.values()) {
      segment.close();
    }
  }
}
