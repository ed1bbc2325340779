package graphaudit.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.AuditEvent;
import graphaudit.Cli;
import graphaudit.Emulation;
import graphaudit.GraphAudit;
import graphaudit.Http;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.http.DevCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import --from URL} against a second graph-audit standing in for a real tenant: it gets its
 * token from that one's token endpoint (client credentials) or takes one as given, follows every
 * nextLink through throttling and injected faults, and leaves every event stored exactly once; killed
 * mid-pull (SIGKILL), {@code --resume} goes on from its last stored page.
 */
@Tag("slow")
class ImportFromGraphTest {

  private static final int EVENTS = 1_234;

  /** The "real tenant": Graph's throttling and a fault in four requests on. */
  @RegisterExtension
  static final TestServer source = TestServer.withGeneratedEvents(EVENTS, 77).withHttps()
      .withEmulation("graph", "rate=0.25,statuses=429+503+504,seed=5", java.time.Clock.systemUTC());

  @TempDir
  static Path files;

  private static Map<String, String> app;

  @BeforeAll
  static void registerCollector() {
    app = Cli.appAdded(Cli.run("app", "add", "--data", source.dataDir().toString(), "--name", "puller",
        "--roles", "DeviceManagementApps.Read.All"));
  }

  @Test
  void clientCredentialsThroughThrottlingAndFaultsStoreEveryEventOnce() throws Exception {
    Path target = files.resolve("credentials");
    long faultedBefore = Emulation.state(source).get("faulted").asLong();
    Cli.Run run = Cli.run("import", "--from", source.httpsOrigin() + "/beta/deviceManagement/auditEvents",
        "--tenant-id", app.get("AZURE_TENANT_ID"), "--client-id", app.get("AZURE_CLIENT_ID"), "--client-secret",
        app.get("AZURE_CLIENT_SECRET"), "--authority", source.httpsOrigin(), "--ca-cert", trusted(), "--data",
        target.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(Emulation.state(source).get("faulted").asLong() > faultedBefore, "faults were injected");
    assertTrue(run.err().contains("retrying in"), "and retried:\n" + run.err());
    assertTrue(run.out().startsWith("pulled 13 pages, " + EVENTS + " events"), run.out());
    assertEquals(sourceIds(), storedIds(target, Tenants.DEV), "every event once");
    assertTrue(Files.notExists(target.resolve(PullState.FILE)), "a finished pull leaves no state");

    Cli.Run again = Cli.run("import", "--from", source.httpsOrigin() + "/beta/deviceManagement/auditEvents",
        "--token", source.token(), "--ca-cert", trusted(), "--data", target.toString());
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains(": 0 stored, " + EVENTS + " already stored"), again.out());
  }

  @Test
  void retryAfterIsObeyedWhenTheThrottleIsTight() throws Exception {
    Emulation.set(source, "throttle", "requests=1/2s");
    Emulation.set(source, "faults", "off");
    try {
      Path target = files.resolve("throttled");
      Cli.Run run = Cli.run("import", "--from", source.httpsOrigin() + "/v1.0/deviceManagement/auditEvents"
          + "?$filter=category%20eq%20'Device'", "--token", source.token(), "--ca-cert", trusted(), "--tenant",
          "6b0f6b0f-1111-4111-8111-6b0f6b0f6b0f", "--data", target.toString());
      assertEquals(0, run.exit(), run.err());
      assertTrue(run.err().contains("429, Retry-After"), run.err());
      Set<String> devices = source.generatedEvents().stream().filter(e -> "Device".equals(e.get("category")))
          .map(AuditEvent::id).collect(Collectors.toSet());
      assertEquals(devices, storedIds(target, "6b0f6b0f-1111-4111-8111-6b0f6b0f6b0f"), "the filter's events, in --tenant");
    } finally {
      Emulation.set(source, "throttle", "graph");
      Emulation.set(source, "faults", "rate=0.25,statuses=429+503+504,seed=5");
    }
  }

  @Test
  void aRefusalNoRetryMendsIsOneLine() {
    Cli.Run forbidden = Cli.run("import", "--from", source.httpsOrigin() + "/beta/deviceManagement/auditEvents",
        "--token", source.mint(Token.delegated(Tenants.DEV, "User.Read")), "--ca-cert", trusted(), "--data",
        files.resolve("forbidden").toString());
    assertEquals(1, forbidden.exit());
    assertTrue(forbidden.err().strip().endsWith("answered 403: Forbidden: Missing permission: GET needs one of "
        + "DeviceManagementApps.Read.All, DeviceManagementApps.ReadWrite.All in the token's 'scp' claim."),
        forbidden.err());
    Cli.Run secret = Cli.run("import", "--from", source.httpsOrigin() + "/beta/deviceManagement/auditEvents",
        "--tenant-id", app.get("AZURE_TENANT_ID"), "--client-id", app.get("AZURE_CLIENT_ID"), "--client-secret",
        "wrong", "--authority", source.httpsOrigin(), "--ca-cert", trusted(), "--data", files.resolve("x").toString());
    assertEquals(1, secret.exit());
    assertTrue(secret.err().contains("refused the client credentials (401): AADSTS7000215"), secret.err());
    Cli.Run neither = Cli.run("import", "--data", files.resolve("y").toString());
    assertEquals(1, neither.exit());
    assertTrue(neither.err().contains("give a FILE (or - for standard input) or --from URL"), neither.err());
  }

  /** Killed with SIGKILL after its third page, the pull goes on from its fourth with --resume. */
  @Test
  @Tag("kill")
  void aKilledPullResumesFromItsLastStoredPage() throws Exception {
    Path target = files.resolve("killed");
    String from = source.httpsOrigin() + "/beta/deviceManagement/auditEvents";
    Emulation.set(source, "faults", "off");
    Emulation.set(source, "latency", "list:fixed=400ms");
    try {
      List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
          System.getProperty("java.class.path"), "graphaudit.internal.cli.Main", "import", "--from", from, "--token",
          source.token(), "--ca-cert", trusted(), "--data", target.toString()));
      Process pull = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(files.resolve("killed.log").toFile()).start();
      try {
        while (PullState.read(target).map(PullState::pages).orElse(0L) < 3) {
          assertTrue(pull.isAlive(), "the pull ended before it was killed: " + Files.readString(files.resolve("killed.log")));
          Thread.onSpinWait();
        }
      } finally {
        pull.destroyForcibly();
        pull.waitFor(1, TimeUnit.MINUTES);
      }
      PullState cut = PullState.read(target).orElseThrow();
      assertTrue(cut.pages() >= 3 && cut.next() != null, cut.toString());
      Emulation.set(source, "latency", "off");
      Emulation.set(source, "faults", "rate=0.25,statuses=429+503+504,seed=5");
      Cli.Run resumed = Cli.run("import", "--from", from, "--resume", "--token", source.token(), "--ca-cert", trusted(),
          "--data", target.toString());
      assertEquals(0, resumed.exit(), resumed.err());
      assertTrue(resumed.err().contains("resuming at page " + (cut.pages() + 1)), resumed.err());
      assertTrue(resumed.out().startsWith("pulled " + (13 - cut.pages()) + " pages"), resumed.out());
      assertEquals(sourceIds(), storedIds(target, Tenants.DEV), "every event once");
    } finally {
      Emulation.set(source, "latency", "off");
      Emulation.set(source, "faults", "rate=0.25,statuses=429+503+504,seed=5");
    }
  }

  private static String trusted() {
    return source.dataDir().resolve(DevCertificate.CERTIFICATE).toString();
  }

  private static Set<String> sourceIds() {
    return source.generatedEvents().stream().map(AuditEvent::id).collect(Collectors.toSet());
  }

  /** The ids a service on {@code dataDir} lists for {@code tenant}, each listed once. */
  private static Set<String> storedIds(Path dataDir, String tenant) throws Exception {
    try (GraphAudit stored = GraphAudit.start(config -> config.http(h -> h.port(0)).store(s -> s.dataDir(dataDir)))) {
      Http http = new Http(stored.origin(), stored.mint(Token.delegated(tenant, Token.READ)));
      List<String> ids = new ArrayList<>();
      String next = "/beta/deviceManagement/auditEvents";
      while (next != null) {
        JsonNode page = http.get(next, "Prefer", "odata.maxpagesize=999").json();
        page.get("value").forEach(event -> ids.add(event.get("id").asText()));
        next = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText().substring(stored.origin().length())
            : null;
      }
      Set<String> unique = new HashSet<>(ids);
      assertEquals(ids.size(), unique.size(), "an event listed twice");
      return unique;
    }
  }
}
