package graphaudit.internal.store.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.Events;
import graphaudit.GraphAudit;
import graphaudit.Http;
import graphaudit.Token;
import graphaudit.internal.audit.Tenants;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that graph-audit 0.1 made (src/test/resources/stores/v0.1, written by the 0.1.0 jar with
 * made-by.sh: 300 generated events, events created through both roots with characters of several
 * bytes and beta-only members, one patched, one deleted, one of another tenant) moves to the 0.2 layout
 * at the first start: every answer of both roots is byte for byte what 0.1 answered, the 0.1 file is
 * kept aside, and the store then takes writes and restarts like any other.
 */
class LegacyStoreMigrationTest {

  private static final String FIXTURE = "/stores/v0.1/";
  private static final String OTHER = "3f6e1a2b-0c4d-4e5f-8a9b-1c2d3e4f5a6b";
  private static final String EVENTS = "/deviceManagement/auditEvents";

  @TempDir
  Path data;

  @Test
  void aStoreOf01AnswersAsItDidAfterItsMigration() throws Exception {
    for (String file : new String[] {"graph-audit.mv.db", "dev-signing-key.jwk.json"}) {
      try (InputStream in = getClass().getResourceAsStream(FIXTURE + "store-0.1/" + file)) {
        Files.copy(in, data.resolve(file));
      }
    }
    try (GraphAudit service = GraphAudit.start(config -> config.http(h -> h.port(0)).store(s -> s.dataDir(data)))) {
      for (String root : new String[] {"beta", "v1.0"}) {
        for (int tenant = 1; tenant <= 2; tenant++) {
          Http http = new Http(service.origin(), service.mint(Token.delegated(tenant == 1 ? Tenants.DEV : OTHER,
              Token.READ_WRITE)));
          assertEquals(expected("expected-" + root + "-" + tenant + ".json", service.origin()),
              http.get("/" + root + EVENTS + "?$top=999&$count=true").body(), root + ", tenant " + tenant);
          assertEquals(expected("categories-" + root + "-" + tenant + ".json", service.origin()),
              http.get("/" + root + EVENTS + "/getAuditCategories()").body());
        }
      }
      Http http = new Http(service.origin(), service.mint(Token.delegated(Tenants.DEV, Token.READ_WRITE)));
      assertEquals(404, http.get("/beta" + EVENTS + "/to-delete").status(), "deleted in 0.1, deleted now");
      assertEquals(201, http.post("/beta" + EVENTS, Events.minimal("AfterMigration")).status());
    }
    assertTrue(Files.exists(data.resolve("graph-audit-0.1.mv.db")), "the 0.1 file is kept aside");
    assertFalse(Files.exists(data.resolve("graph-audit.mv.db")));
    try (GraphAudit again = GraphAudit.start(config -> config.http(h -> h.port(0)).store(s -> s.dataDir(data)))) {
      Http http = new Http(again.origin(), again.mint(Token.delegated(Tenants.DEV, Token.READ)));
      assertEquals("304", http.get("/beta" + EVENTS + "/$count").body(),
          "300 generated and 4 created in 0.1, 1 deleted, 1 created since");
    }
  }

  /** A 0.1 answer with the origin it was given from replaced by {@code origin}. */
  private String expected(String name, String origin) throws IOException {
    boolean zipped = getClass().getResource(FIXTURE + name) == null;
    try (InputStream raw = getClass().getResourceAsStream(FIXTURE + name + (zipped ? ".gz" : ""));
         InputStream in = zipped ? new GZIPInputStream(raw) : raw) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("http://127.0.0.1:18777", origin);
    }
  }
}
