import graphaudit.GraphAudit;
import graphaudit.GraphAuditConfig;
import graphaudit.Token;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Start to first 201 of an in-process service with an in-memory store, as GraphAuditExtension.inMemory()
 * starts one per test class: RUNS starts in one JVM, each timed from GraphAudit.start to the 201 of a
 * POST of Microsoft's seed event (the token minted in between, as the extension does). The first start
 * pays the JVM's class loading; the median of the others is what each further test class waits.
 *   java -cp target/graph-audit.jar bench/InProcessStart.java [RUNS]
 */
public class InProcessStart {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    String body = Files.readString(Path.of("bench/bodies/graph_seed.json"));
    HttpClient http = HttpClient.newHttpClient();
    List<Long> later = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      long start = System.nanoTime();
      try (GraphAudit graph = GraphAudit.start(config -> config.http(h -> h.port(0))
          .store(GraphAuditConfig.Store::inMemory))) {
        String token = graph.mint(Token.delegated(GraphAuditConfig.DEV_TENANT, Token.READ_WRITE));
        HttpResponse<Void> created = http.send(HttpRequest.newBuilder(URI.create(graph.betaUrl()
            + "/deviceManagement/auditEvents")).header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.discarding());
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (created.statusCode() != 201) {
          throw new IllegalStateException("answered " + created.statusCode());
        }
        System.out.println("start " + run + ": " + ms + " ms");
        if (run > 1) {
          later.add(ms);
        }
      }
    }
    Collections.sort(later);
    System.out.println("median of starts 2.." + runs + ": " + later.get(later.size() / 2) + " ms");
  }
}
