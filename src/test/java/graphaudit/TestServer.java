package graphaudit;

import graphaudit.audit.AuditEvent;
import graphaudit.audit.Tenants;
import graphaudit.auth.AuthConfig;
import graphaudit.auth.DevSigningKey;
import graphaudit.auth.DevToken;
import graphaudit.auth.DevTokenIssuer;
import graphaudit.auth.Permissions;
import graphaudit.http.GraphAuditServer;
import graphaudit.http.ServerConfig;
import graphaudit.http.TlsConfig;
import graphaudit.observability.ObservabilityConfig;
import graphaudit.pipeline.EmulationConfig;
import graphaudit.generate.EventGenerator;
import graphaudit.odata.AuditEventJsonWriter;
import graphaudit.store.AuditEventStore;
import graphaudit.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real service on a free port with its own H2 file database in a temporary directory, started
 * once per test class: {@code @RegisterExtension static final TestServer server = new TestServer();}.
 * In dev mode (the default) {@link #http()} sends a delegated ReadWrite token of {@link Tenants#DEV},
 * minted with the data directory's dev key; {@link #mint} makes others. {@link #withGeneratedEvents}
 * first writes generated events for {@link Tenants#DEV} into that database.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {

  /** The window generated events fall in (as the generate command's defaults). */
  public static final Instant GENERATED_FROM = Instant.parse("2016-01-01T00:00:00Z");
  public static final Instant GENERATED_TO = Instant.parse("2017-01-01T00:00:00Z");
  private static final int GENERATE_BATCH = 1_000;

  private final long maxBodyBytes;
  private final int generatedCount;
  private final long seed;
  private final List<AuditEvent> generated = new ArrayList<>();
  private AuthConfig auth = AuthConfig.dev();
  private boolean https;
  private Duration idleTimeout = ServerConfig.DEFAULT_IDLE_TIMEOUT;
  private EmulationConfig emulation = EmulationConfig.OFF;
  private List<String> corsOrigins;
  private String host = "127.0.0.1";
  private ObservabilityConfig observability = ObservabilityConfig.OFF;
  private Supplier<String> jdbcUrl = TestServer::storeOfTheRun;
  private String databaseUrl;
  private Path dataDir;
  private GraphAuditServer server;
  private DevTokenIssuer issuer;
  private String token;

  public TestServer() {
    this(ServerConfig.DEFAULT_MAX_BODY_BYTES);
  }

  public TestServer(long maxBodyBytes) {
    this(maxBodyBytes, 0, 0);
  }

  private TestServer(long maxBodyBytes, int generatedCount, long seed) {
    this.maxBodyBytes = maxBodyBytes;
    this.generatedCount = generatedCount;
    this.seed = seed;
  }

  /** A server whose database already holds {@code count} events of {@link EventGenerator} with {@code seed}. */
  public static TestServer withGeneratedEvents(int count, long seed) {
    return new TestServer(ServerConfig.DEFAULT_MAX_BODY_BYTES, count, seed);
  }

  /** Validates tokens as {@code auth} says instead of dev mode (no default token then). */
  public TestServer withAuth(AuthConfig auth) {
    this.auth = auth;
    return this;
  }

  /** Also serves HTTPS on a free port (dev mode: with the self-signed dev certificate). */
  public TestServer withHttps() {
    this.https = true;
    return this;
  }

  /**
   * The default store: the H2 file, or with {@code -Dgraphaudit.test.store=postgresql} (the pom's
   * second test run) a new database on the JVM's throwaway {@link PostgresCluster}.
   */
  private static String storeOfTheRun() {
    return "postgresql".equals(System.getProperty("graphaudit.test.store"))
        ? PostgresCluster.shared().newDatabase() : null;
  }

  /** Stores in the database {@code jdbcUrl} names when the server starts, instead of an H2 file. */
  public TestServer withDatabase(Supplier<String> jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
    return this;
  }

  public TestServer withIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
    return this;
  }

  /** Starts with this throttling and fault emulation (and its clock). */
  public TestServer withEmulation(EmulationConfig emulation) {
    this.emulation = emulation;
    return this;
  }

  /** Allows cross-origin access from these origins instead of the mode's default. */
  public TestServer withCorsOrigins(String... origins) {
    this.corsOrigins = List.of(origins);
    return this;
  }

  /** Listens on {@code host} (e.g. {@code 0.0.0.0}, not a loopback listener) instead of 127.0.0.1. */
  public TestServer withHost(String host) {
    this.host = host;
    return this;
  }

  /** Starts with this access log and /metrics token. */
  public TestServer withObservability(ObservabilityConfig observability) {
    this.observability = observability;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("graph-audit-test");
    databaseUrl = jdbcUrl.get();
    if (generatedCount > 0) {
      preload();
    }
    server = GraphAuditServer.start(new ServerConfig(host, 0, dataDir, databaseUrl, maxBodyBytes, auth,
        https ? new TlsConfig(0, null, null) : null, idleTimeout, emulation, corsOrigins, observability));
    if (auth.mode() == AuthConfig.Mode.DEV) {
      issuer = new DevTokenIssuer(DevSigningKey.loadOrCreate(dataDir));
      token = mint(DevToken.delegated(Tenants.DEV, Permissions.READ_WRITE));
    }
  }

  /** Writes the generated events with the store directly, then closes it so the server owns the file. */
  private void preload() {
    EventGenerator generator = new EventGenerator(seed, GENERATED_FROM, GENERATED_TO, generatedCount);
    try (Database database = Database.open(databaseUrl != null ? databaseUrl : Database.h2FileUrl(dataDir), 2);
         AuditEventStore store = new AuditEventStore(database, AuditEventJsonWriter::stored)) {
      while (generated.size() < generatedCount) {
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 0; i < GENERATE_BATCH && generated.size() + batch.size() < generatedCount; i++) {
          batch.add(generator.next());
        }
        store.createAll(Tenants.DEV, batch);
        generated.addAll(batch);
      }
    }
  }

  /** The events preloaded by {@link #withGeneratedEvents}, in generation order (empty otherwise). */
  public List<AuditEvent> generatedEvents() {
    return List.copyOf(generated);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    server.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** {@code http://127.0.0.1:PORT} */
  public String origin() {
    return "http://127.0.0.1:" + server.port();
  }

  /** {@code http://127.0.0.1:PORT/beta} or {@code …/v1.0}. */
  public String root(String version) {
    return origin() + "/" + version;
  }

  /** {@code https://127.0.0.1:PORT} (with {@link #withHttps()}). */
  public String httpsOrigin() {
    return "https://127.0.0.1:" + server.httpsPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A dev token signed with this server's dev key. */
  public String mint(DevToken token) {
    return issuer.mint(token);
  }

  /** The default token: delegated, DeviceManagementApps.ReadWrite.All, tenant {@link Tenants#DEV}. */
  public String token() {
    return token;
  }

  /** A client sending the default token (dev mode) or none (other modes). */
  public Http http() {
    return new Http(origin(), token);
  }
}
