package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.AuditEvent;
import com.microsoft.graph.models.AuditEventCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import graphaudit.GraphAudit;
import graphaudit.GraphAuditConfig;
import graphaudit.Token;
import graphaudit.junit.GraphAuditExtension;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a collector's own test suite does with graph-audit: seed, run the client, reset, two tenants. */
class AuditCollectorTest {

  private static final String OTHER_TENANT = "3c3c3c3c-4444-4444-8444-3c3c3c3c3c3c";

  @RegisterExtension
  static final GraphAuditExtension graph = GraphAuditExtension.inMemory().withSampleEvents(250, 42);

  private static GraphServiceClient client(String baseUrl, String token) {
    AllowedHostsValidator hosts = new AllowedHostsValidator("127.0.0.1");
    AccessTokenProvider tokens = new AccessTokenProvider() {
      public String getAuthorizationToken(URI uri, Map<String, Object> context) {
        return token;
      }

      public AllowedHostsValidator getAllowedHostsValidator() {
        return hosts;
      }
    };
    GraphServiceClient client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(tokens));
    client.getRequestAdapter().setBaseUrl(baseUrl);
    return client;
  }

  @Test
  void createsListsWithAFilterPagesResetsAndKeepsTenantsApart(GraphAudit service) {
    GraphServiceClient dev = client(service.v1Url(), graph.token());

    AuditEvent event = new AuditEvent();
    event.setDisplayName("Wipe ManagedDevice");
    event.setCategory("CollectorTest");
    event.setActivityDateTime(OffsetDateTime.parse("2016-06-01T10:00:00Z"));
    event.setCorrelationId(UUID.randomUUID());
    AuditEvent created = dev.deviceManagement().auditEvents().post(event);
    assertNotNull(created.getId());

    AuditEventCollectionResponse filtered = dev.deviceManagement().auditEvents().get(request ->
        request.queryParameters.filter = "category eq 'CollectorTest'");
    assertEquals(1, filtered.getValue().size());
    assertEquals(created.getId(), filtered.getValue().get(0).getId());

    // page through everything by nextLink, 50 at a time: every sample event and the new one, once each
    Set<String> seen = new HashSet<>();
    AuditEventCollectionResponse page = dev.deviceManagement().auditEvents().get(request ->
        request.headers.add("Prefer", "odata.maxpagesize=50"));
    int pages = 1;
    page.getValue().forEach(e -> assertTrue(seen.add(e.getId())));
    while (page.getOdataNextLink() != null) {
      page = dev.deviceManagement().auditEvents().withUrl(page.getOdataNextLink()).get(request ->
          request.headers.add("Prefer", "odata.maxpagesize=50")); // as on Graph, asked again on each page
      page.getValue().forEach(e -> assertTrue(seen.add(e.getId()), "no event twice"));
      pages++;
    }
    assertEquals(251, seen.size());
    assertEquals(6, pages);

    GraphServiceClient other = client(service.v1Url(), graph.mint(Token.delegated(OTHER_TENANT, Token.READ_WRITE)));
    assertEquals(0, other.deviceManagement().auditEvents().get().getValue().size(), "another tenant sees none");
    graph.seed(OTHER_TENANT, 10, 7);
    assertEquals(10, other.deviceManagement().auditEvents().get().getValue().size());

    graph.reset(GraphAuditConfig.DEV_TENANT);
    assertEquals(0, dev.deviceManagement().auditEvents().get().getValue().size(), "reset, still serving");
    assertEquals(10, other.deviceManagement().auditEvents().get().getValue().size(), "the other tenant kept its own");
  }
}
