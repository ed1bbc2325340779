package graphaudit.internal.store.h2;

import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.Database;
import graphaudit.internal.store.log.ChangeLog;
import graphaudit.internal.store.log.LogRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.table.Table;

/**
 * What a crash may have damaged in the H2 index, checked after one without reading the events' JSON: each
 * index of each table has as many entries as its table has rows; the events count kept per tenant adds
 * up to the rows; and the events the log's last records wrote are where those records put them. The
 * counts are H2's transactional ones, what a reader sees (its raw B-tree entry counts missed a kept count
 * one above the visible rows in a 200-kill run). Stateless.
 */
final class IndexCheck {

  /** How many of the log's last records are checked even when none had to be replayed. */
  static final int TAIL = 1_000;

  private static final List<String> TABLES = List.of("AUDIT_EVENT", "AUDIT_ACTOR_USER_PERMISSIONS",
      "AUDIT_ACTOR_USER_ROLE_SCOPE_TAGS", "AUDIT_RESOURCES", "AUDIT_RESOURCES_MODIFIED_PROPERTIES", "AUDIT_TENANT",
      "AUDIT_DAY", "AUDIT_KIND");

  private IndexCheck() {
  }

  /** What is wrong, in one line, or null when nothing is. */
  static String problem(Database database, AuditEventStore store, ChangeLog log, long checkAfter) throws Exception {
    try (Connection connection = database.connection()) {
      String indexes = indexesDisagree(connection);
      if (indexes != null) {
        return indexes;
      }
      long rows = store.totalEvents();
      long counted = store.countedEvents();
      if (rows != counted) {
        return "its tenants count " + counted + " events where it holds " + rows;
      }
    }
    Map<String, LogRecord> last = new LinkedHashMap<>();
    log.replay(Math.max(0, Math.min(checkAfter, log.lastLsn() - TAIL)),
        records -> records.forEach(r -> last.put(r.tenantId() + "\n" + r.id(), r)));
    for (LogRecord record : last.values()) {
      long at = store.positionOf(record.tenantId(), record.id());
      long expected = record instanceof LogRecord.Put ? record.lsn() : 0;
      if (at != expected) {
        return "event " + record.id() + " of tenant " + record.tenantId() + " is at " + at + " where the log's record "
            + record.lsn() + " put " + (expected == 0 ? "none" : "it");
      }
    }
    return null;
  }

  /** The first index whose entries disagree with its table's rows, or null. H2's own counts, no rows read. */
  private static String indexesDisagree(Connection connection) throws SQLException {
    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    List<Table> tables = new ArrayList<>();
    for (String name : TABLES) {
      Table table = session.getDatabase().getMainSchema().findTableOrView(session, name);
      if (table == null) {
        return "it lacks its table " + name;
      }
      tables.add(table);
    }
    List<String> disagree = new ArrayList<>();
    // Counted inside one statement over all the tables, as H2 counts for SQL: the statement's snapshot of
    // the undo logs lets a count come from the B-tree's total; outside a statement H2 walks every entry.
    session.startStatementWithinTransaction(session.prepareLocal("SELECT 1 FROM " + String.join(", ", TABLES)
        + " WHERE FALSE"));
    try {
      for (Table table : tables) {
        long rows = table.getRowCount(session);
        for (Index index : table.getIndexes()) {
          long entries = index.getRowCount(session);
          if (entries != rows) {
            disagree.add(index.getName() + " has " + entries + " entries for " + rows + " rows");
          }
        }
      }
    } finally {
      session.endStatement();
    }
    return disagree.isEmpty() ? null : String.join(", ", disagree);
  }
}
