package graphaudit.internal.store.sql;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.EventJson;
import graphaudit.internal.store.log.ChangeLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the stored events themselves are kept: in the change log of an embedded store, read by the
 * row's seq (its lsn), or in the row's body columns on a database server, which is then the record.
 * Thread-safe.
 */
public final class Bodies {

  private final ChangeLog log;

  /** @param log the change log holding the events, or null when the rows hold them */
  public Bodies(ChangeLog log) {
    this.log = log;
  }

  /** The change log, or null. */
  public ChangeLog log() {
    return log;
  }

  /** What a read selects of {@code audit_event e} to rebuild events with {@link #read}. */
  public String columns() {
    return log != null ? "e.seq" : "e.seq, e.json_utf8, e.json_v1_cuts, e.json_schema";
  }

  /** The event of the current row of a result selecting {@link #columns()} first; null if it is gone. */
  public AuditEvent read(ResultSet rs) throws SQLException {
    long seq = rs.getLong(1);
    EventJson json = log != null ? log.event(seq)
        : new EventJson(rs.getBytes(2), EventJson.parseSpans(rs.getString(3)), rs.getString(4));
    return json == null ? null : BodyProperties.event(json);
  }

  /** The events {@code select} (of {@link #columns()} first) finds on {@code connection}. */
  public List<AuditEvent> events(Connection connection, Sql select) throws SQLException {
    try (PreparedStatement statement = select.prepare(connection); ResultSet rs = statement.executeQuery()) {
      List<AuditEvent> rows = new ArrayList<>();
      while (rs.next()) {
        AuditEvent event = read(rs);
        if (event != null) {
          rows.add(event);
        }
      }
      return rows;
    }
  }
}
