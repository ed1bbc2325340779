package graphaudit.internal.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.internal.audit.EventJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log on real files: what is appended reads back, survives reopening, and what a crash cuts is dropped. */
class ChangeLogTest {

  private static final ChangeLog.Options SMALL = new ChangeLog.Options(4096, true);

  @TempDir
  Path dir;

  private static EventJson json(String text) {
    return new EventJson(text.getBytes(StandardCharsets.UTF_8), new int[] {1, 2}, "abcdef0123456789");
  }

  private static List<LogRecord> puts(ChangeLog log, String tenant, int count, String prefix) {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new LogRecord.Put(log.newLsn(), tenant, prefix + i, json("{\"n\":\"" + prefix + i + "\"}")));
    }
    return records;
  }

  @Test
  void appendedEventsReadBackByLsnAcrossSegmentsAndReopening() throws Exception {
    List<LogRecord> all = new ArrayList<>();
    try (ChangeLog log = ChangeLog.open(dir, SMALL)) {
      for (int frame = 0; frame < 40; frame++) {
        List<LogRecord> records = puts(log, "t", 10, "f" + frame + "-");
        records.add(new LogRecord.Delete(log.newLsn(), "t", "f" + frame + "-0"));
        log.append(records);
        all.addAll(records);
      }
      assertTrue(segmentFiles().size() > 3, "small segments roll over");
      check(log, all);
    }
    try (ChangeLog log = ChangeLog.open(dir, SMALL)) {
      check(log, all);
      assertEquals(all.get(all.size() - 1).lsn(), log.lastLsn());
      List<LogRecord> replayed = new ArrayList<>();
      log.replay(all.get(100).lsn(), replayed::addAll);
      assertEquals(all.subList(101, all.size()).stream().map(LogRecord::lsn).toList(),
          replayed.stream().map(LogRecord::lsn).toList());
    }
  }

  private static void check(ChangeLog log, List<LogRecord> all) {
    for (LogRecord record : all) {
      EventJson read = log.event(record.lsn());
      if (record instanceof LogRecord.Put put) {
        assertEquals(put.event(), read);
        assertArrayEquals(put.event().betaOnly(), read.betaOnly());
      } else {
        assertNull(read);
      }
    }
  }

  @Test
  void aFrameCutShortByACrashIsDroppedAndTheLogGoesOn() throws Exception {
    List<LogRecord> kept;
    try (ChangeLog log = ChangeLog.open(dir, ChangeLog.Options.DURABLE)) {
      kept = puts(log, "t", 3, "a");
      log.append(kept);
      log.append(puts(log, "t", 3, "b"));
    }
    Path segment = segmentFiles().get(0);
    long size = Files.size(segment);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(size - 7); // the last frame's write was cut short
    }
    try (ChangeLog log = ChangeLog.open(dir, ChangeLog.Options.DURABLE)) {
      assertEquals(kept.get(2).lsn(), log.lastLsn());
      check(log, kept);
      List<LogRecord> more = puts(log, "t", 2, "c");
      log.append(more);
      check(log, more);
    }
  }

  @Test
  void damageBeforeWholeFramesIsRefused() throws Exception {
    try (ChangeLog log = ChangeLog.open(dir, ChangeLog.Options.DURABLE)) {
      log.append(puts(log, "t", 3, "a"));
      log.append(puts(log, "t", 3, "b"));
    }
    Path segment = segmentFiles().get(0);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'X'}), Segment.SEGMENT_HEADER + 40); // inside the first frame
    }
    LogDamagedException damage = assertThrows(LogDamagedException.class,
        () -> ChangeLog.open(dir, ChangeLog.Options.DURABLE));
    assertTrue(damage.getMessage().contains("followed by whole frames"), damage.getMessage());
  }

  @Test
  void aRecordThatFailsItsChecksumIsReportedWhenRead() throws Exception {
    long lsn;
    try (ChangeLog log = ChangeLog.open(dir, ChangeLog.Options.DURABLE)) {
      List<LogRecord> records = puts(log, "t", 1, "a");
      lsn = records.get(0).lsn();
      log.append(records);
      try (FileChannel channel = FileChannel.open(segmentFiles().get(0), StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(new byte[] {'X'}), Files.size(segmentFiles().get(0)) - 3);
      }
      assertThrows(LogDamagedException.class, () -> log.event(lsn));
    }
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
    }
  }
}
