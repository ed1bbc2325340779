package graphaudit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.audit.AuditEvent;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's files: order, sealing, numbering, and what a crash mid-write leaves. */
class JournalTest {

  @Test
  void recordsReadBackInOrderAcrossSealedFiles(@TempDir Path dir) {
    Path base = dir.resolve("graph-audit");
    try (Journal journal = Journal.at(base)) {
      assertFalse(journal.due(), "nothing written, nothing to checkpoint");
      journal.append(List.of(bytes("a"), bytes("b")));
      journal.append(List.of(bytes("c")));
      List<Path> sealed = journal.seal();
      journal.append(List.of(bytes("d")));
      assertEquals(1, sealed.size());
      assertEquals(2, journal.files().size(), "the sealed file and the new current one");
    }
    assertEquals(List.of("a", "b", "c", "d"), readAll(base));
  }

  @Test
  void aReopenedJournalContinuesAfterTheNewestFile(@TempDir Path dir) {
    Path base = dir.resolve("graph-audit");
    try (Journal first = Journal.at(base)) {
      first.append(List.of(bytes("left by a crash")));
    }
    try (Journal second = Journal.at(base)) {
      second.append(List.of(bytes("after restart")));
    }
    assertEquals(List.of("left by a crash", "after restart"), readAll(base),
        "a new file never overwrites one that is still to be replayed");
  }

  @Test
  void aTornLastRecordIsIgnored(@TempDir Path dir) throws Exception {
    Path base = dir.resolve("graph-audit");
    try (Journal journal = Journal.at(base)) {
      journal.append(List.of(bytes("whole")));
      journal.append(List.of(bytes("torn by the crash")));
    }
    Path file = Journal.files(base).get(0);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() - 3);
    }
    assertEquals(List.of("whole"), readAll(base));
  }

  @Test
  void aDamagedRecordEndsItsFile(@TempDir Path dir) throws Exception {
    Path base = dir.resolve("graph-audit");
    try (Journal journal = Journal.at(base)) {
      journal.append(List.of(bytes("first"), bytes("second"), bytes("third")));
    }
    Path file = Journal.files(base).get(0);
    byte[] content = Files.readAllBytes(file);
    int second = indexOf(content, bytes("second"));
    content[second] ^= 0x20; // the CRC no longer matches
    Files.write(file, content);
    assertEquals(List.of("first"), readAll(base));
  }

  @Test
  void otherFilesInTheDirectoryAreNotJournal(@TempDir Path dir) throws Exception {
    Path base = dir.resolve("graph-audit");
    Files.writeString(dir.resolve("graph-audit.mv.db"), "x");
    Files.writeString(dir.resolve("graph-audit.journal.tmp"), "x");
    Files.writeString(dir.resolve("other.journal.1"), "x");
    assertTrue(Journal.files(base).isEmpty());
  }

  @Test
  void redoRecordsReadBackEqual() {
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("userPrincipalName", "admin@contoso.com");
    actor.put("ipAddress", null);
    actor.put("userPermissions", List.of("*", "ünïcode \"quoted\" \u2028"));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("id", "e1");
    properties.put("activityDateTime", "2016-12-31T23:59:51.6363086-08:00");
    properties.put("actor", actor);
    properties.put("resources", List.of(Map.of("resourceId", "r1", "modifiedProperties", List.of())));
    properties.put("category", null);
    AuditEvent event = new AuditEvent(properties);

    Redo put = Redo.fromBytes(Redo.put("tenant-1", event).toBytes());
    assertEquals("tenant-1", put.tenantId());
    assertEquals("e1", put.id());
    assertFalse(put.isDelete());
    assertEquals(event, put.event());
    assertEquals(new ArrayList<>(properties.keySet()), new ArrayList<>(put.event().properties().keySet()),
        "property order kept (the stored JSON is rendered from it)");

    Redo delete = Redo.fromBytes(Redo.delete("tenant-1", "e1").toBytes());
    assertTrue(delete.isDelete());
    assertEquals("e1", delete.id());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> readAll(Path base) {
    List<String> out = new ArrayList<>();
    for (Path file : Journal.files(base)) {
      Journal.read(file, r -> out.add(new String(r, StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
