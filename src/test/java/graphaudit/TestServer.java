package graphaudit;

import graphaudit.audit.AuditEvent;
import graphaudit.audit.Tenants;
import graphaudit.generate.EventGenerator;
import graphaudit.http.GraphAuditServer;
import graphaudit.http.ServerConfig;
import graphaudit.store.AuditEventStore;
import graphaudit.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real service on a free port with its own H2 file database in a temporary directory, started
 * once per test class: {@code @RegisterExtension static final TestServer server = new TestServer();}.
 * {@link #withGeneratedEvents} first writes generated events for {@link Tenants#DEV} into that database.
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
  private Path dataDir;
  private GraphAuditServer server;

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

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("graph-audit-test");
    if (generatedCount > 0) {
      preload();
    }
    server = GraphAuditServer.start(new ServerConfig("127.0.0.1", 0, dataDir, null, maxBodyBytes));
  }

  /** Writes the generated events with the store directly, then closes it so the server owns the file. */
  private void preload() {
    EventGenerator generator = new EventGenerator(seed, GENERATED_FROM, GENERATED_TO);
    try (Database database = Database.open(Database.h2FileUrl(dataDir), 2);
         AuditEventStore store = new AuditEventStore(database)) {
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

  public Http http() {
    return new Http(origin());
  }
}
