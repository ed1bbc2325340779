package graphaudit.cli;

import graphaudit.http.GraphAuditServer;
import graphaudit.http.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the service until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Serve /v1.0 and /beta (the default command).")
final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = "--host", defaultValue = "${env:GRAPH_AUDIT_HOST:-127.0.0.1}",
      description = "Interface to listen on (env GRAPH_AUDIT_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:GRAPH_AUDIT_PORT:-8080}",
      description = "TCP port, 0 for any free port (env GRAPH_AUDIT_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data", defaultValue = "${env:GRAPH_AUDIT_DATA:-data}",
      description = "Data directory of the embedded H2 database (env GRAPH_AUDIT_DATA, default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--db-url", defaultValue = "${env:GRAPH_AUDIT_DB_URL}",
      description = "JDBC URL of the database instead of H2 under --data (env GRAPH_AUDIT_DB_URL).")
  String dbUrl;

  @Option(names = "--max-body-bytes", defaultValue = "${env:GRAPH_AUDIT_MAX_BODY_BYTES:-4194304}",
      description = "Largest request body accepted, else 413 (env GRAPH_AUDIT_MAX_BODY_BYTES, default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Override
  public Integer call() throws Exception {
    ServerConfig config = new ServerConfig(host, port, data, dbUrl, maxBodyBytes);
    GraphAuditServer server = GraphAuditServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        LOG.warn("shutdown failed", e);
      }
    }, "graph-audit-shutdown"));
    LOG.info("listening on http://{}:{}", server.host(), server.port());
    server.join();
    return 0;
  }
}
