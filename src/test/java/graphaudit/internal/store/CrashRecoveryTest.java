package graphaudit.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.Events;
import graphaudit.GraphAudit;
import graphaudit.Http;
import graphaudit.Seeds;
import graphaudit.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged creates, PATCHes and DELETEs are in the store's files the moment they are answered (its
 * change log; the index file may lag behind it). The crash image is a copy of the running server's data
 * directory taken right after the answers, without any shutdown: what a crash of the process at that
 * moment leaves. A second server started on the image must serve all of them. CrashLoopIT does the same with {@code kill -9} of the real jar,
 * many times over, under load.
 */
class CrashRecoveryTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";

  @RegisterExtension
  static final TestServer server = new TestServer();

  @Test
  void acknowledgedWritesAreInTheFileWhenAnswered(@TempDir Path temp) throws Exception {
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

    try (GraphAudit restarted = GraphAudit.start(config -> config.http(h -> h.port(0)).store(store -> store.dataDir(crashImage)))) {
      Http after = new Http("http://127.0.0.1:" + restarted.port(), server.token());
      assertEquals(seedEvent, withoutContext(after.get(EVENTS + "/" + created.get(0)).json()),
          "the seed event, every property as before (the context URL names the other port)");
      assertEquals("patched", after.get(EVENTS + "/" + created.get(1)).json().get("displayName").asText());
      assertEquals(404, after.get(EVENTS + "/" + created.get(2)).status(), "the delete is in the file too");
      assertEquals(200, after.get(EVENTS + "/" + created.get(3)).status());
      assertEquals(200, after.get(EVENTS + "/" + created.get(4)).status());
      assertEquals("4", after.get(EVENTS + "/$count").body());
      assertEquals(1, after.get(EVENTS + "?$filter=category%20eq%20'Category3'").json().get("value").size(),
          "indexed like any other");
      assertEquals(201, after.post(EVENTS, Events.minimal("AfterRestart")).status());
    }
  }

  private static JsonNode withoutContext(JsonNode entity) {
    ((ObjectNode) entity).remove("@odata.context");
    return entity;
  }

  private static void copyDataDirectory(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().matches(".*\\.(lock|trace)\\.db")).toList()) {
        Path copy = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
