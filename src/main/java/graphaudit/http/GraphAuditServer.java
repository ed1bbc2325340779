package graphaudit.http;

import graphaudit.accesslog.JsonRequestLog;
import graphaudit.audit.ApiVersion;
import graphaudit.auth.AccessControl;
import graphaudit.auth.AuthConfig;
import graphaudit.metrics.ServiceMetrics;
import graphaudit.odata.AuditEventJsonWriter;
import graphaudit.odata.ServiceRoot;
import graphaudit.pipeline.LocalRoute;
import graphaudit.pipeline.Pipeline;
import graphaudit.store.AuditEventStore;
import graphaudit.store.Database;
import graphaudit.viewer.Viewer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The running service: database, store, both service roots, access control and Jetty (HTTP, and HTTPS
 * when configured). Start once, close once.
 */
public final class GraphAuditServer implements AutoCloseable {

  /** Request line plus headers: a longer URI is a 414, longer headers a 431. */
  static final int MAX_REQUEST_HEAD_BYTES = 16 * 1024;

  private final Database database;
  private final AuditEventStore store;
  private final Server jetty;
  private final ServerConnector connector;
  private final ServerConnector tlsConnector;

  private GraphAuditServer(ServerConfig config) throws Exception {
    String jdbcUrl = config.jdbcUrl();
    if (jdbcUrl == null) {
      Files.createDirectories(config.dataDir());
      jdbcUrl = Database.h2FileUrl(config.dataDir());
    }
    // Opening the database (pool, file, schema check: ~0.5 s) overlaps with building the EDMs, the
    // access control and Jetty on the other core: start-up is what a test suite or a developer waits for.
    String url = jdbcUrl;
    CompletableFuture<Database> opening = CompletableFuture.supplyAsync(() -> Database.open(url, 16), BACKGROUND);
    Map<ApiVersion, ServiceRoot.Model> models = new EnumMap<>(ApiVersion.class);
    AccessControl access;
    Listeners listeners;
    try {
      for (ApiVersion version : ApiVersion.values()) {
        models.put(version, new ServiceRoot.Model(version));
      }
      access = AccessControl.create(config.auth(), config.dataDir());
      listeners = Listeners.of(config);
    } catch (Exception e) {
      opening.thenAccept(Database::close); // a bad configuration must not leave the file locked
      throw e;
    }
    this.database = opened(opening);
    ServiceMetrics metrics = new ServiceMetrics(config.observability().metricsToken());
    this.store = new AuditEventStore(database, AuditEventJsonWriter::stored, metrics.commits());
    metrics.watch(database, store);
    Map<ApiVersion, ServiceRoot> roots = new EnumMap<>(ApiVersion.class);
    byte[] skipTokenKey = database.secret("skiptoken-hmac");
    for (ApiVersion version : ApiVersion.values()) {
      roots.put(version, new ServiceRoot(models.get(version), store, skipTokenKey));
    }
    boolean dev = config.auth().mode() == AuthConfig.Mode.DEV;
    List<LocalRoute> localRoutes = new ArrayList<>(Viewer.routes(roots.get(ApiVersion.BETA), store, access,
        dev ? config.dataDir() : null, config.host()));
    localRoutes.add(metrics);
    Pipeline pipeline = new Pipeline(roots, access, MAX_REQUEST_HEAD_BYTES, config.maxBodyBytes(), config.emulation(),
        config.allowedOrigins(), dev, new Pipeline.Extensions(localRoutes, metrics.requests()));
    if (config.observability().accessLog() != null) {
      listeners.jetty().setRequestLog(JsonRequestLog.to(config.observability().accessLog()));
    }
    listeners.context().addServlet(new ServletHolder(new GraphServlet(pipeline)), "/*");
    this.jetty = listeners.jetty();
    this.connector = listeners.connector();
    this.tlsConnector = listeners.tlsConnector();
  }

  private static final Executor BACKGROUND = task -> {
    Thread thread = new Thread(task, "graph-audit-open-database");
    thread.setDaemon(true);
    thread.start();
  };

  /** The opened database, or the failure that stopped it opening, as thrown by {@link Database#open}. */
  private static Database opened(CompletableFuture<Database> opening) {
    try {
      return opening.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Jetty, its connectors, and the context the service's servlet is then mounted in. */
  private record Listeners(Server jetty, ServerConnector connector, ServerConnector tlsConnector,
      ServletContextHandler context) {

    static Listeners of(ServerConfig config) throws Exception {
      QueuedThreadPool threads = new QueuedThreadPool(200, 8);
      threads.setName("graph-audit-http");
      Server jetty = new Server(threads);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendDateHeader(true);
      http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
      // '%2F' or an encoded control character inside a path is the client's business: let it reach the
      // servlet (a Graph 404/400 there, after the body is read) rather than Jetty's rejection, which
      // closes the connection unread and leaves a client still sending its body with a reset.
      http.setUriCompliance(UriCompliance.DEFAULT.with("graph-audit",
          UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
          UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS, UriCompliance.Violation.ILLEGAL_PATH_CHARACTERS));
      ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
      connector.setHost(config.host());
      connector.setPort(config.port());
      connector.setIdleTimeout(config.idleTimeout().toMillis());
      jetty.addConnector(connector);
      ServerConnector tlsConnector = config.tls() == null ? null : httpsConnector(jetty, config, http);
      if (tlsConnector != null) {
        jetty.addConnector(tlsConnector);
      }
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      context.getServletHandler().setDecodeAmbiguousURIs(true);
      context.setErrorHandler(new GraphErrorPage());
      jetty.setHandler(context);
      jetty.setErrorHandler(new GraphErrorPage());
      return new Listeners(jetty, connector, tlsConnector, context);
    }
  }

  /** HTTPS with the configured keystore, or in dev mode without one, the self-signed {@link DevCertificate}. */
  private static ServerConnector httpsConnector(Server jetty, ServerConfig config, HttpConfiguration http)
      throws Exception {
    TlsConfig tls = config.tls();
    if (tls.keystore() == null) {
      if (config.auth().mode() != AuthConfig.Mode.DEV) {
        throw new IllegalArgumentException("--https-port needs --tls-keystore outside dev mode");
      }
      tls = DevCertificate.loadOrCreate(config.dataDir(), tls.httpsPort());
    }
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
    ssl.setKeyStorePassword(tls.password());
    ssl.setKeyStoreType("PKCS12");
    HttpConfiguration https = new HttpConfiguration(http);
    // clients reach a local service by IP as often as by name; the certificate's names are not enforced
    https.addCustomizer(new SecureRequestCustomizer(false));
    ServerConnector secure = new ServerConnector(jetty, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
        new HttpConnectionFactory(https));
    secure.setHost(config.host());
    secure.setPort(tls.httpsPort());
    secure.setIdleTimeout(config.idleTimeout().toMillis());
    return secure;
  }

  /** Opens the database (migrating it) and starts listening. */
  public static GraphAuditServer start(ServerConfig config) throws Exception {
    GraphAuditServer server = new GraphAuditServer(config);
    try {
      server.jetty.start();
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The HTTPS port actually bound, or -1 without HTTPS. */
  public int httpsPort() {
    return tlsConnector == null ? -1 : tlsConnector.getLocalPort();
  }

  public String host() {
    return connector.getHost() == null ? "0.0.0.0" : connector.getHost();
  }

  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() throws Exception {
    try {
      jetty.stop();
    } finally {
      store.close();
      database.close();
    }
  }

}
