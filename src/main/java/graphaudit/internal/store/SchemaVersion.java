package graphaudit.internal.store;

import graphaudit.internal.store.sql.SqlDialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The migrations, and whether a database already has the newest schema, checked with one query, so that a restart skips
 * Flyway (loading and scanning it is ~0.45 s of a ~1.5 s start). Flyway still runs, and validates,
 * whenever a migration is pending. Stateless.
 */
final class SchemaVersion {

  /** Where the migrations live on the classpath. */
  static final String MIGRATIONS = "db/migration";

  /** The version of the newest migration (V{LATEST}__*.sql); a test keeps it equal to the files. */
  static final String LATEST = "6";

  /** H2's identity cache (V4): one bound stored per this many events instead of per 32. */
  private static final String H2_SEQ_CACHE = "10000";

  private SchemaVersion() {
  }

  /** Flyway over the migrations, with the placeholders they use for {@code dialect}. */
  static Flyway flyway(DataSource dataSource, SqlDialect dialect) {
    return Flyway.configure().dataSource(dataSource).locations("classpath:" + MIGRATIONS)
        .placeholders(dialect == SqlDialect.H2
            ? Map.of("seq_cache", H2_SEQ_CACHE, "binary_type", "VARBINARY")
            : Map.of("seq_cache", "1", "binary_type", "BYTEA"))
        .load();
  }

  static boolean isCurrent(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      if (!hasHistoryTable(connection.getMetaData())) {
        return false;
      }
      try (PreparedStatement newest = connection.prepareStatement("SELECT \"version\", \"success\" FROM "
          + "\"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC LIMIT 1");
           ResultSet rs = newest.executeQuery()) {
        return rs.next() && LATEST.equals(rs.getString(1)) && rs.getBoolean(2);
      }
    } catch (SQLException e) {
      return false; // let Flyway look and say what is wrong
    }
  }

  private static boolean hasHistoryTable(DatabaseMetaData meta) throws SQLException {
    try (ResultSet tables = meta.getTables(null, null, "flyway_schema_history", null)) {
      return tables.next();
    }
  }
}
