package graphaudit;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.auth.AccessControl;
import graphaudit.internal.auth.AuthConfig;
import graphaudit.internal.auth.DevSigningKey;
import graphaudit.internal.auth.DevTokenIssuer;
import graphaudit.internal.compose.Stores;
import graphaudit.internal.generate.Seeder;
import graphaudit.internal.http.HttpServer;
import graphaudit.internal.identity.IdentityEndpoints;
import graphaudit.internal.metrics.ServiceMetrics;
import graphaudit.internal.odata.ServiceRoot;
import graphaudit.internal.admin.DataAdmin;
import graphaudit.internal.admin.EmulationAdmin;
import graphaudit.internal.compose.ServiceRoutes;
import graphaudit.internal.emulation.Emulation;
import graphaudit.internal.emulation.EmulationConfig;
import graphaudit.internal.pipeline.Pipeline;
import graphaudit.internal.pipeline.RouteTable;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.write.CommitObserver;
import graphaudit.internal.store.Directories;
import graphaudit.internal.store.Retention;
import graphaudit.internal.viewer.Viewer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A running graph-audit service: its store, both service roots ({@code /v1.0} and {@code /beta}) and
 * its HTTP listener, put together from a {@link GraphAuditConfig}. Embed it in a test suite or a tool:
 *
 * <pre>{@code
 * try (GraphAudit graph = GraphAudit.start(config -> config
 *     .http(http -> http.port(0))
 *     .store(GraphAuditConfig.Store::inMemory))) {
 *   String token = graph.mint(Token.delegated(GraphAuditConfig.DEV_TENANT, Token.READ_WRITE));
 *   // point a Graph client at graph.betaUrl() with that token
 *   graph.reset();
 * }
 * }</pre>
 *
 * Thread-safe. {@link #close()} stops listening and closes the store (an in-memory store is gone then).
 */
public final class GraphAudit implements AutoCloseable {

  private static final int POOL_SIZE = 16;

  private final GraphAuditConfig config;
  private final Stores.Opened stored;
  private final Emulation emulation;
  private final HttpServer http;
  private final Pipeline pipeline;
  private final DevTokenIssuer issuer;
  private final RouteTable routes;
  private final Path temporaryDataDir;
  private Retention retention;

  private GraphAudit(GraphAuditConfig config) throws Exception {
    this.config = config;
    GraphAuditConfig.Store storeConfig = config.store();
    boolean dev = config.auth().isDev();
    // an in-memory store keeps its dev key and certificate in a directory that goes with it
    this.temporaryDataDir = storeConfig.isInMemory() ? Files.createTempDirectory("graph-audit") : null;
    if (temporaryDataDir != null && dev) {
      DevSigningKey.shareJvmKey(temporaryDataDir);
    }
    Path dataDir = temporaryDataDir != null ? temporaryDataDir : storeConfig.dataDir();
    // The start is what a test suite or a developer waits for, so it runs on both cores: the database opens
    // (pool, file, schema check, the skip-token key) on a thread of its own, started first, while this one
    // builds the metrics, the EDMs, the access control and starts Jetty without its listeners; the
    // listeners open once the store is there (start()).
    CommitsLater commits = new CommitsLater();
    CompletableFuture<Opening> opening = CompletableFuture.supplyAsync(() -> {
      Stores.Opened opened = Stores.open(storeConfig, POOL_SIZE, commits);
      try {
        return new Opening(opened, opened.database().secret("skiptoken-hmac"));
      } catch (RuntimeException e) {
        opened.close();
        throw e;
      }
    }, task -> {
      Thread thread = new Thread(task, "graph-audit-open-database");
      thread.setDaemon(true);
      thread.start();
    });
    ServiceMetrics metrics;
    Map<ApiVersion, ServiceRoot.Model> models = new EnumMap<>(ApiVersion.class);
    AccessControl access;
    IdentityEndpoints identity;
    try {
      metrics = ServiceMetrics.create();
      commits.tell(metrics.commits());
      for (ApiVersion version : ApiVersion.values()) {
        models.put(version, new ServiceRoot.Model(version));
      }
      access = AccessControl.create(authConfig(config.auth()), dataDir);
      com.nimbusds.jose.jwk.RSAKey signingKey = dev ? DevSigningKey.loadOrCreate(dataDir) : null;
      this.issuer = dev ? new DevTokenIssuer(signingKey) : null;
      identity = dev ? IdentityEndpoints.dev(dataDir, signingKey, Clock.systemUTC()) : IdentityEndpoints.absent();
      this.emulation = new Emulation(new EmulationConfig(config.emulation().throttle(), config.emulation().faults(),
          config.emulation().latency(), config.emulation().clock()));
      this.http = new HttpServer(config.http(), dev, dataDir);
      http.prepare();
    } catch (Exception e) {
      opening.thenAccept(open -> open.stored().close()); // a bad configuration must not leave the file locked
      throw e;
    }
    Opening open;
    try {
      open = opened(opening);
    } catch (RuntimeException e) {
      http.stop();
      throw e;
    }
    this.stored = open.stored();
    try {
      metrics.watch(stored.store());
      Map<ApiVersion, ServiceRoot> roots = new EnumMap<>(ApiVersion.class);
      for (ApiVersion version : ApiVersion.values()) {
        roots.put(version, new ServiceRoot(models.get(version), stored.store(), open.skipTokenKey()));
      }
      List<String> cors = config.http().corsOrigins() != null ? config.http().corsOrigins()
          : dev ? List.of("*") : List.of();
      Viewer viewer = new Viewer(roots.get(ApiVersion.BETA), stored.store(), issuer);
      ServiceRoutes.Handlers handlers = new ServiceRoutes.Handlers(roots, viewer, new DataAdmin(stored.store()),
          new EmulationAdmin(emulation), metrics, identity);
      Pipeline.Gate gate = new Pipeline.Gate(HttpServer.MAX_REQUEST_HEAD_BYTES, config.http().maxBodyBytes(), cors, dev,
          isLoopback(config.http().host()));
      this.routes = ServiceRoutes.table(handlers, config.http().metricsToken());
      this.pipeline = new Pipeline(routes, gate, access, emulation, emulation, metrics.requests());
    } catch (Exception e) {
      try {
        http.stop();
      } finally {
        stored.close();
      }
      throw e;
    }
  }

  /** The store opened on its own thread, and the key its skip tokens are signed with. */
  private record Opening(Stores.Opened stored, byte[] skipTokenKey) {
  }

  /**
   * The metrics' commit observer for a store opened before the metrics exist: no write is made before
   * the service listens, by when it forwards to them.
   */
  private static final class CommitsLater implements CommitObserver {
    private volatile CommitObserver target = CommitObserver.NONE;

    void tell(CommitObserver observer) {
      this.target = observer;
    }

    @Override
    public void queued(long nanos) {
      target.queued(nanos);
    }

    @Override
    public void committed(int writes, long nanos) {
      target.committed(writes, nanos);
    }
  }

  /** Whether {@code host} names a loopback interface ({@code 127.0.0.1}, {@code ::1}, {@code localhost}). */
  private static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return false; // every interface
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The opened store, or the failure that stopped it opening, as {@link Stores#open} threw it. */
  private static Opening opened(CompletableFuture<Opening> opening) {
    try {
      return opening.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static AuthConfig authConfig(GraphAuditConfig.Auth auth) {
    return new AuthConfig(auth.isDev() ? AuthConfig.Mode.DEV : AuthConfig.Mode.JWKS, auth.jwksUri(), auth.jwksFile(),
        auth.issuer(), auth.audiences());
  }

  /**
   * Starts a service configured by {@code configure} (applied to the defaults), seeds it when the
   * configuration says so, and returns once it is listening.
   *
   * @throws IllegalArgumentException when the configuration is inconsistent (e.g. HTTPS without a
   *                                  keystore outside dev mode, a malformed throttling spec)
   * @throws StoreDamagedException    when the H2 file is damaged ({@code graph-audit recover} salvages it)
   * @throws Exception                when the port is taken, the database unreachable or in use, …
   */
  public static GraphAudit start(Consumer<GraphAuditConfig> configure) throws Exception {
    GraphAuditConfig config = new GraphAuditConfig();
    configure.accept(config);
    return start(config);
  }

  /** Starts a service as {@code config} says; see {@link #start(Consumer)}. */
  public static GraphAudit start(GraphAuditConfig config) throws Exception {
    GraphAudit service = new GraphAudit(config);
    try {
      service.seedOnStart();
      service.http.open(service.pipeline);
      Integer days = config.store().retentionDays();
      if (days != null) {
        service.retention = new Retention(service.stored.store(), Duration.ofDays(days), Clock.systemUTC()).start();
      }
    } catch (Exception e) {
      service.close();
      throw e;
    }
    return service;
  }

  private void seedOnStart() {
    long count = config.store().seedEvents();
    if (count > 0 && stored.store().count(GraphAuditConfig.DEV_TENANT, graphaudit.internal.store.sql.Sql.TRUE) == 0) {
      seed(GraphAuditConfig.DEV_TENANT, count, config.store().seed());
    }
  }

  /** The HTTP port bound (the free one picked for port 0). */
  public int port() {
    return http.port();
  }

  /** The HTTPS port bound, or -1 without HTTPS. */
  public int httpsPort() {
    return http.httpsPort();
  }

  /** {@code http://HOST:PORT}, with a wildcard listener's host given as {@code 127.0.0.1}. */
  public String origin() {
    String host = config.http().host();
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.isEmpty();
    String shown = wildcard ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + shown + ":" + port();
  }

  /** The v1.0 service root, {@code http://HOST:PORT/v1.0}: the base URL a Graph client takes. */
  public String v1Url() {
    return origin() + "/v1.0";
  }

  /** The beta service root, {@code http://HOST:PORT/beta}. */
  public String betaUrl() {
    return origin() + "/beta";
  }

  /** Where the H2 file (unless in memory or on a JDBC URL), the dev signing key and the dev certificate are. */
  public Path dataDir() {
    return temporaryDataDir != null ? temporaryDataDir : config.store().dataDir();
  }

  /**
   * A token this service accepts, signed with its dev key.
   *
   * @throws IllegalStateException outside dev mode, where tokens come from the configured key set's issuer
   */
  public String mint(Token token) {
    if (issuer == null) {
      throw new IllegalStateException("tokens are minted in dev mode only; this service validates with a JWKS");
    }
    return issuer.mint(token);
  }

  /** Deletes every event of every tenant; the service keeps running. Returns how many were deleted. */
  public long reset() {
    return stored.store().deleteAll(null);
  }

  /** Deletes every event of {@code tenantId}; other tenants keep theirs. Returns how many were deleted. */
  public long reset(String tenantId) {
    return stored.store().deleteAll(tenantId);
  }

  /**
   * Stores {@code count} generated, realistic events in {@code tenantId} (times in 2016); the same
   * {@code seed} gives the same events, ids included. Returns them in generation order.
   */
  public List<AuditEvent> seed(String tenantId, long count, long seed) {
    List<AuditEvent> events = new ArrayList<>();
    new Seeder(stored.store()).seed(tenantId, count, seed, events::addAll);
    return events;
  }

  /** Switches throttling while serving: {@code off}, {@code graph} or limits (see {@link GraphAuditConfig.Emulation}). */
  public void throttle(String spec) {
    emulation.throttle(spec);
  }

  /** Switches fault injection while serving: {@code off} or e.g. {@code rate=0.05,statuses=503}. */
  public void faults(String spec) {
    emulation.faults(spec);
  }

  /**
   * Switches the latency emulation while serving: {@code off}, {@code fixed=200ms} or e.g.
   * {@code p50=120ms,p99=900ms,seed=7} (see {@link GraphAuditConfig.Emulation#latency}).
   */
  public void latency(String spec) {
    emulation.latency(spec);
  }

  /** The paths the service answers, for this project's own tests. */
  RouteTable routes() {
    return routes;
  }

  /** The store behind the service, for this project's own tools. */
  AuditEventStore store() {
    return stored.store();
  }

  /** Blocks until the service is stopped. */
  public void join() throws InterruptedException {
    http.join();
  }

  /** Stops listening (requests in flight finish first, for 10 s at most), then closes the store. */
  @Override
  public void close() throws Exception {
    try {
      if (retention != null) {
        retention.close();
      }
      http.stop();
    } finally {
      stored.close();
      if (temporaryDataDir != null) {
        Directories.deleteTree(temporaryDataDir);
      }
    }
  }
}
