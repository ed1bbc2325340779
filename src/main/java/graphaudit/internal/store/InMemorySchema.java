package graphaudit.internal.store;

import graphaudit.internal.store.sql.SqlDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The schema of a new in-memory H2 database: Flyway builds the first one in a JVM (its scanning and
 * bookkeeping are most of an in-memory start), and H2's {@code SCRIPT NODATA} of that database is
 * replayed into each later one, so a test suite starting a service per class pays Flyway once. An
 * in-memory database never outlives its service, so it needs no migration history of its own.
 * Thread-safe.
 */
final class InMemorySchema {

  private static List<String> statements;

  private InMemorySchema() {
  }

  static boolean isInMemory(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:h2:mem:");
  }

  static synchronized void create(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      if (statements == null) {
        SchemaVersion.flyway(dataSource, SqlDialect.H2).migrate();
        List<String> script = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SCRIPT NODATA")) {
          while (rs.next()) {
            script.add(rs.getString(1));
          }
        }
        statements = List.copyOf(script);
        return;
      }
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
