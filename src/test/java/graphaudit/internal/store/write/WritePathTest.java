package graphaudit.internal.store.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import graphaudit.internal.store.sql.Bodies;
import graphaudit.internal.store.sql.TenantNumbers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One write path: only {@link ChangeWriter} (with the collection rows it inserts and the counts it keeps,
 * and the number a new tenant gets) writes the event tables, and it refuses to run on any thread but the
 * writer's; so every route that stores or deletes
 * events (requests, generate's bulk load, import, retention: each tested through its own route
 * elsewhere) goes through the group-commit writer.
 */
class WritePathTest {

  private static final Pattern WRITES_EVENTS = Pattern.compile(
      "(INSERT INTO|UPDATE|DELETE FROM) (audit_|\" \\+ table)");

  @TempDir
  Path data;

  @Test
  void onlyTheChangeWriterWritesTheEventTables() throws IOException {
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      List<String> writers = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        try {
          return WRITES_EVENTS.matcher(Files.readString(p)).find();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(p -> p.getFileName().toString()).sorted().toList();
      // the writer's rows, the collection rows and counts it keeps with them, and a tenant's number
      assertEquals(List.of("ChangeWriter.java", "CollectionRows.java", "Counts.java", "TenantNumbers.java"), writers);
    }
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      List<String> callers = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        try {
          return Files.readString(p).contains("CollectionRows.insert(");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(p -> p.getFileName().toString()).toList();
      assertEquals(List.of("ChangeWriter.java"), callers, "CollectionRows inserts for the ChangeWriter alone");
    }
  }

  @Test
  void changesAreRefusedOffTheWriterThread() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:write-path")) {
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> new ChangeWriter(new Bodies(null), new TenantNumbers(null), false).apply(connection, new Effects(),
              List.of(new Change.Delete("t", "id"))));
      assertEquals("a change applied outside the writer thread", refused.getMessage());
    }
  }
}
