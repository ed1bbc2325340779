package graphaudit;

import graphaudit.internal.audit.Tenants;
import graphaudit.internal.generate.EventGenerator;
import graphaudit.junit.GraphAuditExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real service on a free port, started once per test class through the shipped
 * {@link GraphAuditExtension}: {@code @RegisterExtension static final TestServer server = new TestServer();}.
 * Its store is an H2 file in a temporary directory, or with {@code -Dgraphaudit.test.store=postgresql}
 * (the pom's second test run) a new database on the JVM's throwaway {@link PostgresCluster}. In dev
 * mode (the default) {@link #http()} sends a delegated ReadWrite token of {@link Tenants#DEV};
 * {@link #mint} makes others. {@link #withGeneratedEvents} seeds generated events for {@link Tenants#DEV}.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {

  /** The window generated events fall in. */
  public static final Instant GENERATED_FROM = EventGenerator.DEFAULT_FROM;
  public static final Instant GENERATED_TO = EventGenerator.DEFAULT_TO;

  private final List<Consumer<GraphAuditConfig>> changes = new ArrayList<>();
  private Supplier<String> jdbcUrl = TestServer::storeOfTheRun;
  private long generatedCount;
  private long seed;
  private GraphAuditExtension graph;

  public TestServer() {
  }

  public TestServer(long maxBodyBytes) {
    changes.add(config -> config.http().maxBodyBytes(maxBodyBytes));
  }

  /** A server whose database already holds {@code count} events of {@link EventGenerator} with {@code seed}. */
  public static TestServer withGeneratedEvents(int count, long seed) {
    TestServer server = new TestServer();
    server.generatedCount = count;
    server.seed = seed;
    return server;
  }

  /** Changes the configuration before the start (JWKS validation, limits, …). */
  public TestServer withConfig(Consumer<GraphAuditConfig> change) {
    changes.add(change);
    return this;
  }

  /** Also serves HTTPS on a free port (dev mode: with the self-signed dev certificate). */
  public TestServer withHttps() {
    return withConfig(config -> config.http().https(0, null, null));
  }

  private static String storeOfTheRun() {
    return "postgresql".equals(System.getProperty("graphaudit.test.store"))
        ? PostgresCluster.shared().newDatabase() : null;
  }

  /** Stores in the database {@code jdbcUrl} names when the server starts (null: an H2 file). */
  public TestServer withDatabase(Supplier<String> jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
    return this;
  }

  public TestServer withIdleTimeout(Duration idleTimeout) {
    return withConfig(config -> config.http().idleTimeout(idleTimeout));
  }

  /** Starts with this throttling and fault emulation, on this clock. */
  public TestServer withEmulation(String throttle, String faults, Clock clock) {
    return withConfig(config -> config.emulation().throttle(throttle).faults(faults).clock(clock));
  }

  /** Listens on {@code host} (e.g. {@code 0.0.0.0}, not a loopback listener) instead of 127.0.0.1. */
  public TestServer withHost(String host) {
    return withConfig(config -> config.http().host(host));
  }

  /** Allows cross-origin access from these origins instead of the mode's default. */
  public TestServer withCorsOrigins(String... origins) {
    return withConfig(config -> config.http().corsOrigins(List.of(origins)));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String url = jdbcUrl.get();
    graph = url == null ? GraphAuditExtension.tempDir() : GraphAuditExtension.database(url);
    changes.forEach(graph::withConfig);
    if (generatedCount > 0) {
      graph.withSampleEvents(generatedCount, seed);
    }
    graph.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    graph.stop();
  }

  /** The service itself. */
  public GraphAudit service() {
    return graph.service();
  }

  /** The events preloaded by {@link #withGeneratedEvents}, in generation order (empty otherwise). */
  public List<AuditEvent> generatedEvents() {
    return graph.sampleEvents();
  }

  /** {@code http://127.0.0.1:PORT} */
  public String origin() {
    return service().origin();
  }

  /** {@code http://127.0.0.1:PORT/beta} or {@code …/v1.0}. */
  public String root(String version) {
    return origin() + "/" + version;
  }

  /** {@code https://127.0.0.1:PORT} (with {@link #withHttps()}). */
  public String httpsOrigin() {
    return "https://127.0.0.1:" + service().httpsPort();
  }

  public Path dataDir() {
    return service().dataDir();
  }

  /** A dev token signed with this server's dev key. */
  public String mint(Token token) {
    return graph.mint(token);
  }

  /** The default token: delegated, DeviceManagementApps.ReadWrite.All, tenant {@link Tenants#DEV}. */
  public String token() {
    return graph.token();
  }

  /** A client sending the default token (dev mode) or none (other modes). */
  public Http http() {
    return new Http(origin(), graph.hasToken() ? token() : null);
  }
}
