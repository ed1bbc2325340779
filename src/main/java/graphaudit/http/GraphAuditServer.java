package graphaudit.http;

import graphaudit.audit.ApiVersion;
import graphaudit.auth.AccessControl;
import graphaudit.auth.AuthConfig;
import graphaudit.odata.ServiceRoot;
import graphaudit.store.AuditEventStore;
import graphaudit.store.Database;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
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
    this.database = Database.open(jdbcUrl, 16);
    this.store = new AuditEventStore(database);
    AccessControl access = AccessControl.create(config.auth(), config.dataDir());
    Map<ApiVersion, ServiceRoot> roots = new EnumMap<>(ApiVersion.class);
    byte[] skipTokenKey = database.secret("skiptoken-hmac");
    for (ApiVersion version : ApiVersion.values()) {
      roots.put(version, new ServiceRoot(version, store, skipTokenKey));
    }

    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("graph-audit-http");
    this.jetty = new Server(threads);
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
    this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(config.idleTimeout().toMillis());
    jetty.addConnector(connector);
    this.tlsConnector = config.tls() == null ? null : tlsConnector(config, http);
    if (tlsConnector != null) {
      jetty.addConnector(tlsConnector);
    }

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addServlet(new ServletHolder(new GraphServlet(roots, access, config.maxBodyBytes())), "/*");
    context.setErrorHandler(new GraphErrorPage());
    jetty.setHandler(context);
    jetty.setErrorHandler(new GraphErrorPage());
  }

  /** HTTPS with the configured keystore, or in dev mode without one, the self-signed {@link DevCertificate}. */
  private ServerConnector tlsConnector(ServerConfig config, HttpConfiguration http) throws Exception {
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
