package graphaudit.http;

import graphaudit.audit.ApiVersion;
import graphaudit.odata.ServiceRoot;
import graphaudit.store.AuditEventStore;
import graphaudit.store.Database;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The running service: database, store, both service roots and Jetty. Start once, close once. */
public final class GraphAuditServer implements AutoCloseable {

  private final Database database;
  private final AuditEventStore store;
  private final Server jetty;
  private final ServerConnector connector;

  private GraphAuditServer(ServerConfig config) throws Exception {
    String jdbcUrl = config.jdbcUrl();
    if (jdbcUrl == null) {
      Files.createDirectories(config.dataDir());
      jdbcUrl = Database.h2FileUrl(config.dataDir());
    }
    this.database = Database.open(jdbcUrl, 16);
    this.store = new AuditEventStore(database);
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
    // '%2F' inside a key is the client's business: let it reach the servlet (a 404 there), not
    // Jetty's ambiguous-URI rejection
    http.setUriCompliance(UriCompliance.DEFAULT.with("graph-audit",
        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
    this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    jetty.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addServlet(new ServletHolder(new GraphServlet(roots, config.maxBodyBytes())), "/*");
    context.setErrorHandler(new GraphErrorPage());
    jetty.setHandler(context);
    jetty.setErrorHandler(new GraphErrorPage());
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
