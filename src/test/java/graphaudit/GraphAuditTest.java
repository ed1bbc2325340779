package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade itself: seeding at start, a file store reopened as it was, token minting only in dev mode. */
class GraphAuditTest {

  private static final String COUNT = "/beta/deviceManagement/auditEvents/$count";

  @Test
  void seedsAtStartOnlyAnEmptyTenant(@TempDir Path data) throws Exception {
    GraphAuditConfig config = new GraphAuditConfig()
        .http(http -> http.port(0))
        .store(store -> store.dataDir(data).seedEvents(30, 5));
    try (GraphAudit graph = GraphAudit.start(config)) {
      Http http = new Http(graph.origin(), graph.mint(Token.delegated(GraphAuditConfig.DEV_TENANT, Token.READ)));
      assertEquals("30", http.get(COUNT).body());
    }
    try (GraphAudit graph = GraphAudit.start(config)) {
      Http http = new Http(graph.origin(), graph.mint(Token.delegated(GraphAuditConfig.DEV_TENANT, Token.READ)));
      assertEquals("30", http.get(COUNT).body(), "restarted on the same data: not seeded twice");
    }
  }

  @Test
  void anInMemoryStoreLeavesNothingBehind() throws Exception {
    Path dataDir;
    try (GraphAudit graph = GraphAudit.start(config -> config.http(http -> http.port(0))
        .store(GraphAuditConfig.Store::inMemory))) {
      dataDir = graph.dataDir();
      assertTrue(Files.isDirectory(dataDir), "the dev key's directory");
      Http http = new Http(graph.origin(), graph.mint(Token.delegated(GraphAuditConfig.DEV_TENANT, Token.READ_WRITE)));
      assertEquals(201, http.post("/beta/deviceManagement/auditEvents", Seeds.BETA.requestBody()).status());
    }
    assertTrue(Files.notExists(dataDir));
  }

  @Test
  void tokensAreMintedInDevModeOnly(@TempDir Path data) throws Exception {
    Path keys = Files.writeString(data.resolve("keys.json"), "{\"keys\":[]}");
    try (GraphAudit graph = GraphAudit.start(config -> config.http(http -> http.port(0))
        .store(GraphAuditConfig.Store::inMemory).auth(auth -> auth.jwks(keys)))) {
      assertThrows(IllegalStateException.class, () -> graph.mint(Token.delegated(GraphAuditConfig.DEV_TENANT)));
    }
  }
}
