package graphaudit.internal.cli;

import graphaudit.GraphAudit;
import graphaudit.GraphAuditConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the service until the process is stopped: maps its options onto a {@link GraphAuditConfig}
 * (whose defaults the options start from) and starts a {@link GraphAudit}. Every option can also come
 * from the environment ({@link OptionDefaults}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Serve /v1.0 and /beta (the default command). Every option can also be set in the environment: "
        + "--db-url as GRAPH_AUDIT_DB_URL, and so on.")
final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  private static final GraphAuditConfig DEFAULTS = new GraphAuditConfig();

  /** How bearer tokens are validated: the service's own key, or a key set. */
  enum AuthMode { DEV, JWKS }

  @Spec
  CommandSpec spec;

  @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on (default ${DEFAULT-VALUE}).")
  String host = DEFAULTS.http().host();

  @Option(names = "--port", paramLabel = "PORT", description = "TCP port, 0 for any free port (default ${DEFAULT-VALUE}).")
  int port = DEFAULTS.http().port();

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the embedded H2 database (default ${DEFAULT-VALUE}).")
  Path data = DEFAULTS.store().dataDir();

  @Option(names = "--db-url", paramLabel = "URL", description = "JDBC URL of the database instead of H2 under --data.")
  String dbUrl;

  @Option(names = "--cache-mb", paramLabel = "MB", description = "H2's page cache in MB; more speeds up writes into a large file at "
      + "the cost of memory (default ${DEFAULT-VALUE}).")
  int cacheMegabytes = DEFAULTS.store().cacheMegabytes();

  @Option(names = "--max-body-bytes", paramLabel = "BYTES", description = "Largest request body accepted, else 413 (default ${DEFAULT-VALUE}).")
  long maxBodyBytes = DEFAULTS.http().maxBodyBytes();

  @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "A connection silent this long (a stalled body too) is closed (default ${DEFAULT-VALUE}).")
  Duration idleTimeout = DEFAULTS.http().idleTimeout();

  @Option(names = "--auth", paramLabel = "dev|jwks", description = "dev: tokens from the `token` command (key in --data); jwks: tokens "
      + "signed by a key of --jwks-uri/--jwks-file (default ${DEFAULT-VALUE}).")
  AuthMode auth = DEFAULTS.auth().isDev() ? AuthMode.DEV : AuthMode.JWKS;

  @Option(names = "--jwks-uri", paramLabel = "URL", description = "JWKS mode: URL of the JSON Web Key Set.")
  URI jwksUri;

  @Option(names = "--jwks-file", paramLabel = "FILE", description = "JWKS mode: local JSON Web Key Set file.")
  Path jwksFile;

  @Option(names = "--issuer", paramLabel = "ISS", description = "Accepted iss; {tid} stands for the token's tenant (default ${DEFAULT-VALUE}).")
  String issuer = DEFAULTS.auth().issuer();

  @Option(names = "--audience", paramLabel = "AUD", split = ",", description = "Accepted aud values, comma-separated (default ${DEFAULT-VALUE}).")
  Set<String> audiences = DEFAULTS.auth().audiences();

  @Option(names = "--https-port", paramLabel = "PORT", description = "Also serve HTTPS on this port, 0 for any free one.")
  Integer httpsPort;

  @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS#12 keystore for HTTPS; dev mode without one creates a "
      + "self-signed localhost certificate in --data.")
  Path tlsKeystore;

  @Option(names = "--tls-password", paramLabel = "PASSWORD", description = "Password of --tls-keystore.")
  String tlsPassword;

  @Option(names = "--throttle", paramLabel = "SPEC", description = "Throttling emulation: off, graph (Graph's Intune auditing limits) or "
      + "limits such as requests=50/10s,writes=5/10s,tenant-requests=80/10s,tenant-writes=8/10s (default ${DEFAULT-VALUE}).")
  String throttle = DEFAULTS.emulation().throttle();

  @Option(names = "--faults", paramLabel = "SPEC", description = "Fault injection: off or e.g. rate=0.05,statuses=429+503+504,seed=7 "
      + "(default ${DEFAULT-VALUE}).")
  String faults = DEFAULTS.emulation().faults();

  @Option(names = "--latency", paramLabel = "SPEC", description = "Latency emulation: off, fixed=200ms or p50=120ms,p99=900ms,seed=7, "
      + "optionally per root or operation (list:p50=300ms,p99=2s;beta/get:fixed=80ms) (default ${DEFAULT-VALUE}).")
  String latency = DEFAULTS.emulation().latency();

  @Option(names = "--cors-origins", paramLabel = "ORIGIN", split = ",", description = "Origins allowed cross-origin (browser) access, "
      + "comma-separated, * for any (default * in dev mode, none otherwise).")
  List<String> corsOrigins;

  @Option(names = "--seed-events", paramLabel = "N", description = "Start with this many generated events in the dev tenant, "
      + "if it has none (default ${DEFAULT-VALUE}).")
  long seedEvents = DEFAULTS.store().seedEvents();

  @Option(names = "--seed", paramLabel = "N", description = "Random seed of --seed-events; the same seed gives the same events "
      + "(default ${DEFAULT-VALUE}).")
  long seed = DEFAULTS.store().seed();

  @Option(names = "--access-log", paramLabel = "stdout|FILE", description = "Log each request as a JSON line to stdout or to this file, no "
      + "token or secret query value included (default off).")
  String accessLog = DEFAULTS.http().accessLog();

  @Option(names = "--metrics-token", paramLabel = "TOKEN", description = "GET /metrics asks for Authorization: Bearer <this> (default: "
      + "open like /health).")
  String metricsToken = DEFAULTS.http().metricsToken();

  @Option(names = "--retention-days", paramLabel = "DAYS", description = "Delete events whose activityDateTime is older than this many "
      + "days, in the background (default off; Intune keeps 365).")
  Integer retentionDays = DEFAULTS.store().retentionDays();

  /** The configuration the options describe. @throws IllegalArgumentException when they contradict each other */
  GraphAuditConfig config() {
    GraphAuditConfig config = new GraphAuditConfig();
    config.http().host(host).port(port).maxBodyBytes(maxBodyBytes).idleTimeout(idleTimeout).corsOrigins(corsOrigins)
        .accessLog(accessLog).metricsToken(metricsToken);
    if (httpsPort != null) {
      config.http().https(httpsPort, tlsKeystore, tlsPassword);
    }
    config.store().dataDir(data).cacheMegabytes(cacheMegabytes).seedEvents(seedEvents, seed)
        .retentionDays(retentionDays);
    if (dbUrl != null) {
      config.store().jdbcUrl(dbUrl);
    }
    config.auth().issuer(issuer).audiences(audiences);
    if (auth == AuthMode.JWKS) {
      if ((jwksUri == null) == (jwksFile == null)) {
        throw new IllegalArgumentException("--auth jwks needs exactly one of --jwks-uri and --jwks-file");
      }
      if (jwksUri != null) {
        config.auth().jwks(jwksUri);
      } else {
        config.auth().jwks(jwksFile);
      }
    }
    config.emulation().throttle(throttle).faults(faults).latency(latency);
    return config;
  }

  @Override
  public Integer call() throws Exception {
    GraphAudit server;
    GraphAuditConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) { // inconsistent flags
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    StartChecks.portFree(host, port);
    StartChecks.portFree(host, httpsPort);
    if (dbUrl == null || auth == AuthMode.DEV) { // the H2 file, or the dev key and certificate
      StartChecks.writableDirectory(data);
    }
    StartFailures failures = StartFailures.watching(data);
    try {
      server = GraphAudit.start(config);
    } catch (IllegalArgumentException e) { // inconsistent flags that only the start finds
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (Exception e) {
      throw failures.explain(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
        LOG.info("stopped");
      } catch (Exception e) {
        LOG.warn("shutdown failed", e);
      }
    }, "graph-audit-shutdown"));
    LOG.info("listening on http://{}:{} (/v1.0 and /beta); data in {}; auth {}", host, server.port(),
        dbUrl == null ? data.toAbsolutePath() : dbUrl.replaceFirst("\\?.*", ""), authLine());
    if (httpsPort != null) {
      LOG.info("listening on https://{}:{}", host, server.httpsPort());
    }
    server.join();
    return 0;
  }

  /** The auth mode, and in dev mode the command that mints a token this service accepts. */
  private String authLine() {
    if (auth == AuthMode.JWKS) {
      return "jwks (keys from " + (jwksFile != null ? jwksFile : jwksUri) + ")";
    }
    boolean defaultData = data.equals(DEFAULTS.store().dataDir());
    return "dev; a token: " + Launcher.command() + " token" + (defaultData ? "" : " --data " + data);
  }
}
