package graphaudit.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import graphaudit.Events;
import graphaudit.GraphAudit;
import graphaudit.Http;
import graphaudit.Seeds;
import graphaudit.Token;
import graphaudit.internal.auth.DevSigningKey;
import graphaudit.internal.auth.DevTokenIssuer;
import graphaudit.internal.auth.Permissions;
import graphaudit.internal.audit.Tenants;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --db-url} naming an H2 server: its files belong to the server process, which stores commits
 * later, so every group commit is checkpointed on the server.
 */
class RemoteH2Test {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";

  @Test
  void writesGoThroughAnH2Server(@TempDir Path temp) throws Exception {
    Path serverFiles = Files.createDirectory(temp.resolve("h2-server"));
    Path dataDir = Files.createDirectory(temp.resolve("data"));
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Server h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", serverFiles.toString(),
        "-ifNotExists").start();
    try (GraphAudit server = GraphAudit.start(config -> config.http(http -> http.port(0)).store(store -> store.dataDir(dataDir).jdbcUrl("jdbc:h2:tcp://127.0.0.1:" + port + "/graph-audit")))) {
      String token = new DevTokenIssuer(DevSigningKey.loadOrCreate(dataDir))
          .mint(Token.delegated(Tenants.DEV, Permissions.READ_WRITE));
      Http http = new Http("http://127.0.0.1:" + server.port(), token);
      Http.Response created = http.post(EVENTS, Seeds.BETA.requestBody());
      assertEquals(201, created.status(), created.body());
      String id = created.json().get("id").asText();
      assertEquals(200, http.patch(EVENTS + "/" + id, "{\"displayName\":\"patched\"}").status());
      assertEquals("patched", http.get(EVENTS + "/" + id).json().get("displayName").asText());
      assertEquals(201, http.post(EVENTS, Events.minimal("Device")).status());
      assertEquals(204, http.delete(EVENTS + "/" + id).status());
      assertEquals("1", http.get(EVENTS + "/$count").body());
    } finally {
      h2.stop();
    }
  }
}
