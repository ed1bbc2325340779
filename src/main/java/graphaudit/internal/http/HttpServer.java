package graphaudit.internal.http;

import graphaudit.GraphAuditConfig;
import graphaudit.internal.accesslog.JsonRequestLog;
import graphaudit.internal.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty with its HTTP (and optionally HTTPS) listener, handing every request to the {@link Pipeline}.
 * Started in two steps, so that Jetty's own start overlaps the store's opening: {@link #prepare()}
 * starts Jetty without its listeners, {@link #open(Pipeline)} opens them once the pipeline exists.
 */
public final class HttpServer {

  /** Request line plus headers: a longer URI is a 414, longer headers a 431. */
  public static final int MAX_REQUEST_HEAD_BYTES = 16 * 1024;
  private static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

  static {
    // Jetty sizes its padding by the references a cache line holds, and without this property asks the
    // platform MBean server whether oops are compressed: starting JMX took 0.1-0.2 s of every start (JFR).
    // They are for any heap under 32 GB, the JVM's own rule.
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
      System.setProperty(REFERENCES_PER_CACHE_LINE, Runtime.getRuntime().maxMemory() < 32L << 30 ? "16" : "8");
    }
  }

  private final Server jetty;
  private final ServerConnector connector;
  private final ServerConnector tlsConnector;
  /** Where replies held back by the latency emulation wait: one thread, however many wait. */
  private final ScheduledThreadPoolExecutor delayedReplies = new ScheduledThreadPoolExecutor(1, task -> {
    Thread thread = new Thread(task, "graph-audit-delayed-replies");
    thread.setDaemon(true);
    return thread;
  });
  private final GraphServlet servlet = new GraphServlet(delayedReplies);

  /**
   * Builds (does not start) the server.
   *
   * @param devMode  whether HTTPS without a keystore may use the self-signed dev certificate
   * @param dataDir  where that certificate is kept
   * @throws IllegalArgumentException when HTTPS has no keystore outside dev mode
   */
  public HttpServer(GraphAuditConfig.Http config, boolean devMode, Path dataDir) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("graph-audit-http");
    jetty = new Server(threads);
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
    connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(config.idleTimeout().toMillis());
    tlsConnector = config.httpsPort() == null ? null : httpsConnector(config, devMode, dataDir, http);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.setErrorHandler(new GraphErrorPage());
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    // SIGTERM (or close): stop accepting, let the requests under way finish (10 s at most), then close the store
    jetty.setHandler(new GracefulHandler(context));
    jetty.setStopTimeout(10_000);
    jetty.setErrorHandler(new GraphErrorPage());
    if (config.accessLog() != null) {
      jetty.setRequestLog(JsonRequestLog.to(config.accessLog()));
    }
  }

  /** HTTPS with the configured keystore, or in dev mode without one, the self-signed {@link DevCertificate}. */
  private ServerConnector httpsConnector(GraphAuditConfig.Http config, boolean devMode, Path dataDir,
      HttpConfiguration http) throws Exception {
    TlsConfig tls = new TlsConfig(config.httpsPort(), config.tlsKeystore(), config.tlsPassword());
    if (tls.keystore() == null) {
      if (!devMode) {
        throw new IllegalArgumentException("--https-port needs --tls-keystore outside dev mode");
      }
      requireBouncyCastle();
      tls = DevCertificate.loadOrCreate(dataDir, tls.httpsPort());
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

  /** The dev certificate is made with BouncyCastle, an optional dependency of the library (the runnable jar has it). */
  private static void requireBouncyCastle() {
    try {
      Class.forName("org.bouncycastle.cert.X509v3CertificateBuilder", false, HttpServer.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("HTTPS without a keystore makes a self-signed dev certificate with "
          + "org.bouncycastle:bcpkix-jdk18on, which is not on the class path: add it, or give a keystore");
    }
  }

  /** Starts Jetty (its threads, handlers and servlet) without opening a listener. */
  public void prepare() throws Exception {
    jetty.start();
  }

  /** Hands requests to {@code pipeline} and opens the listeners. */
  public void open(Pipeline pipeline) throws Exception {
    servlet.serve(pipeline);
    for (ServerConnector listener : tlsConnector == null ? new ServerConnector[] {connector}
        : new ServerConnector[] {connector, tlsConnector}) {
      jetty.addConnector(listener); // a managed bean of the server: stopped with it
      if (!listener.isStarted()) {
        listener.start();
      }
    }
  }

  /** The HTTP port bound (the free one picked for port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The HTTPS port bound, or -1 without HTTPS. */
  public int httpsPort() {
    return tlsConnector == null ? -1 : tlsConnector.getLocalPort();
  }

  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Stops listening once the requests under way (delayed replies too) are answered, 10 s at most. */
  public void stop() throws Exception {
    try {
      jetty.stop();
    } finally {
      delayedReplies.shutdownNow();
    }
  }
}
