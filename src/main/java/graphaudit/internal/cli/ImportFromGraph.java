package graphaudit.internal.cli;

import graphaudit.internal.compose.Stores;
import graphaudit.internal.transfer.EventImport;
import graphaudit.internal.transfer.GraphPull;
import graphaudit.internal.transfer.ImportFormat;
import graphaudit.internal.transfer.Progress;
import graphaudit.internal.transfer.PullFailure;
import graphaudit.internal.transfer.PullState;
import graphaudit.internal.transfer.TokenSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * {@code import --from URL}: pulls a Graph list request page by page ({@link GraphPull}) and stores each
 * page through the same write path as {@code import FILE} ({@link EventImport}, idempotent by id), then
 * saves where it stands ({@link PullState}), so {@code --resume} goes on from the last stored page and
 * every event ends up stored once however often the pull is cut.
 */
final class ImportFromGraph {

  private final PullOptions options;
  private final PrintWriter out;
  private final PrintWriter err;

  ImportFromGraph(PullOptions options, PrintWriter out, PrintWriter err) {
    this.options = options;
    this.out = out;
    this.err = err;
  }

  int run(StoreOptions store, String tenant) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NORMAL).sslContext(trust()).build();
    TokenSource tokens = tokens(http);
    Path stateDir = store.data;
    String from = options.from.toString();
    PullState start = new PullState(from, tenant, from, 0, 0);
    Optional<PullState> saved = PullState.read(stateDir);
    if (saved.isPresent() && saved.get().from().equals(from) && saved.get().tenant().equals(tenant)) {
      if (options.resume) {
        start = saved.get();
        err.printf("resuming at page %d (%d events stored before)%n", start.pages() + 1, start.events());
      } else {
        err.println("an interrupted pull of this URL was saved in " + stateDir.resolve(PullState.FILE)
            + "; starting over (--resume goes on from it)");
      }
    } else if (saved.isPresent() && options.resume) {
      err.println("the saved pull in " + stateDir.resolve(PullState.FILE) + " is of " + saved.get().from()
          + " into " + saved.get().tenant() + ", not this one: starting this one");
    }
    GraphPull pull = new GraphPull(http, tokens, duration -> Thread.sleep(duration.toMillis()), err);
    long[] counts = new long[5];
    long started = System.nanoTime();
    PullState end;
    Stores.Opened opened = store.open();
    try {
      PullState first = start;
      end = pull.run(start, (page, after) -> {
        EventImport.Summary summary = importPage(opened, page, tenant);
        counts[0] += summary.created();
        counts[1] += summary.unchanged();
        counts[2] += summary.differing();
        counts[3] += summary.bad();
        counts[4] += summary.refused();
        after.write(stateDir);
        progress(after, first, started);
      });
    } catch (PullFailure e) {
      throw new CommandFailure("import --from: " + e.getMessage(), e);
    } finally {
      opened.closeCompacted();
    }
    PullState.remove(stateDir);
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf("pulled %d pages, %d events in %.1f s (%d retries): %d stored, %d already stored, %d stored with "
        + "other content (kept), %d bad, %d not stored with a bad one%n", end.pages() - start.pages(),
        end.events() - start.events(), seconds, pull.retries(), counts[0], counts[1], counts[2], counts[3], counts[4]);
    out.flush();
    return counts[3] > 0 ? 1 : 0;
  }

  /** One page through the write path of {@code import FILE}; its problems are printed as that prints them. */
  private EventImport.Summary importPage(Stores.Opened opened, byte[] page, String tenant) throws IOException {
    StringWriter quiet = new StringWriter();
    try (InputStream in = new ByteArrayInputStream(page)) {
      return new EventImport(opened.store(), err, new Progress(new PrintWriter(quiet), "imported", false))
          .run(in, ImportFormat.GRAPH, tenant);
    }
  }

  private void progress(PullState state, PullState first, long started) {
    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    String line = String.format("page %d: %d events, %.0f events/s", state.pages(), state.events(),
        (state.events() - first.events()) / seconds);
    if (System.console() != null) {
      err.print("\r" + line + (state.next() == null ? "\n" : ""));
    } else if (state.next() == null || state.pages() % 10 == 0) {
      err.println(line);
    }
    err.flush();
  }

  private TokenSource tokens(HttpClient http) {
    boolean credentials = options.tenantId != null || options.clientId != null || options.clientSecret != null;
    if (credentials && options.token != null) {
      throw new CommandFailure("import --from: give --token or --tenant-id/--client-id/--client-secret, not both", null);
    }
    if (credentials) {
      if (options.tenantId == null || options.clientId == null || options.clientSecret == null) {
        throw new CommandFailure("import --from: the client credentials need all of --tenant-id, --client-id and "
            + "--client-secret", null);
      }
      return TokenSource.clientCredentials(http, options.authority, options.tenantId, options.clientId,
          options.clientSecret, Clock.systemUTC());
    }
    if (options.token == null || options.token.isBlank()) {
      throw new CommandFailure("import --from: give a token (--token, or GRAPH_AUDIT_TOKEN) or client credentials "
          + "(--tenant-id, --client-id, --client-secret)", null);
    }
    return TokenSource.fixed(options.token.trim());
  }

  /** The JDK's trusted certificates, and {@code --ca-cert} beside them. */
  private SSLContext trust() {
    try {
      if (options.caCertificate == null) {
        return SSLContext.getDefault();
      }
      TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      defaults.init((KeyStore) null);
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (X509Certificate known : ((X509TrustManager) defaults.getTrustManagers()[0]).getAcceptedIssuers()) {
        trusted.setCertificateEntry("jdk-" + n++, known);
      }
      try (InputStream pem = Files.newInputStream(options.caCertificate)) {
        for (Certificate given : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
          trusted.setCertificateEntry("given-" + n++, given);
        }
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, factory.getTrustManagers(), null);
      return tls;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CommandFailure("import --from: no file " + options.caCertificate + " (--ca-cert takes a PEM "
          + "certificate)", e);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new CommandFailure("import --from: cannot read " + options.caCertificate + " as a PEM certificate: "
          + e.getMessage(), e);
    }
  }
}
