package graphaudit.http;

import graphaudit.auth.AuthConfig;
import graphaudit.observability.ObservabilityConfig;
import graphaudit.pipeline.EmulationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the service needs to start, resolved once from defaults, environment and flags.
 *
 * @param host          interface to listen on
 * @param port          TCP port; 0 picks a free one
 * @param dataDir       where the embedded H2 database (and the dev signing key and certificate) live
 * @param jdbcUrl       database URL; null means the H2 file under {@code dataDir}
 * @param maxBodyBytes  largest request body accepted (413 beyond)
 * @param auth          how bearer tokens are validated
 * @param tls           HTTPS port and keystore; null for plain HTTP only
 * @param idleTimeout   how long a connection may send nothing (a stalled body included) before it is cut
 * @param emulation     throttling and fault injection at start-up
 * @param corsOrigins   origins allowed cross-origin access ({@code *}: any); null for the mode's
 *                      default, any in dev mode and none otherwise
 * @param observability the access log and the token of {@code /metrics}
 */
public record ServerConfig(String host, int port, Path dataDir, String jdbcUrl, long maxBodyBytes,
    AuthConfig auth, TlsConfig tls, Duration idleTimeout, EmulationConfig emulation, List<String> corsOrigins,
    ObservabilityConfig observability) {

  /** Without an access log, {@code /metrics} open. */
  public ServerConfig(String host, int port, Path dataDir, String jdbcUrl, long maxBodyBytes, AuthConfig auth,
      TlsConfig tls, Duration idleTimeout, EmulationConfig emulation, List<String> corsOrigins) {
    this(host, port, dataDir, jdbcUrl, maxBodyBytes, auth, tls, idleTimeout, emulation, corsOrigins,
        ObservabilityConfig.OFF);
  }

  /** Without throttling or faults, CORS as the mode has it. */
  public ServerConfig(String host, int port, Path dataDir, String jdbcUrl, long maxBodyBytes, AuthConfig auth,
      TlsConfig tls, Duration idleTimeout) {
    this(host, port, dataDir, jdbcUrl, maxBodyBytes, auth, tls, idleTimeout, EmulationConfig.OFF, null);
  }

  /** The allowed origins, the mode's default resolved. */
  public List<String> allowedOrigins() {
    if (corsOrigins != null) {
      return List.copyOf(corsOrigins);
    }
    return auth.mode() == AuthConfig.Mode.DEV ? List.of("*") : List.of();
  }

  public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
}
