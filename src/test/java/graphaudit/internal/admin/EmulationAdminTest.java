package graphaudit.internal.admin;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Cli;
import graphaudit.Emulation;
import graphaudit.Http;
import graphaudit.TestClock;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.auth.Permissions;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dev-mode admin request switches throttling and faults while the service runs: shown by
 * {@code GET}, changed by {@code PATCH}, refused Graph-shaped without a token, without ReadWrite, or
 * for malformed settings. (Outside dev mode it is a 403: {@code JwksFileTest}.)
 */
class EmulationAdminTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

  @RegisterExtension
  static final TestServer server = new TestServer().withEmulation("off", "off", CLOCK);

  @AfterEach
  void bothOff() {
    Emulation.set(server, "throttle", "off");
    Emulation.set(server, "faults", "off");
  }

  @Test
  void throttlingSwitchedOnAndOffAtRunTime() {
    assertEquals("off", Emulation.state(server).get("throttle").asText());
    JsonNode state = Emulation.set(server, "throttle", "requests=2/10s");
    assertEquals("requests=2/10s", state.get("throttle").asText());

    assertEquals(200, server.http().get(EVENTS).status());
    assertEquals(200, server.http().get(EVENTS).status());
    Http.Response third = server.http().get(EVENTS);
    assertGraphError(third, 429, "TooManyRequests");
    assertEquals("10", third.header("Retry-After"));

    Emulation.set(server, "throttle", "off");
    assertEquals(200, server.http().get(EVENTS).status());
  }

  @Test
  void faultsSwitchedOnShowTheirSeed() {
    JsonNode state = Emulation.set(server, "faults", "rate=1,statuses=503,seed=42");
    assertEquals("rate=1.0,statuses=503,seed=42", state.get("faults").asText());
    assertGraphError(server.http().get(EVENTS), 503, "ServiceUnavailable");
    assertEquals(200, server.http().get("/health").status(), "health is never faulted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"throttle\":\"requests=lots\"}", "{\"faults\":\"rate=2\"}", "{\"faults\":\"statuses=200\"}",
      "{\"throttle\":5}", "[]", "not json"})
  void malformedSettingsAre400AndChangeNothing(String body) {
    assertGraphError(server.http().send("PATCH", Emulation.ADMIN, body, "Content-Type", "application/json"), 400,
        "BadRequest");
    assertEquals("off", Emulation.state(server).get("throttle").asText());
  }

  @Test
  void theAdminRequestNeedsAToken() {
    assertGraphError(server.http().withoutToken().get(Emulation.ADMIN), 401, "InvalidAuthenticationToken");
    Http reader = server.http().withToken(server.mint(Token.delegated(Tenants.DEV, Permissions.READ)));
    assertEquals(200, reader.get(Emulation.ADMIN).status());
    assertGraphError(reader.send("PATCH", Emulation.ADMIN, "{\"throttle\":\"graph\"}", "Content-Type",
        "application/json"), 403, "Forbidden");
    assertGraphError(server.http().delete(Emulation.ADMIN), 405, "MethodNotAllowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--throttle=graph-ish", "--throttle=requests=0/10s", "--faults=rate=0.5,statuses=200",
      "--faults=seed=1"})
  void malformedStartUpSwitchesAreUsageErrors(String flag) {
    Cli.Run run = Cli.run("serve", "--port", "0", "--data", server.dataDir().resolve("unused").toString(), flag);
    assertEquals(2, run.exit());
    assertTrue(run.err().contains(flag.substring(0, flag.indexOf('='))), run.err());
  }
}
