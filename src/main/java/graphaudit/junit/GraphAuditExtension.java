package graphaudit.junit;

import graphaudit.GraphAudit;
import graphaudit.GraphAuditConfig;
import graphaudit.Token;
import graphaudit.internal.store.Directories;
import graphaudit.AuditEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A graph-audit service for JUnit 5 tests, on a free port of {@code 127.0.0.1} in dev mode:
 *
 * <pre>{@code
 * @RegisterExtension
 * static GraphAuditExtension graph = GraphAuditExtension.inMemory().withSampleEvents(1_000, 42);
 *
 * @Test
 * void collects(GraphAudit service) {
 *   var client = myCollector(graph.betaUrl(), graph.token());
 *   ...
 *   graph.reset();
 * }
 * }</pre>
 *
 * Registered on a {@code static} field, one service serves the whole test class; on an instance field,
 * each test gets a fresh one. Every registration starts its own service, so test classes running in
 * parallel never share one. Test methods may declare a {@link GraphAudit} parameter to receive it.
 * The sample events (and those seeded in {@link #withSampleEvents}) belong to
 * {@link GraphAuditConfig#DEV_TENANT}, the tenant of {@link #token()}.
 */
public final class GraphAuditExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, ParameterResolver {

  private final Supplier<Path> directory;
  private final List<Consumer<GraphAuditConfig>> changes = new ArrayList<>();
  private long sampleEvents;
  private long sampleSeed;
  private final List<AuditEvent> samples = new ArrayList<>();
  private Path temporaryDir;
  private GraphAudit service;
  private String token;
  private boolean perClass;

  private GraphAuditExtension(Supplier<Path> directory, Consumer<GraphAuditConfig.Store> store) {
    this.directory = directory;
    changes.add(config -> config.store(store));
  }

  /** A service whose store lives in this JVM's memory: the fastest start, gone when the service stops. */
  public static GraphAuditExtension inMemory() {
    return new GraphAuditExtension(() -> null, GraphAuditConfig.Store::inMemory);
  }

  /** A service with its H2 file in a new temporary directory, deleted when the service stops. */
  public static GraphAuditExtension tempDir() {
    return new GraphAuditExtension(GraphAuditExtension::createTempDir, store -> { });
  }

  /**
   * A service storing in the database {@code jdbcUrl} names (PostgreSQL: an empty database; the
   * service creates its tables), keeping its dev key in a temporary directory.
   */
  public static GraphAuditExtension database(String jdbcUrl) {
    return new GraphAuditExtension(GraphAuditExtension::createTempDir, store -> store.jdbcUrl(jdbcUrl));
  }

  /** Starts with {@code count} generated events in the dev tenant; the same seed gives the same events. */
  public GraphAuditExtension withSampleEvents(long count, long seed) {
    this.sampleEvents = count;
    this.sampleSeed = seed;
    return this;
  }

  /**
   * Applies {@code change} to the configuration before starting (after this extension's own settings):
   * throttling and faults, body limits, CORS, HTTPS, JWKS validation, …
   */
  public GraphAuditExtension withConfig(Consumer<GraphAuditConfig> change) {
    changes.add(change);
    return this;
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("graph-audit-test");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary directory", e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      stop();
    }
  }

  /** Starts the service now (JUnit calls this; a test may also drive the lifecycle itself). */
  public void start() throws Exception {
    temporaryDir = directory.get();
    GraphAuditConfig config = new GraphAuditConfig().http(http -> http.host("127.0.0.1").port(0));
    if (temporaryDir != null) {
      config.store().dataDir(temporaryDir);
    }
    changes.forEach(change -> change.accept(config));
    service = GraphAudit.start(config);
    if (config.auth().isDev()) {
      token = service.mint(Token.delegated(GraphAuditConfig.DEV_TENANT, Token.READ_WRITE));
    }
    samples.clear();
    if (sampleEvents > 0) {
      samples.addAll(service.seed(GraphAuditConfig.DEV_TENANT, sampleEvents, sampleSeed));
    }
  }

  /** Stops the service and deletes its temporary files. */
  public void stop() throws Exception {
    if (service == null) {
      return;
    }
    try {
      service.close();
    } finally {
      service = null;
      if (temporaryDir != null) {
        Directories.deleteTree(temporaryDir);
        temporaryDir = null;
      }
    }
  }

  /** The running service. @throws IllegalStateException before it starts or after it stops */
  public GraphAudit service() {
    if (service == null) {
      throw new IllegalStateException("the graph-audit service is not running (register the extension with"
          + " @RegisterExtension, and use it inside a test)");
    }
    return service;
  }

  /** {@code http://127.0.0.1:PORT/v1.0}: the base URL for a Graph client. */
  public String v1Url() {
    return service().v1Url();
  }

  /** {@code http://127.0.0.1:PORT/beta}. */
  public String betaUrl() {
    return service().betaUrl();
  }

  /** A delegated ReadWrite token of {@link GraphAuditConfig#DEV_TENANT}, valid for an hour (dev mode). */
  public String token() {
    if (token == null) {
      throw new IllegalStateException("no default token outside dev mode");
    }
    return token;
  }

  /** Whether {@link #token()} has one: true in dev mode. */
  public boolean hasToken() {
    return token != null;
  }

  /** A token saying what {@code token} says, e.g. another tenant or read-only. */
  public String mint(Token token) {
    return service().mint(token);
  }

  /** Empties every tenant (the sample events too); the service keeps running on its port. */
  public long reset() {
    return service().reset();
  }

  /** Empties one tenant. */
  public long reset(String tenantId) {
    return service().reset(tenantId);
  }

  /** Adds {@code count} generated events to {@code tenantId}; the same seed gives the same events. */
  public List<AuditEvent> seed(String tenantId, long count, long seed) {
    return service().seed(tenantId, count, seed);
  }

  /** The sample events the service started with, in generation order. */
  public List<AuditEvent> sampleEvents() {
    return List.copyOf(samples);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == GraphAudit.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return service();
  }
}
