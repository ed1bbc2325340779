package db.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The 0.2 tables ({@code db/lean-schema.sql}) in place of 0.1's: tenants as numbers, one row per event with
 * the columns filters reach, no foreign keys, counts kept by the writer. A database server holding 0.1's
 * events is refused with the route that moves them (export with 0.1, import with 0.2): converting rows in
 * place would need the events rendered anew by the service, not SQL. An embedded store never gets here with
 * events: it is moved to the new layout before its index is opened.
 */
public class V6__Lean_schema extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM audit_event")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          throw new IllegalStateException("This database holds " + rs.getLong(1) + " events in graph-audit 0.1's"
              + " layout, which 0.2 does not read. Export them with 0.1 (java -jar graph-audit-0.1.0.jar export"
              + " --db-url URL --output events.ndjson), then import them with 0.2 into an empty database"
              + " (graph-audit import events.ndjson --db-url URL2).");
        }
      }
      for (String table : new String[] {"audit_resources_modified_properties", "audit_resources",
          "audit_actor_user_role_scope_tags", "audit_actor_user_permissions", "audit_event"}) {
        statement.execute("DROP TABLE " + table);
      }
      for (String sql : statements(context.getConfiguration().getPlaceholders())) {
        statement.execute(sql);
      }
    }
  }

  /** The statements of the schema script, placeholders replaced. */
  private static String[] statements(Map<String, String> placeholders) throws IOException, SQLException {
    String script;
    try (InputStream in = V6__Lean_schema.class.getResourceAsStream("/db/lean-schema.sql")) {
      if (in == null) {
        throw new SQLException("db/lean-schema.sql is missing from the classpath");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder code = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    String text = code.toString();
    for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
      text = text.replace("${" + placeholder.getKey() + "}", placeholder.getValue());
    }
    return java.util.Arrays.stream(text.split(";\\s*\n")).map(String::strip).filter(s -> !s.isEmpty())
        .toArray(String[]::new);
  }
}
