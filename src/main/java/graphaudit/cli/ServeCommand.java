package graphaudit.cli;

import graphaudit.auth.AuthConfig;
import graphaudit.http.GraphAuditServer;
import graphaudit.http.ServerConfig;
import graphaudit.http.TlsConfig;
import graphaudit.observability.ObservabilityConfig;
import graphaudit.pipeline.EmulationConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
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

/** Runs the service until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Serve /v1.0 and /beta (the default command).")
final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Spec
  CommandSpec spec;

  @Option(names = "--host", defaultValue = "${env:GRAPH_AUDIT_HOST:-127.0.0.1}",
      description = "Interface to listen on (env GRAPH_AUDIT_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:GRAPH_AUDIT_PORT:-8080}",
      description = "TCP port, 0 for any free port (env GRAPH_AUDIT_PORT, default ${DEFAULT-VALUE}).")
  int port;

  private static final String DEFAULT_DATA = "data";

  @Option(names = "--data", defaultValue = "${env:GRAPH_AUDIT_DATA:-data}",
      description = "Data directory of the embedded H2 database (env GRAPH_AUDIT_DATA, default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--db-url", defaultValue = "${env:GRAPH_AUDIT_DB_URL}",
      description = "JDBC URL of the database instead of H2 under --data (env GRAPH_AUDIT_DB_URL).")
  String dbUrl;

  @Option(names = "--max-body-bytes", defaultValue = "${env:GRAPH_AUDIT_MAX_BODY_BYTES:-4194304}",
      description = "Largest request body accepted, else 413 (env GRAPH_AUDIT_MAX_BODY_BYTES, default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = "--idle-timeout", defaultValue = "${env:GRAPH_AUDIT_IDLE_TIMEOUT:-30s}", converter = DurationConverter.class,
      description = "A connection silent this long (a stalled body too) is closed (env GRAPH_AUDIT_IDLE_TIMEOUT, default ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(names = "--auth", defaultValue = "${env:GRAPH_AUDIT_AUTH:-dev}",
      description = "dev: tokens from the `token` command (key in --data); jwks: tokens signed by a key of --jwks-uri/--jwks-file (env GRAPH_AUDIT_AUTH, default ${DEFAULT-VALUE}).")
  AuthConfig.Mode auth;

  @Option(names = "--jwks-uri", defaultValue = "${env:GRAPH_AUDIT_JWKS_URI}",
      description = "JWKS mode: URL of the JSON Web Key Set (env GRAPH_AUDIT_JWKS_URI).")
  URI jwksUri;

  @Option(names = "--jwks-file", defaultValue = "${env:GRAPH_AUDIT_JWKS_FILE}",
      description = "JWKS mode: local JSON Web Key Set file (env GRAPH_AUDIT_JWKS_FILE).")
  Path jwksFile;

  @Option(names = "--issuer", defaultValue = "${env:GRAPH_AUDIT_ISSUER:-" + AuthConfig.DEFAULT_ISSUER + "}",
      description = "Accepted iss; {tid} stands for the token's tenant (env GRAPH_AUDIT_ISSUER, default ${DEFAULT-VALUE}).")
  String issuer;

  @Option(names = "--audience", split = ",", defaultValue = "${env:GRAPH_AUDIT_AUDIENCE:-" + AuthConfig.GRAPH_AUDIENCE
      + "," + AuthConfig.GRAPH_APP_ID + "}",
      description = "Accepted aud values, comma-separated (env GRAPH_AUDIT_AUDIENCE, default ${DEFAULT-VALUE}).")
  Set<String> audiences;

  @Option(names = "--https-port", defaultValue = "${env:GRAPH_AUDIT_HTTPS_PORT}",
      description = "Also serve HTTPS on this port, 0 for any free one (env GRAPH_AUDIT_HTTPS_PORT).")
  Integer httpsPort;

  @Option(names = "--tls-keystore", defaultValue = "${env:GRAPH_AUDIT_TLS_KEYSTORE}",
      description = "PKCS#12 keystore for HTTPS; dev mode without one creates a self-signed localhost certificate in --data (env GRAPH_AUDIT_TLS_KEYSTORE).")
  Path tlsKeystore;

  @Option(names = "--tls-password", defaultValue = "${env:GRAPH_AUDIT_TLS_PASSWORD}",
      description = "Password of --tls-keystore (env GRAPH_AUDIT_TLS_PASSWORD).")
  String tlsPassword;

  @Option(names = "--throttle", defaultValue = "${env:GRAPH_AUDIT_THROTTLE:-off}",
      description = "Throttling emulation: off, graph (Graph's Intune auditing limits) or limits such as "
          + "requests=50/10s,writes=5/10s,tenant-requests=80/10s,tenant-writes=8/10s (env GRAPH_AUDIT_THROTTLE, default ${DEFAULT-VALUE}).")
  String throttle;

  @Option(names = "--faults", defaultValue = "${env:GRAPH_AUDIT_FAULTS:-off}",
      description = "Fault injection: off or e.g. rate=0.05,statuses=429+503+504,seed=7 (env GRAPH_AUDIT_FAULTS, default ${DEFAULT-VALUE}).")
  String faults;

  @Option(names = "--cors-origins", split = ",", defaultValue = "${env:GRAPH_AUDIT_CORS_ORIGINS}",
      description = "Origins allowed cross-origin (browser) access, comma-separated, * for any (env GRAPH_AUDIT_CORS_ORIGINS, default * in dev mode, none otherwise).")
  List<String> corsOrigins;

  @Option(names = "--access-log", defaultValue = "${env:GRAPH_AUDIT_ACCESS_LOG}",
      description = "Log each request as a JSON line to stdout or to this file, no token or secret query value "
          + "included (env GRAPH_AUDIT_ACCESS_LOG, default off).")
  String accessLog;

  @Option(names = "--metrics-token", defaultValue = "${env:GRAPH_AUDIT_METRICS_TOKEN}",
      description = "GET /metrics asks for Authorization: Bearer <this> (env GRAPH_AUDIT_METRICS_TOKEN, default: open like /health).")
  String metricsToken;

  @Override
  public Integer call() throws Exception {
    TlsConfig tls = httpsPort == null ? null : new TlsConfig(httpsPort, tlsKeystore, tlsPassword);
    GraphAuditServer server;
    try {
      AuthConfig authConfig = new AuthConfig(auth, auth == AuthConfig.Mode.JWKS ? jwksUri : null,
          auth == AuthConfig.Mode.JWKS ? jwksFile : null, issuer, audiences);
      EmulationConfig emulation = new EmulationConfig(throttle, faults, Clock.systemUTC());
      server = GraphAuditServer.start(
          new ServerConfig(host, port, data, dbUrl, maxBodyBytes, authConfig, tls, idleTimeout, emulation,
              corsOrigins, new ObservabilityConfig(accessLog, metricsToken)));
    } catch (IllegalArgumentException e) { // inconsistent flags
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (Exception e) {
      throw StartFailures.explain(e, data);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
        LOG.info("stopped");
      } catch (Exception e) {
        LOG.warn("shutdown failed", e);
      }
    }, "graph-audit-shutdown"));
    LOG.info("listening on http://{}:{} (/v1.0 and /beta); data in {}; auth {}", server.host(), server.port(),
        dbUrl == null ? data.toAbsolutePath() : dbUrl.replaceFirst("\\?.*", ""), authLine());
    if (tls != null) {
      LOG.info("listening on https://{}:{}", server.host(), server.httpsPort());
    }
    server.join();
    return 0;
  }

  /** The auth mode, and in dev mode the command that mints a token this service accepts. */
  private String authLine() {
    if (auth == AuthConfig.Mode.JWKS) {
      return "jwks (keys from " + (jwksFile != null ? jwksFile : jwksUri) + ")";
    }
    boolean defaultData = data.equals(Path.of(DEFAULT_DATA));
    return "dev; a token: " + Launcher.command() + " token" + (defaultData ? "" : " --data " + data);
  }
}
