package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import graphaudit.internal.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written before schema V5 (the JSON cache as text, its beta-only spans as character offsets)
 * on H2 and PostgreSQL: V5 adds the bytes column and rewrites no row; every event answers both roots
 * exactly as before (an ASCII text is served as bytes, and one with characters of several bytes, whose
 * offsets no longer fit, is rendered from its columns); a write of an old event stores the bytes and
 * clears the text. The V4 rows are the ones a V5 service stored, turned back into V4's form.
 */
class JsonCacheMigrationTest {

  private static final String EVENTS = "/deviceManagement/auditEvents";
  private static final String TENANT = UUID.randomUUID().toString();
  private static final List<String> TABLES = List.of("audit_event", "audit_actor_user_permissions",
      "audit_actor_user_role_scope_tags", "audit_resources", "audit_resources_modified_properties");

  @TempDir
  Path source;
  @TempDir
  Path target;

  @Test
  void anH2StoreOfV4AnswersAsBefore() throws Exception {
    migratesAndAnswersAsBefore(Database.h2FileUrl(target), false);
  }

  @Test
  @Tag("postgres")
  void aPostgresqlStoreOfV4AnswersAsBefore() throws Exception {
    assumeTrue(PostgresCluster.installed(), "PostgreSQL's server binaries are not installed");
    migratesAndAnswersAsBefore(PostgresCluster.shared().newDatabase(), true);
  }

  private void migratesAndAnswersAsBefore(String targetUrl, boolean postgres) throws Exception {
    Map<String, String> before = new TreeMap<>();
    try (GraphAudit service = GraphAudit.start(config -> config.http(h -> h.port(0)).store(s -> s.dataDir(source)))) {
      Http http = new Http(service.origin(), service.mint(Token.delegated(TENANT, Token.READ_WRITE)));
      post(http, "ascii", "Plain", "admin@contoso.com");
      post(http, "wide", "Zoë ✓ 😀", "zoë@contoso.com");
      post(http, "bare", "No actor", null);
      before.putAll(answers(http));
    }
    try (Connection from = DriverManager.getConnection(Database.h2FileUrl(source));
         Connection to = DriverManager.getConnection(targetUrl)) {
      Flyway.configure().dataSource(targetUrl, null, null).locations("classpath:db/migration")
          .placeholders(Map.of("seq_cache", "1", "binary_type", "unused"))
          .target("4").load().migrate();
      for (String table : TABLES) {
        copyAsV4(from, to, table);
      }
    }
    try (GraphAudit service = start(targetUrl, postgres)) {
      Http http = new Http(service.origin(), service.mint(Token.delegated(TENANT, Token.READ_WRITE)));
      assertEquals(before, answers(http));
    }
    assertEquals(List.of("ascii text", "bare text", "wide text"), cacheForms(targetUrl), "the migration rewrote rows");
    try (GraphAudit service = start(targetUrl, postgres)) {
      Http http = new Http(service.origin(), service.mint(Token.delegated(TENANT, Token.READ_WRITE)));
      assertEquals(200, http.patch("/beta" + EVENTS + "/wide", "{\"category\":\"Patched\"}").status());
      assertEquals(before.get("/v1.0 wide").replace("\"category\":\"Migrated\"", "\"category\":\"Patched\""),
          withoutOrigin(http.get("/v1.0" + EVENTS + "/wide").body()));
    }
    assertEquals(List.of("ascii text", "bare text", "wide bytes"), cacheForms(targetUrl), "a write stores the bytes");
  }

  private GraphAudit start(String targetUrl, boolean postgres) throws Exception {
    return GraphAudit.start(config -> config.http(h -> h.port(0)).store(s -> {
      if (postgres) {
        s.dataDir(source).jdbcUrl(targetUrl); // the source's signing key
      } else {
        s.dataDir(target);
      }
    }));
  }

  /** Per event, in id order, the form its JSON cache is stored in. */
  private static List<String> cacheForms(String url) throws SQLException {
    try (Connection migrated = DriverManager.getConnection(url);
         Statement st = migrated.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, json_utf8 IS NOT NULL, json_body IS NOT NULL FROM audit_event"
             + " ORDER BY id")) {
      List<String> forms = new ArrayList<>();
      while (rs.next()) {
        forms.add(rs.getString(1) + (rs.getBoolean(2) ? " bytes" : "") + (rs.getBoolean(3) ? " text" : ""));
      }
      return forms;
    }
  }

  private static void post(Http http, String id, String name, String upn) {
    String actor = upn == null ? "" : ",\"actor\":{\"userPrincipalName\":\"" + upn + "\",\"userPermissions\":[\"*\"],"
        + "\"userRoleScopeTags\":[{\"displayName\":\"Tag " + name + "\",\"roleScopeTagId\":\"7\"}],"
        + "\"remoteTenantId\":\"t-" + id + "\"}";
    Http.Response created = http.post("/beta" + EVENTS, "{\"id\":\"" + id + "\",\"displayName\":\"" + name + "\","
        + "\"activityDateTime\":\"2024-05-01T10:00:00.1234567+02:00\",\"correlationId\":"
        + "\"52effe71-fe71-52ef-71fe-ef5271feef52\",\"category\":\"Migrated\"" + actor + ","
        + "\"resources\":[{\"displayName\":\"" + name + "\",\"resourceId\":\"r-" + id + "\","
        + "\"modifiedProperties\":[{\"displayName\":\"Property of " + name + "\",\"oldValue\":\"a\",\"newValue\":\"" + name + "\"}]}]}");
    assertEquals(201, created.status(), created.body());
  }

  /** Each event and the list, from both roots: the answers a migration must not change. */
  private static Map<String, String> answers(Http http) {
    Map<String, String> out = new TreeMap<>();
    for (String root : List.of("/beta", "/v1.0")) {
      out.put(root, withoutOrigin(http.get(root + EVENTS + "?$orderby=id").body()));
      for (String id : List.of("ascii", "wide", "bare")) {
        out.put(root + " " + id, withoutOrigin(http.get(root + EVENTS + "/" + id).body()));
      }
    }
    return out;
  }

  /** The service's own origin (its port differs between the two starts) left out. */
  private static String withoutOrigin(String body) {
    return body.replaceAll("http://127\\.0\\.0\\.1:\\d+/", "/");
  }

  /** The rows of {@code table}, with the JSON cache as V4 kept it: text, spans in characters. */
  private static void copyAsV4(Connection from, Connection to, String table) throws SQLException {
    try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> columns = new ArrayList<>(); // as read; V4 has the text instead of the bytes
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        String name = meta.getColumnName(i).toLowerCase();
        if (!name.equals("json_body")) {
          columns.add(name);
        }
      }
      List<String> v4 = columns.stream().map(c -> c.equals("json_utf8") ? "json_body" : c).toList();
      String sql = "INSERT INTO " + table + " (" + String.join(", ", v4) + ") VALUES ("
          + String.join(", ", v4.stream().map(c -> "?").toList()) + ")";
      try (PreparedStatement insert = to.prepareStatement(sql)) {
        while (rs.next()) {
          byte[] utf8 = columns.contains("json_utf8") ? rs.getBytes("json_utf8") : null;
          for (int i = 0; i < columns.size(); i++) {
            Object value = switch (columns.get(i)) {
              case "json_utf8" -> new String(utf8, StandardCharsets.UTF_8);
              case "json_v1_cuts" -> characterSpans(utf8, rs.getString("json_v1_cuts"));
              default -> rs.getObject(columns.get(i));
            };
            insert.setObject(i + 1, value);
          }
          insert.executeUpdate();
        }
      }
    }
  }

  /** Byte offsets "from-to,…" into {@code utf8} as the character offsets V4 stored. */
  private static String characterSpans(byte[] utf8, String spans) {
    if (spans.isEmpty()) {
      return spans;
    }
    List<String> out = new ArrayList<>();
    for (String span : spans.split(",")) {
      String[] bounds = span.split("-");
      out.add(characters(utf8, bounds[0]) + "-" + characters(utf8, bounds[1]));
    }
    return String.join(",", out);
  }

  private static int characters(byte[] utf8, String byteOffset) {
    return new String(utf8, 0, Integer.parseInt(byteOffset), StandardCharsets.UTF_8).length();
  }
}
