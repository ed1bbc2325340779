package graphaudit.internal.store;

import graphaudit.StoreDamagedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an embedded H2 file was closed cleanly, and if not, whether it is whole. A marker file sits
 * next to the database while it is open; found at the next open, it means the process died (or the
 * directory was copied while in use), and then every row of {@code audit_event} is read once and the
 * entries of each of its indexes counted: a damaged page or an index that disagrees with the rows
 * refuses the start ({@link StoreDamagedException}) instead of failing requests later. It reads the
 * whole store: seconds per 100,000 events (README, Durability). Not thread-safe: used while opening.
 */
final class IntegrityCheck {

  private static final Logger LOG = LoggerFactory.getLogger(IntegrityCheck.class);
  private static final String MARKER = "graph-audit.in-use";
  /** H2's codes for a file it cannot read and for indexes that disagree with the rows. */
  private static final Set<Integer> DAMAGE_CODES = Set.of(90030, 90143, 90112, 50000);

  private final Path dataDir;

  IntegrityCheck(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** The directory of the database file. */
  Path dataDir() {
    return dataDir;
  }

  /** Whether {@code e} (or what it wraps) is H2 reporting a damaged file. */
  static boolean isDamage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && DAMAGE_CODES.contains(sql.getErrorCode())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the database was not closed cleanly (or is open in another process now). */
  boolean leftOpen() {
    return Files.exists(dataDir.resolve(MARKER));
  }

  /** Checks the database if it was not closed cleanly, then marks it in use. */
  void onOpen(Connection connection) {
    Path marker = dataDir.resolve(MARKER);
    if (leftOpen()) {
      long started = System.nanoTime();
      long events = verify(connection);
      LOG.info("the store was not closed cleanly; checked {} events in {} ms: whole", events,
          (System.nanoTime() - started) / 1_000_000);
    }
    try {
      Files.writeString(marker, "open since " + java.time.Instant.now() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker, e);
    }
  }

  /** After a clean close: the next open needs no check. */
  void onClose() {
    try {
      Files.deleteIfExists(dataDir.resolve(MARKER));
    } catch (IOException e) {
      LOG.warn("cannot delete {}: the next start checks the store", MARKER, e);
    }
  }

  private long verify(Connection connection) {
    try (Statement st = connection.createStatement()) {
      if (!tableExists(st)) {
        return 0; // died while creating the schema: Flyway finishes it
      }
      // every row read once, whole (a damaged page throws here): a column no index covers makes H2 scan
      // the table's own pages, where it decodes all of a row, its stored JSON too; and the column is in
      // every schema version, since a store left open may be opened by a newer release before it migrates...
      long rows = one(st, "SELECT COUNT(*) + 0 * SUM(LENGTH(activity_date_time_text)) FROM audit_event");
      List<String> disagree = new ArrayList<>();
      for (String[] index : indexes(st)) {
        // ...and every entry of every index counted: one the rows lack, or a row it lacks, shows here
        long viaIndex = one(st, "SELECT COUNT(*) FROM audit_event USE INDEX (\"" + index[0] + "\") WHERE \""
            + index[1] + "\" >= " + (index[1].equals("SEQ") ? "0" : "''"));
        if (viaIndex != rows) {
          disagree.add(index[0] + " has " + viaIndex);
        }
      }
      if (!disagree.isEmpty()) {
        throw new StoreDamagedException(dataDir, "its indexes disagree with its " + rows + " events ("
            + String.join(", ", disagree) + ")", null);
      }
      return rows;
    } catch (SQLException e) {
      throw new StoreDamagedException(dataDir, firstLine(e.getMessage()), e);
    }
  }

  private static boolean tableExists(Statement st) throws SQLException {
    return one(st, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
        + " AND TABLE_NAME = 'AUDIT_EVENT'") > 0;
  }

  /** Every index of audit_event (the primary key's too) with its leading column: a VARCHAR, or seq. */
  private static List<String[]> indexes(Statement st) throws SQLException {
    List<String[]> found = new ArrayList<>();
    try (ResultSet rs = st.executeQuery("SELECT INDEX_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS"
        + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'AUDIT_EVENT' AND ORDINAL_POSITION = 1")) {
      while (rs.next()) {
        found.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    return found;
  }

  private static long one(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String firstLine(String message) {
    String text = String.valueOf(message);
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
