package graphaudit.internal.cli;

import graphaudit.GraphAudit;
import graphaudit.GraphAuditConfig;
import graphaudit.Token;
import graphaudit.internal.store.Directories;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build's class-data-sharing training run ({@code mvn package} runs it with
 * {@code -XX:ArchiveClassesAtExit=target/graph-audit.jsa}, and the container image's build likewise):
 * parses {@code serve}'s options and starts the service on a throwaway data directory as {@code serve}
 * does, creates, reads and lists an event, and stops. The classes it loads
 * are archived, so a JVM started with {@code -XX:SharedArchiveFile=target/graph-audit.jsa} maps them
 * instead of loading and verifying them again (docs/getting-started.md, the run command's flags).
 */
final class ClassDataTraining {

  private ClassDataTraining() {
  }

  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("graph-audit-training");
    try {
      // as `serve` starts: picocli's parse of the options (its classes were a third of a start's class loading),
      // the checks before the start, the service
      ServeCommand serve = (ServeCommand) Main.commandLine().parseArgs("serve", "--port", "0", "--data", data.toString())
          .subcommand().commandSpec().userObject();
      GraphAuditConfig config = serve.config();
      StartChecks.portFree(serve.host, serve.port);
      StartChecks.writableDirectory(serve.data);
      try (GraphAudit service = GraphAudit.start(config)) {
        String token = service.mint(Token.delegated(GraphAuditConfig.DEV_TENANT, Token.READ_WRITE));
        HttpClient http = HttpClient.newHttpClient();
        String events = service.betaUrl() + "/deviceManagement/auditEvents";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(events))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(seedEvent())).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
          throw new IllegalStateException("the training POST answered " + created.statusCode() + ": " + created.body());
        }
        for (String url : new String[] {created.headers().firstValue("Location").orElseThrow(),
            events + "?$filter=category%20eq%20'Device'&$orderby=activityDateTime%20desc&$top=5", events + "/$count"}) {
          http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
              HttpResponse.BodyHandlers.discarding());
        }
      }
    } finally {
      Directories.deleteTree(data);
    }
  }

  /** Microsoft's example request body (the project's seed), as clients send it. */
  private static String seedEvent() throws Exception {
    try (InputStream in = ClassDataTraining.class.getResourceAsStream("/training-event.json")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
