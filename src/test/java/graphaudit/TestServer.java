package graphaudit;

import graphaudit.http.GraphAuditServer;
import graphaudit.http.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real service on a free port with its own H2 file database in a temporary directory, started
 * once per test class: {@code @RegisterExtension static final TestServer server = new TestServer();}.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {

  private final long maxBodyBytes;
  private Path dataDir;
  private GraphAuditServer server;

  public TestServer() {
    this(ServerConfig.DEFAULT_MAX_BODY_BYTES);
  }

  public TestServer(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("graph-audit-test");
    server = GraphAuditServer.start(new ServerConfig("127.0.0.1", 0, dataDir, null, maxBodyBytes));
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

  public Http http() {
    return new Http(origin());
  }
}
