package graphaudit.internal.store.write;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Changes to the tables of counts ({@code audit_tenant.events}, {@code audit_day}, {@code audit_kind})
 * that a group commit's writes add up to, applied once in its transaction: an unfiltered {@code $count},
 * the metrics' ranking, the all-time histogram and the category functions then read a few rows instead
 * of every event. Writer thread only; not thread-safe.
 */
final class Counts {

  /** What one event counts under: its tenant, UTC day, category and activity type. */
  record Key(int tenant, LocalDate day, String category, String activityType) {
  }

  private record DayKey(int tenant, LocalDate day, String category) {
  }

  private record KindKey(int tenant, String category, String activityType) {
  }

  private final Map<Integer, Long> tenants = new HashMap<>();
  private final Map<DayKey, Long> days = new HashMap<>();
  private final Map<KindKey, Long> kinds = new HashMap<>();

  /** An event counted in ({@code +1}) or out ({@code -1}). */
  void add(Key key, int delta) {
    tenants.merge(key.tenant(), (long) delta, Long::sum);
    days.merge(new DayKey(key.tenant(), key.day(), key.category()), (long) delta, Long::sum);
    kinds.merge(new KindKey(key.tenant(), key.category(), key.activityType()), (long) delta, Long::sum);
  }

  /** Adds {@code other}'s changes to these. */
  void addAll(Counts other) {
    other.tenants.forEach((k, v) -> tenants.merge(k, v, Long::sum));
    other.days.forEach((k, v) -> days.merge(k, v, Long::sum));
    other.kinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
  }

  boolean isEmpty() {
    return tenants.isEmpty();
  }

  /**
   * Writes the changes. A row is updated where one exists and inserted where none does; two services on
   * one database may both insert one, which reads sum up.
   */
  void apply(Connection connection) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE audit_tenant SET events = events + ? WHERE num = ?")) {
      for (Map.Entry<Integer, Long> e : tenants.entrySet()) {
        if (e.getValue() != 0) {
          update.setLong(1, e.getValue());
          update.setInt(2, e.getKey());
          update.addBatch();
        }
      }
      update.executeBatch();
    }
    try (PreparedStatement update = connection.prepareStatement("UPDATE audit_day SET events = events + ?"
        + " WHERE tenant = ? AND utc_day = ? AND category IS NOT DISTINCT FROM ?");
         PreparedStatement insert = connection.prepareStatement(
             "INSERT INTO audit_day (tenant, utc_day, category, events) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<DayKey, Long> e : days.entrySet()) {
        DayKey key = e.getKey();
        if (e.getValue() == 0) {
          continue;
        }
        update.setLong(1, e.getValue());
        update.setInt(2, key.tenant());
        update.setDate(3, Date.valueOf(key.day()));
        update.setString(4, key.category());
        if (update.executeUpdate() == 0) {
          insert.setInt(1, key.tenant());
          insert.setDate(2, Date.valueOf(key.day()));
          insert.setString(3, key.category());
          insert.setLong(4, e.getValue());
          insert.executeUpdate();
        }
      }
    }
    try (PreparedStatement update = connection.prepareStatement("UPDATE audit_kind SET events = events + ?"
        + " WHERE tenant = ? AND category IS NOT DISTINCT FROM ? AND activity_type IS NOT DISTINCT FROM ?");
         PreparedStatement insert = connection.prepareStatement(
             "INSERT INTO audit_kind (tenant, category, activity_type, events) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<KindKey, Long> e : kinds.entrySet()) {
        KindKey key = e.getKey();
        if (e.getValue() == 0) {
          continue;
        }
        update.setLong(1, e.getValue());
        update.setInt(2, key.tenant());
        update.setString(3, key.category());
        update.setString(4, key.activityType());
        if (update.executeUpdate() == 0) {
          insert.setInt(1, key.tenant());
          insert.setString(2, key.category());
          insert.setString(3, key.activityType());
          insert.setLong(4, e.getValue());
          insert.executeUpdate();
        }
      }
    }
  }
}
