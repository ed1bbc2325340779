package graphaudit.internal.cli;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import graphaudit.Cli;
import graphaudit.GraphAudit;
import graphaudit.GraphAuditConfig;
import graphaudit.Http;
import graphaudit.TestServer;
import graphaudit.internal.audit.Tenants;

import graphaudit.internal.auth.DevSigningKey;
import graphaudit.internal.auth.Permissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graph-audit token}: its tokens look like Entra ID v1 tokens for Graph and are accepted by a
 * service on the same data directory, whose dev key survives restarts.
 */
class TokenCommandTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";

  @Test
  void defaultTokenIsADelegatedReadWriteTokenOfTheDevTenantForAnHour() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(token("--data", server.dataDir().toString())).getJWTClaimsSet();

    assertEquals(List.of(GraphAuditConfig.Auth.GRAPH_AUDIENCE), claims.getAudience());
    assertEquals("https://sts.windows.net/" + Tenants.DEV + "/", claims.getIssuer());
    assertEquals(Tenants.DEV, claims.getStringClaim("tid"));
    assertEquals(Permissions.READ_WRITE, claims.getStringClaim("scp"));
    assertTrue(claims.getStringClaim("upn").contains("@"));
    assertTrue(claims.getStringClaim("oid").matches("[0-9a-f-]{36}"));
    long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
    assertEquals(Duration.ofHours(1).toMillis(), lifetime);
    assertEquals(DevSigningKey.loadOrCreate(server.dataDir()).getKeyID(),
        SignedJWT.parse(token("--data", server.dataDir().toString())).getHeader().getKeyID());
  }

  @Test
  void serviceOnTheSameDataDirectoryAcceptsItsTokens() {
    String dir = server.dataDir().toString();
    Http delegated = server.http().withToken(token("--data", dir));
    assertEquals(201, delegated.post(EVENTS, event()).status());

    Http reader = server.http().withToken(token("--data", dir, "--roles", Permissions.READ,
        "--app-id", "0a0b0c0d-0000-4000-8000-000000000001", "--expires", "5m"));
    assertEquals(200, reader.get(EVENTS).status());
    assertGraphError(reader.post(EVENTS, event()), 403, "Forbidden");

    Http otherTenant = server.http().withToken(token("--data", dir, "--tenant", "0f0f0f0f-7777-4777-8777-0f0f0f0f0f0f",
        "--scopes", Permissions.READ + " " + Permissions.READ_WRITE));
    assertEquals("0", otherTenant.get(EVENTS + "/$count").body());

    Http nothing = server.http().withToken(token("--data", dir, "--scopes", ""));
    assertGraphError(nothing.get(EVENTS), 403, "Forbidden");
  }

  @Test
  void tokensOfAnotherDataDirectoryAreRefusedSayingWhy(@TempDir Path other) {
    Http.Response refused = server.http().withToken(token("--data", other.toString(), "--create-key")).get(EVENTS);
    assertGraphError(refused, 401, "InvalidAuthenticationToken");
    String message = refused.json().get("error").get("message").asText();
    assertTrue(message.contains("not signed by the dev key of this service's data directory ("
        + server.dataDir().toAbsolutePath() + ")"), message);
    assertTrue(message.contains("token command and --data " + server.dataDir()), message);
  }

  /** A mistyped --data would otherwise get a key of its own and tokens the running service refuses. */
  @Test
  void aDataDirectoryWithoutKeyIsRefusedUnlessAskedToCreateOne(@TempDir Path empty) {
    Cli.Run refused = Cli.run("token", "--data", empty.toString());
    assertEquals(1, refused.exit());
    assertEquals("No dev signing key in " + empty.toAbsolutePath() + ": give the --data of the running service "
        + "(start it once to create the key), or add --create-key.", refused.err().trim());
    assertFalse(Files.exists(empty.resolve(DevSigningKey.FILE_NAME)));
    assertEquals(0, Cli.run("token", "--data", empty.toString(), "--create-key").exit());
    assertTrue(Files.exists(empty.resolve(DevSigningKey.FILE_NAME)));
  }

  @Test
  void theDevKeyIsCreatedOnceAndKeptAcrossRestarts(@TempDir Path data) throws Exception {
    String token = token("--data", data.toString(), "--create-key"); // before the service ever ran
    String key = Files.readString(data.resolve(DevSigningKey.FILE_NAME));
    for (int start = 0; start < 2; start++) {
      try (GraphAudit service = GraphAudit.start(config -> config.http(http -> http.port(0)).store(store -> store.dataDir(data)))) {
        Http http = new Http("http://127.0.0.1:" + service.port(), token);
        assertEquals(200, http.get(EVENTS).status(), "start " + start);
      }
    }
    assertEquals(key, Files.readString(data.resolve(DevSigningKey.FILE_NAME)));
  }

  @Test
  void badArgumentsFail() {
    assertEquals(2, Cli.run("token", "--expires", "soon").exit());
  }

  private static String token(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "token";
    System.arraycopy(args, 0, all, 1, args.length);
    Cli.Run run = Cli.run(all);
    assertEquals(0, run.exit(), run.out());
    return run.out();
  }

  private static String event() {
    return "{\"activityDateTime\":\"2024-01-09T00:00:00Z\",\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"}";
  }
}
