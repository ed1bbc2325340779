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
 * Acknowledged creates, PATCHes and DELETEs survive a crash through the journal: the data directory
 * is copied while the server runs (exactly what a crash leaves on disk, since nothing writes
 * between two requests), and a second server started on the copy must replay what H2 had not stored
 * yet. DurabilityIT does the same with {@code kill -9} of the real jar, for creates under load.
 */
class CrashRecoveryTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";

  @RegisterExtension
  static final TestServer server = new TestServer();

  @Test
  void journalledWritesAreReplayedAfterACrash(@TempDir Path temp) throws Exception {
    Path crashImage = Files.createDirectory(temp.resolve("crash"));
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

    copyDataDirectory(server.dataDir(), crashImage);
    List<Path> journal = journalFiles(crashImage);
    assertFalse(journal.isEmpty(), "the writes are in a journal file");
    Path bare = Files.createDirectory(temp.resolve("bare"));
    copyDataDirectory(crashImage, bare);
    for (Path file : journal) {
      Files.delete(bare.resolve(file.getFileName()));
    }
    assertTrue(storedEvents(bare) < 4,
        "H2's file alone does not hold them yet: the replay below is what brings them back");

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

  private static JsonNode withoutContext(JsonNode entity) {
    ((ObjectNode) entity).remove("@odata.context");
    return entity;
  }

  private static void copyDataDirectory(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().endsWith(".lock.db")).toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static List<Path> journalFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().contains(".journal.")).toList();
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
