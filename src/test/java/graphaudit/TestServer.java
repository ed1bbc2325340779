package graphaudit;

import graphaudit.audit.Tenants;
import graphaudit.auth.AuthConfig;
import graphaudit.auth.DevSigningKey;
import graphaudit.auth.DevToken;
import graphaudit.auth.DevTokenIssuer;
import graphaudit.auth.Permissions;
import graphaudit.http.GraphAuditServer;
import graphaudit.http.ServerConfig;
import graphaudit.http.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real service on a free port with its own H2 file database in a temporary directory, started
 * once per test class: {@code @RegisterExtension static final TestServer server = new TestServer();}.
 * In dev mode (the default) {@link #http()} sends a delegated ReadWrite token of {@link Tenants#DEV},
 * minted with the data directory's dev key; {@link #mint} makes others.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {

  private final long maxBodyBytes;
  private AuthConfig auth = AuthConfig.dev();
  private boolean https;
  private Duration idleTimeout = ServerConfig.DEFAULT_IDLE_TIMEOUT;
  private Path dataDir;
  private GraphAuditServer server;
  private DevTokenIssuer issuer;
  private String token;

  public TestServer() {
    this(ServerConfig.DEFAULT_MAX_BODY_BYTES);
  }

  public TestServer(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
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

  public TestServer withIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("graph-audit-test");
    server = GraphAuditServer.start(new ServerConfig("127.0.0.1", 0, dataDir, null, maxBodyBytes, auth,
        https ? new TlsConfig(0, null, null) : null, idleTimeout));
    if (auth.mode() == AuthConfig.Mode.DEV) {
      issuer = new DevTokenIssuer(DevSigningKey.loadOrCreate(dataDir));
      token = mint(DevToken.delegated(Tenants.DEV, Permissions.READ_WRITE));
    }
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
