package graphaudit.internal.store.legacy;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.CanonicalEvent;
import graphaudit.internal.store.sql.BodyProperties;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Reads the events of a store that graph-audit 0.1 made (schema V5: tenant ids in every row, the
 * response JSON as a cache beside the columns), in the order they were stored, for its migration into
 * the 0.2 layout. Each event comes from its stored JSON where the row has one, else from its columns.
 * Not thread-safe: one reader per connection.
 */
public final class V5Events {

  /** One event of a tenant. */
  public record Stored(String tenantId, AuditEvent event) {
  }

  private final Connection connection;
  private long after;

  public V5Events(Connection connection) {
    this.connection = connection;
  }

  /** Whether {@code connection}'s database has 0.1's tables. */
  public static boolean present(Connection connection) throws SQLException {
    try (ResultSet rs = connection.getMetaData().getColumns(null, null, "AUDIT_EVENT", "TENANT_ID")) {
      return rs.next();
    }
  }

  /** How many events it holds. */
  public long count() throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM audit_event");
         ResultSet rs = select.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The next (up to) {@code limit} events in storing order; empty at the end. */
  public List<Stored> next(int limit) throws SQLException {
    String sql = "SELECT seq, tenant_id, json_utf8, json_body, " + String.join(", ", RowProperties.COLUMNS)
        + " FROM audit_event WHERE seq > ? ORDER BY seq LIMIT " + limit;
    List<Stored> out = new ArrayList<>(limit);
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, after);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          after = rs.getLong(1);
          byte[] json = rs.getBytes(3);
          if (json == null && rs.getString(4) != null) {
            json = rs.getString(4).getBytes(StandardCharsets.UTF_8);
          }
          AuditEvent event = json != null ? BodyProperties.parse(json)
              : CanonicalEvent.of(new AuditEvent(new LinkedHashMap<>(RowProperties.read(rs, 5))));
          out.add(new Stored(rs.getString(2), event));
        }
      }
    }
    return out;
  }

}
