package graphaudit.internal.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The small number each tenant is stored under ({@code audit_tenant}), remembered once known. A tenant
 * gets its number, in a transaction of its own, the first time it writes; two services on one database
 * may race for a number, and the loser takes the winner's. Thread-safe.
 */
public final class TenantNumbers {

  private final DataSource dataSource;
  private final Map<String, Integer> known = new ConcurrentHashMap<>();

  public TenantNumbers(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The tenant's number, empty when it has never written (nothing of it is stored then). */
  public OptionalInt find(String tenantId) {
    Integer number = known.get(tenantId);
    if (number != null) {
      return OptionalInt.of(number);
    }
    try (Connection connection = dataSource.getConnection()) {
      Integer found = lookup(connection, tenantId);
      if (found == null) {
        return OptionalInt.empty();
      }
      known.put(tenantId, found);
      return OptionalInt.of(found);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read tenant numbers", e);
    }
  }

  /** The tenant's number, given it now if it has none (committed at once, on a connection of its own). */
  public int require(String tenantId) {
    OptionalInt found = find(tenantId);
    if (found.isPresent()) {
      return found.getAsInt();
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_tenant (num, tenant_id, events)"
            + " SELECT COALESCE(MAX(num), 0) + 1, ?, 0 FROM audit_tenant")) {
          insert.setString(1, tenantId);
          insert.executeUpdate();
        } catch (SQLException e) {
          if (attempt == 5 || !isUniqueViolation(e)) {
            throw e;
          }
          // another service took this number, or numbered this tenant meanwhile: look again
        }
        Integer number = lookup(connection, tenantId);
        if (number != null) {
          known.put(tenantId, number);
          return number;
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot number tenant " + tenantId, e);
      }
    }
  }

  /** Forgets every number (the tables were emptied or rebuilt). */
  void forget() {
    known.clear();
  }

  private static Integer lookup(Connection connection, String tenantId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT num FROM audit_tenant WHERE tenant_id = ?")) {
      select.setString(1, tenantId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }
  }

  public static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
        : t instanceof SQLException sql ? sql.getNextException() : null) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
