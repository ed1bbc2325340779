package graphaudit.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up shortcut past Flyway: taken only when the newest migration is applied. */
class SchemaVersionTest {

  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.(sql|class)");

  @Test
  void latestIsTheNewestMigrationFile() throws Exception {
    Path dir = Path.of(getClass().getClassLoader().getResource(SchemaVersion.MIGRATIONS).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      int newest = files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
          .filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1)))
          .max(Comparator.naturalOrder()).orElseThrow();
      assertEquals(String.valueOf(newest), SchemaVersion.LATEST,
          "a new migration needs SchemaVersion.LATEST raised, or restarts would skip it");
    }
  }

  @Test
  void anEmptyDatabaseIsNotCurrentAMigratedOneIs(@TempDir Path dir) {
    String url = "jdbc:h2:file:" + dir.resolve("index");
    try (HikariDataSource bare = new HikariDataSource()) {
      bare.setJdbcUrl(url);
      assertFalse(SchemaVersion.isCurrent(bare));
    }
    try (Database database = Database.open(url, 2)) {
      assertTrue(database.jdbi().withHandle(h -> h.createQuery(
          "SELECT COUNT(*) FROM audit_event").mapTo(Long.class).one()) == 0);
    }
    try (HikariDataSource reopened = new HikariDataSource()) {
      reopened.setJdbcUrl(url);
      assertTrue(SchemaVersion.isCurrent(reopened));
    }
  }

  @Test
  void aFailedNewestMigrationIsNotCurrent(@TempDir Path dir) {
    String url = "jdbc:h2:file:" + dir.resolve("index");
    Database.open(url, 2).close();
    try (HikariDataSource ds = new HikariDataSource()) {
      ds.setJdbcUrl(url);
      try (var c = ds.getConnection(); var st = c.createStatement()) {
        st.execute("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '"
            + SchemaVersion.LATEST + "'");
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      assertFalse(SchemaVersion.isCurrent(ds));
    }
  }
}
