package graphaudit.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.GraphAuditConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * serve maps its options, or the GRAPH_AUDIT_* variables standing for them, onto the configuration;
 * what neither sets keeps the configuration's own default.
 */
class ServeOptionsTest {

  private static GraphAuditConfig parse(Map<String, String> environment, String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(new OptionDefaults(environment)).parseArgs(args);
    return serve.config();
  }

  @Test
  void nothingGivenKeepsEveryDefault() {
    GraphAuditConfig config = parse(Map.of());
    GraphAuditConfig defaults = new GraphAuditConfig();
    assertEquals(defaults.http().host(), config.http().host());
    assertEquals(defaults.http().port(), config.http().port());
    assertEquals(defaults.http().idleTimeout(), config.http().idleTimeout());
    assertEquals(defaults.http().maxBodyBytes(), config.http().maxBodyBytes());
    assertNull(config.http().httpsPort());
    assertNull(config.http().corsOrigins());
    assertEquals(defaults.store().dataDir(), config.store().dataDir());
    assertEquals(defaults.store().cacheMegabytes(), config.store().cacheMegabytes());
    assertEquals(0, config.store().seedEvents());
    assertTrue(config.auth().isDev());
    assertEquals(defaults.auth().audiences(), config.auth().audiences());
    assertEquals("off", config.emulation().throttle());
  }

  @Test
  void optionsSetTheirPartOfTheConfiguration() {
    GraphAuditConfig config = parse(Map.of(), "--port", "0", "--data", "elsewhere", "--seed-events", "20", "--seed",
        "3", "--cache-mb", "32", "--idle-timeout", "5s", "--https-port", "0", "--cors-origins", "https://a,https://b",
        "--auth", "jwks", "--jwks-file", "keys.json", "--throttle", "graph", "--latency", "list:fixed=5ms");
    assertEquals(0, config.http().port());
    assertEquals(Path.of("elsewhere"), config.store().dataDir());
    assertEquals(20, config.store().seedEvents());
    assertEquals(3, config.store().seed());
    assertEquals(32, config.store().cacheMegabytes());
    assertEquals(Duration.ofSeconds(5), config.http().idleTimeout());
    assertEquals(0, config.http().httpsPort());
    assertEquals(List.of("https://a", "https://b"), config.http().corsOrigins());
    assertEquals(Path.of("keys.json"), config.auth().jwksFile());
    assertEquals("graph", config.emulation().throttle());
    assertEquals("list:fixed=5ms", config.emulation().latency());
  }

  @Test
  void theEnvironmentStandsInForMissingOptionsOnly() {
    Map<String, String> environment = Map.of("GRAPH_AUDIT_PORT", "9999", "GRAPH_AUDIT_DB_URL", "jdbc:postgresql://db/x",
        "GRAPH_AUDIT_THROTTLE", "graph", "GRAPH_AUDIT_SEED_EVENTS", "7");
    GraphAuditConfig config = parse(environment, "--throttle", "off");
    assertEquals(9999, config.http().port());
    assertEquals("jdbc:postgresql://db/x", config.store().jdbcUrl());
    assertEquals(7, config.store().seedEvents());
    assertEquals("off", config.emulation().throttle(), "the command line wins");
  }

  @Test
  void contradictoryOptionsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--auth", "jwks"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--port", "70000"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--seed-events", "-1"));
  }
}
