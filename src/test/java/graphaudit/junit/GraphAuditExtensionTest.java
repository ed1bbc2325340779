package graphaudit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphaudit.GraphAudit;
import graphaudit.GraphAuditConfig;
import graphaudit.Token;
import graphaudit.AuditEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped extension as a user registers it on a static field: a service on a free port with an
 * in-memory store and sample events, injected into test methods, reset without a restart, seeded the
 * same way for the same seed, tenants apart. Everything through HTTP, as a user's client sees it.
 */
class GraphAuditExtensionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String OTHER = "7a7a7a7a-2222-4222-8222-7a7a7a7a7a7a";

  @RegisterExtension
  static final GraphAuditExtension graph = GraphAuditExtension.inMemory().withSampleEvents(250, 42);

  @Test
  void theServiceIsInjectedAndServesTheSampleEvents(GraphAudit service) throws Exception {
    assertSame(graph.service(), service);
    assertEquals(graph.betaUrl(), "http://127.0.0.1:" + service.port() + "/beta");
    List<AuditEvent> samples = graph.sampleEvents();
    assertEquals(250, samples.size());
    graph.reset();
    graph.seed(GraphAuditConfig.DEV_TENANT, 250, 42);
    assertEquals("250", get(graph.v1Url() + "/deviceManagement/auditEvents/$count", graph.token()));
    JsonNode first = JSON.readTree(get(graph.betaUrl() + "/deviceManagement/auditEvents/" + samples.get(0).id(),
        graph.token()));
    assertEquals(samples.get(0).get("displayName"), first.get("displayName").asText(),
        "the same seed gives the same events, ids included");
  }

  @Test
  void resetEmptiesTheStoreAndKeepsThePort() throws Exception {
    int port = graph.service().port();
    graph.seed(OTHER, 40, 9);
    String otherToken = graph.mint(Token.application(OTHER, Token.READ_WRITE));
    assertEquals("40", get(graph.betaUrl() + "/deviceManagement/auditEvents/$count", otherToken));

    assertEquals(40, graph.reset(OTHER), "one tenant emptied");
    assertEquals("0", get(graph.betaUrl() + "/deviceManagement/auditEvents/$count", otherToken));
    graph.reset();
    assertEquals("0", get(graph.betaUrl() + "/deviceManagement/auditEvents/$count", graph.token()));
    assertEquals(port, graph.service().port(), "the same service, still listening");
  }

  @Test
  void tenantsSeeOnlyTheirOwnEvents() throws Exception {
    graph.reset();
    graph.seed(GraphAuditConfig.DEV_TENANT, 10, 1);
    graph.seed(OTHER, 3, 2);
    String reader = graph.mint(Token.delegated(OTHER, Token.READ));
    assertEquals("3", get(graph.betaUrl() + "/deviceManagement/auditEvents/$count", reader));
    assertEquals("10", get(graph.betaUrl() + "/deviceManagement/auditEvents/$count", graph.token()));
  }

  @Test
  void throttlingAndFaultsSwitchWhileServing() throws Exception {
    graph.service().faults("rate=1,statuses=503");
    try {
      assertEquals(503, send(graph.betaUrl() + "/deviceManagement/auditEvents", graph.token()).statusCode());
    } finally {
      graph.service().faults("off");
    }
    assertEquals(200, send(graph.betaUrl() + "/deviceManagement/auditEvents", graph.token()).statusCode());
  }

  @Test
  void aStoppedExtensionSaysHowToUseIt() {
    GraphAuditExtension unstarted = GraphAuditExtension.inMemory();
    IllegalStateException e = assertThrows(IllegalStateException.class, unstarted::service);
    assertEquals(true, e.getMessage().contains("@RegisterExtension"), e.getMessage());
  }

  static String get(String url, String token) throws IOException, InterruptedException {
    HttpResponse<String> response = send(url, token);
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  static HttpResponse<String> send(String url, String token) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
