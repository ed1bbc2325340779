package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.auth.AuthConfig;
import graphaudit.http.GraphAuditServer;
import graphaudit.http.ServerConfig;
import graphaudit.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged creates, PATCHes and DELETEs survive a crash through the journal. The crash image is
 * the database file as it was before the writes plus the journal after them: what a crash leaves
 * when H2 has not stored the writes yet (its background store runs every 0.5 s, so waiting for that
 * moment would be a race). A second server started on the image must replay them. DurabilityIT does
 * the same with {@code kill -9} of the real jar, for creates under load.
 */
class CrashRecoveryTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";

  @RegisterExtension
  static final TestServer server = new TestServer();

  @Test
  void journalledWritesAreReplayedAfterACrash(@TempDir Path temp) throws Exception {
    Path crashImage = Files.createDirectory(temp.resolve("crash"));
    checkpoint(server.dataDir()); // the schema, in the file
    copyDataDirectory(server.dataDir(), crashImage); // the database file before any write (no journal yet)
    assertEquals(0, storedEvents(crashImage));
    Http http = server.http();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Http.Response post = http.post(EVENTS, i == 0 ? Seeds.BETA.requestBody() : Events.minimal("Category" + i));
      assertEquals(201, post.status(), post.body());
      created.add(post.json().get("id").asText());
    }
    assertEquals(200, http.patch(EVENTS + "/" + created.get(1), "{\"displayName\":\"patched\"}").status());
    assertEquals(204, http.delete(EVENTS + "/" + created.get(2)).status());
    JsonNode seedEvent = withoutContext(http.get(EVENTS + "/" + created.get(0)).json());

    List<Path> journal = journalFiles(server.dataDir());
    assertFalse(journal.isEmpty(), "the writes are in a journal file");
    for (Path file : journal) {
      Files.copy(file, crashImage.resolve(file.getFileName()));
    }

    try (GraphAuditServer restarted = GraphAuditServer.start(new ServerConfig("127.0.0.1", 0, crashImage, null,
        ServerConfig.DEFAULT_MAX_BODY_BYTES, AuthConfig.dev(), null, ServerConfig.DEFAULT_IDLE_TIMEOUT))) {
      Http after = new Http("http://127.0.0.1:" + restarted.port(), server.token());
      assertEquals(seedEvent, withoutContext(after.get(EVENTS + "/" + created.get(0)).json()),
          "the seed event, every property as before (the context URL names the other port)");
      assertEquals("patched", after.get(EVENTS + "/" + created.get(1)).json().get("displayName").asText());
      assertEquals(404, after.get(EVENTS + "/" + created.get(2)).status(), "the delete is replayed too");
      assertEquals(200, after.get(EVENTS + "/" + created.get(3)).status());
      assertEquals(200, after.get(EVENTS + "/" + created.get(4)).status());
      assertEquals("4", after.get(EVENTS + "/$count").body());
      assertEquals(1, after.get(EVENTS + "?$filter=category%20eq%20'Category3'").json().get("value").size(),
          "replayed events are indexed like any other");
      assertTrue(journalFiles(crashImage).isEmpty(), "replayed journal files are deleted");
      assertEquals(201, after.post(EVENTS, Events.minimal("AfterRestart")).status());
    }
    assertTrue(journalFiles(crashImage).isEmpty(), "a clean shutdown leaves no journal to replay");
  }

  @Test
  void aJournalWithNothingWholeInItDoesNotStopTheStart(@TempDir Path dataDir) throws Exception {
    Files.write(dataDir.resolve("graph-audit.journal.1"), new byte[] {0, 0, 0, 42, 1, 2}); // torn first record
    try (GraphAuditServer started = GraphAuditServer.start(new ServerConfig("127.0.0.1", 0, dataDir, null,
        ServerConfig.DEFAULT_MAX_BODY_BYTES, AuthConfig.dev(), null, ServerConfig.DEFAULT_IDLE_TIMEOUT))) {
      assertTrue(journalFiles(dataDir).isEmpty(), "read, found empty, deleted");
      assertEquals(200, new Http("http://127.0.0.1:" + started.port(), null).get("/health").status());
    }
  }

  private static JsonNode withoutContext(JsonNode entity) {
    ((ObjectNode) entity).remove("@odata.context");
    return entity;
  }

  private static void copyDataDirectory(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().matches(".*\\.(lock|trace)\\.db")).toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static List<Path> journalFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().contains(".journal.")).toList();
    }
  }

  /** Stores everything the running server's database has committed (same JVM: the same database). */
  private static void checkpoint(Path dataDir) throws SQLException {
    try (Connection c = DriverManager.getConnection(Database.h2FileUrl(dataDir)); Statement st = c.createStatement()) {
      st.execute("CHECKPOINT");
    }
  }

  private static long storedEvents(Path dataDir) throws SQLException {
    try (Connection c = DriverManager.getConnection(Database.h2FileUrl(dataDir));
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_event")) {
      rs.next();
      long count = rs.getLong(1);
      st.execute("SHUTDOWN");
      return count;
    }
  }
}
