package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.models.AuditEvent;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Graph Java SDK's own batch classes ({@code BatchRequestContent}, {@code BatchResponseContent})
 * against the service: a full 20-request batch, and a dependsOn chain that runs, then one that stops
 * with 424s after a failure.
 */
@Tag("slow")
class BatchSdkTest {

  @RegisterExtension
  static final TestServer server = new TestServer().withHttps();

  @Test
  void twentyCreatesInOneBatch() throws IOException {
    GraphServiceClient graph = SdkClients.v1(server);
    BatchRequestContent batch = new BatchRequestContent(graph);
    List<String> stepIds = new ArrayList<>();
    String category = "Sdk-" + UUID.randomUUID();
    for (int i = 0; i < 20; i++) {
      stepIds.add(batch.addBatchRequestStep(graph.deviceManagement().auditEvents().toPostRequestInformation(
          event(null, category, "event " + i))));
    }

    BatchResponseContent answer = graph.getBatchRequestBuilder().post(batch, null);

    for (int i = 0; i < 20; i++) {
      String stepId = stepIds.get(i);
      assertEquals(201, answer.getResponsesStatusCode().get(stepId), stepId);
      AuditEvent created = answer.getResponseById(stepId, AuditEvent::createFromDiscriminatorValue);
      assertNotNull(created.getId());
      assertEquals("event " + i, created.getDisplayName());
    }
    assertEquals("20", server.http().get("/v1.0/deviceManagement/auditEvents/$count?$filter=category%20eq%20'"
        + category + "'").body());
  }

  @Test
  void dependsOnChainRunsInOrder() throws IOException {
    GraphServiceClient graph = SdkClients.v1(server);
    String id = "sdk-chain-" + UUID.randomUUID();
    var events = graph.deviceManagement().auditEvents();
    AuditEvent change = new AuditEvent();
    change.setDisplayName("patched in a batch");
    BatchRequestContent batch = new BatchRequestContent(graph);
    String create = batch.addBatchRequestStep(events.toPostRequestInformation(event(id, "Chain", "created")));
    String patch = batch.addBatchRequestStep(events.byAuditEventId(id).toPatchRequestInformation(change));
    String read = batch.addBatchRequestStep(events.byAuditEventId(id).toGetRequestInformation());
    String delete = batch.addBatchRequestStep(events.byAuditEventId(id).toDeleteRequestInformation());
    dependsOn(batch, patch, create);
    dependsOn(batch, read, patch);
    dependsOn(batch, delete, read);

    BatchResponseContent answer = graph.getBatchRequestBuilder().post(batch, null);

    assertEquals(Map.of(create, 201, patch, 200, read, 200, delete, 204), answer.getResponsesStatusCode());
    assertEquals("patched in a batch",
        answer.getResponseById(read, AuditEvent::createFromDiscriminatorValue).getDisplayName());
    assertEquals(404, server.http().get("/v1.0/deviceManagement/auditEvents/" + id).status());
  }

  @Test
  void aFailedStepStopsItsDependents() throws IOException {
    GraphServiceClient graph = SdkClients.v1(server);
    var events = graph.deviceManagement().auditEvents();
    BatchRequestContent batch = new BatchRequestContent(graph);
    String missing = batch.addBatchRequestStep(events.byAuditEventId("no-such-event").toGetRequestInformation());
    String then = batch.addBatchRequestStep(events.toPostRequestInformation(event(null, "Never", "never")));
    String independent = batch.addBatchRequestStep(events.getAuditCategories().toGetRequestInformation());
    dependsOn(batch, then, missing);

    BatchResponseContent answer = graph.getBatchRequestBuilder().post(batch, null);

    assertEquals(Map.of(missing, 404, then, 424, independent, 200), answer.getResponsesStatusCode());
  }

  private static void dependsOn(BatchRequestContent batch, String step, String dependency) {
    batch.getBatchRequestSteps().get(step).addDependsOnId(dependency);
  }

  private static AuditEvent event(String id, String category, String displayName) {
    AuditEvent event = new AuditEvent();
    event.setId(id);
    event.setCategory(category);
    event.setDisplayName(displayName);
    event.setActivityDateTime(OffsetDateTime.parse("2024-01-09T10:00:00Z"));
    event.setCorrelationId(UUID.randomUUID());
    return event;
  }
}
