package graphaudit.internal.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of {@code import --from URL}: where to pull from, how to authenticate, whether to go on. */
final class PullOptions {

  @Option(names = "--from", paramLabel = "URL", description = "Pull a Graph list request instead of a file, every "
      + "page (e.g. 'https://graph.microsoft.com/beta/deviceManagement/auditEvents?$filter=…').")
  URI from;

  @Option(names = "--token", paramLabel = "TOKEN", description = "--from: the bearer token to send (better in GRAPH_AUDIT_TOKEN, out of "
      + "the process list).")
  String token;

  @Option(names = "--tenant-id", paramLabel = "GUID", description = "--from: get tokens by the client credentials grant of this tenant "
      + "(with --client-id and --client-secret).")
  String tenantId;

  @Option(names = "--client-id", paramLabel = "ID", description = "--from: the app's client id.")
  String clientId;

  @Option(names = "--client-secret", paramLabel = "SECRET", description = "--from: the app's client secret (better in "
      + "GRAPH_AUDIT_CLIENT_SECRET).")
  String clientSecret;

  @Option(names = "--authority", paramLabel = "URL", description = "--from: the token endpoint's host (default ${DEFAULT-VALUE}; a "
      + "graph-audit in dev mode: its https://host:port).")
  URI authority = URI.create("https://login.microsoftonline.com");

  @Option(names = "--ca-cert", paramLabel = "FILE", description = "--from: also trust this PEM certificate (a graph-audit's "
      + "dev-tls-cert.pem).")
  Path caCertificate;

  @Option(names = "--resume", description = "--from: go on from the last stored page of an interrupted pull of "
      + "the same URL (kept beside the data); without one, start.")
  boolean resume;
}
