package graphaudit.http;

import java.nio.file.Path;

/**
 * Everything the service needs to start, resolved once from defaults, environment and flags.
 *
 * @param host          interface to listen on
 * @param port          TCP port; 0 picks a free one
 * @param dataDir       where the embedded H2 database lives
 * @param jdbcUrl       database URL; null means the H2 file under {@code dataDir}
 * @param maxBodyBytes  largest request body accepted (413 beyond)
 */
public record ServerConfig(String host, int port, Path dataDir, String jdbcUrl, long maxBodyBytes) {

  public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
}
