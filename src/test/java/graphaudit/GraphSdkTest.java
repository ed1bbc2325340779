package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.kiota.ApiException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Microsoft Graph Java SDKs (v1.0 {@code com.microsoft.graph} and beta
 * {@code com.microsoft.graph.beta}), used as a customer would with only the base URL changed, work
 * against this service: they create an auditEvent shaped like Microsoft's seed, read, patch, list and
 * delete it, and get their own typed error (status 404) for a deleted event. Every value, including
 * the 7-digit, -08:00 {@code activityDateTime} and the nested resources, survives the round trip.
 * They talk HTTPS (trusting the dev certificate) and send a dev bearer token through Kiota's own
 * bearer-token authentication provider.
 */
@Tag("slow")
class GraphSdkTest {

  @RegisterExtension
  static final TestServer server = new TestServer().withHttps();

  private static final OffsetDateTime ACTIVITY_DATE_TIME =
      OffsetDateTime.of(2016, 12, 31, 23, 59, 51, 636_308_600, ZoneOffset.ofHours(-8));
  private static final UUID CORRELATION_ID = UUID.fromString("52effe71-fe71-52ef-71fe-ef5271feef52");

  // ---------------------------------------------------------------- v1.0 SDK

  @Test
  void v1SdkCreatesReadsPatchesListsAndDeletes() {
    com.microsoft.graph.serviceclient.GraphServiceClient client = v1Client();
    var auditEvents = client.deviceManagement().auditEvents();

    com.microsoft.graph.models.AuditEvent created = auditEvents.post(v1Seed());
    assertNotNull(created.getId(), "server assigns an id");
    assertFalse(created.getId().isBlank());
    assertV1Seed(created, "Category value");
    String id = created.getId();
    assertEquals(200, server.http().get("/v1.0/deviceManagement/auditEvents/" + id).status(), "stored");

    com.microsoft.graph.models.AuditEvent read = auditEvents.byAuditEventId(id).get();
    assertEquals(id, read.getId());
    assertV1Seed(read, "Category value");

    com.microsoft.graph.models.AuditEvent change = new com.microsoft.graph.models.AuditEvent();
    change.setCategory("Patched category");
    com.microsoft.graph.models.AuditEvent patched = auditEvents.byAuditEventId(id).patch(change);
    assertNotNull(patched, "PATCH answers 200 with the updated event");
    assertEquals(id, patched.getId());
    assertV1Seed(patched, "Patched category");
    assertV1Seed(auditEvents.byAuditEventId(id).get(), "Patched category");

    List<com.microsoft.graph.models.AuditEvent> listed = auditEvents.get().getValue();
    com.microsoft.graph.models.AuditEvent inList = listed.stream()
        .filter(e -> id.equals(e.getId())).findFirst().orElseThrow(() -> new AssertionError(id + " not listed"));
    assertV1Seed(inList, "Patched category");

    auditEvents.byAuditEventId(id).delete();
    assertNotFound(() -> auditEvents.byAuditEventId(id).get(), com.microsoft.graph.models.odataerrors.ODataError.class);
  }

  // ---------------------------------------------------------------- beta SDK

  @Test
  void betaSdkCreatesReadsPatchesListsAndDeletes() {
    com.microsoft.graph.beta.serviceclient.GraphServiceClient client = betaClient();
    var auditEvents = client.deviceManagement().auditEvents();

    com.microsoft.graph.beta.models.AuditEvent created = auditEvents.post(betaSeed());
    assertNotNull(created.getId(), "server assigns an id");
    assertFalse(created.getId().isBlank());
    assertBetaSeed(created, "Category value");
    String id = created.getId();
    assertEquals(200, server.http().get("/v1.0/deviceManagement/auditEvents/" + id).status(), "stored");
    assertEquals(200, server.http().get("/beta/deviceManagement/auditEvents/" + id).status(), "stored");

    com.microsoft.graph.beta.models.AuditEvent read = auditEvents.byAuditEventId(id).get();
    assertEquals(id, read.getId());
    assertBetaSeed(read, "Category value");

    com.microsoft.graph.beta.models.AuditEvent change = new com.microsoft.graph.beta.models.AuditEvent();
    change.setCategory("Patched category");
    com.microsoft.graph.beta.models.AuditEvent patched = auditEvents.byAuditEventId(id).patch(change);
    assertNotNull(patched, "PATCH answers 200 with the updated event");
    assertEquals(id, patched.getId());
    assertBetaSeed(patched, "Patched category");
    assertBetaSeed(auditEvents.byAuditEventId(id).get(), "Patched category");

    List<com.microsoft.graph.beta.models.AuditEvent> listed = auditEvents.get().getValue();
    com.microsoft.graph.beta.models.AuditEvent inList = listed.stream()
        .filter(e -> id.equals(e.getId())).findFirst().orElseThrow(() -> new AssertionError(id + " not listed"));
    assertBetaSeed(inList, "Patched category");

    auditEvents.byAuditEventId(id).delete();
    assertNotFound(() -> auditEvents.byAuditEventId(id).get(),
        com.microsoft.graph.beta.models.odataerrors.ODataError.class);
  }

  // ---------------------------------------------------------------- across versions

  @Test
  void eventCreatedWithBetaSdkIsReadableWithV1Sdk() {
    String id = betaClient().deviceManagement().auditEvents().post(betaSeed()).getId();

    com.microsoft.graph.models.AuditEvent read = v1Client().deviceManagement().auditEvents().byAuditEventId(id).get();

    assertEquals(id, read.getId());
    assertV1Seed(read, "Category value");
  }

  // ---------------------------------------------------------------- clients

  /** Exactly what a customer writes, pointed here: a bearer token provider and an HTTPS client. */
  private static com.microsoft.graph.serviceclient.GraphServiceClient v1Client() {
    return SdkClients.v1(server);
  }

  private static com.microsoft.graph.beta.serviceclient.GraphServiceClient betaClient() {
    return SdkClients.beta(server);
  }

  private static void assertNotFound(Runnable call, Class<? extends ApiException> graphError) {
    ApiException e = assertThrows(ApiException.class, call::run);
    assertEquals(404, e.getResponseStatusCode());
    assertInstanceOf(graphError, e, "the SDK parses the body as Graph's ODataError");
  }

  // ---------------------------------------------------------------- v1.0 seed

  /**
   * The v1.0 seed. The v1.0 SDK has no typed {@code type} on auditActor and auditResource (the seed
   * still sends it), so it goes through additionalData as a user of that SDK would send it.
   */
  private static com.microsoft.graph.models.AuditEvent v1Seed() {
    var property = new com.microsoft.graph.models.AuditProperty();
    property.setDisplayName("Display Name value");
    property.setOldValue("Old Value value");
    property.setNewValue("New Value value");

    var resource = new com.microsoft.graph.models.AuditResource();
    resource.setDisplayName("Display Name value");
    resource.setModifiedProperties(List.of(property));
    resource.getAdditionalData().put("type", "Type value");
    resource.setAuditResourceType("Audit Resource Type value");
    resource.setResourceId("Resource Id value");

    var actor = new com.microsoft.graph.models.AuditActor();
    actor.getAdditionalData().put("type", "Type value");
    actor.setAuditActorType("Audit Actor Type value");
    actor.setUserPermissions(List.of("User Permissions value"));
    actor.setApplicationId("Application Id value");
    actor.setApplicationDisplayName("Application Display Name value");
    actor.setUserPrincipalName("User Principal Name value");
    actor.setServicePrincipalName("Service Principal Name value");
    actor.setIpAddress("Ip Address value");
    actor.setUserId("User Id value");

    var event = new com.microsoft.graph.models.AuditEvent();
    event.setDisplayName("Display Name value");
    event.setComponentName("Component Name value");
    event.setActor(actor);
    event.setActivity("Activity value");
    event.setActivityDateTime(ACTIVITY_DATE_TIME);
    event.setActivityType("Activity Type value");
    event.setActivityOperationType("Activity Operation Type value");
    event.setActivityResult("Activity Result value");
    event.setCorrelationId(CORRELATION_ID);
    event.setResources(List.of(resource));
    event.setCategory("Category value");
    return event;
  }

  private static void assertV1Seed(com.microsoft.graph.models.AuditEvent e, String category) {
    assertEquals("Display Name value", e.getDisplayName());
    assertEquals("Component Name value", e.getComponentName());
    assertEquals("Activity value", e.getActivity());
    assertActivityDateTime(e.getActivityDateTime());
    assertEquals("Activity Type value", e.getActivityType());
    assertEquals("Activity Operation Type value", e.getActivityOperationType());
    assertEquals("Activity Result value", e.getActivityResult());
    assertEquals(CORRELATION_ID, e.getCorrelationId());
    assertEquals(category, e.getCategory());

    var actor = e.getActor();
    assertNotNull(actor, "actor");
    assertEquals("Type value", actor.getAdditionalData().get("type"));
    assertEquals("Audit Actor Type value", actor.getAuditActorType());
    assertEquals(List.of("User Permissions value"), actor.getUserPermissions());
    assertEquals("Application Id value", actor.getApplicationId());
    assertEquals("Application Display Name value", actor.getApplicationDisplayName());
    assertEquals("User Principal Name value", actor.getUserPrincipalName());
    assertEquals("Service Principal Name value", actor.getServicePrincipalName());
    assertEquals("Ip Address value", actor.getIpAddress());
    assertEquals("User Id value", actor.getUserId());
    assertEquals(Map.of("type", "Type value"), actor.getAdditionalData(),
        "no beta-only actor property leaks into v1.0");

    assertNotNull(e.getResources(), "resources");
    assertEquals(1, e.getResources().size());
    var resource = e.getResources().get(0);
    assertEquals("Display Name value", resource.getDisplayName());
    assertEquals("Type value", resource.getAdditionalData().get("type"));
    assertEquals("Audit Resource Type value", resource.getAuditResourceType());
    assertEquals("Resource Id value", resource.getResourceId());
    assertEquals(1, resource.getModifiedProperties().size());
    var property = resource.getModifiedProperties().get(0);
    assertEquals("Display Name value", property.getDisplayName());
    assertEquals("Old Value value", property.getOldValue());
    assertEquals("New Value value", property.getNewValue());
  }

  // ---------------------------------------------------------------- beta seed

  private static com.microsoft.graph.beta.models.AuditEvent betaSeed() {
    var property = new com.microsoft.graph.beta.models.AuditProperty();
    property.setDisplayName("Display Name value");
    property.setOldValue("Old Value value");
    property.setNewValue("New Value value");

    var resource = new com.microsoft.graph.beta.models.AuditResource();
    resource.setDisplayName("Display Name value");
    resource.setModifiedProperties(List.of(property));
    resource.setType("Type value");
    resource.setAuditResourceType("Audit Resource Type value");
    resource.setResourceId("Resource Id value");

    var tag = new com.microsoft.graph.beta.models.RoleScopeTagInfo();
    tag.setDisplayName("Display Name value");
    tag.setRoleScopeTagId("Role Scope Tag Id value");

    var actor = new com.microsoft.graph.beta.models.AuditActor();
    actor.setType("Type value");
    actor.setAuditActorType("Audit Actor Type value");
    actor.setUserPermissions(List.of("User Permissions value"));
    actor.setApplicationId("Application Id value");
    actor.setApplicationDisplayName("Application Display Name value");
    actor.setUserPrincipalName("User Principal Name value");
    actor.setServicePrincipalName("Service Principal Name value");
    actor.setIpAddress("Ip Address value");
    actor.setUserId("User Id value");
    actor.setUserRoleScopeTags(List.of(tag));
    actor.setRemoteTenantId("Remote Tenant Id value");
    actor.setRemoteUserId("Remote User Id value");

    var event = new com.microsoft.graph.beta.models.AuditEvent();
    event.setDisplayName("Display Name value");
    event.setComponentName("Component Name value");
    event.setActor(actor);
    event.setActivity("Activity value");
    event.setActivityDateTime(ACTIVITY_DATE_TIME);
    event.setActivityType("Activity Type value");
    event.setActivityOperationType("Activity Operation Type value");
    event.setActivityResult("Activity Result value");
    event.setCorrelationId(CORRELATION_ID);
    event.setResources(List.of(resource));
    event.setCategory("Category value");
    return event;
  }

  private static void assertBetaSeed(com.microsoft.graph.beta.models.AuditEvent e, String category) {
    assertEquals("Display Name value", e.getDisplayName());
    assertEquals("Component Name value", e.getComponentName());
    assertEquals("Activity value", e.getActivity());
    assertActivityDateTime(e.getActivityDateTime());
    assertEquals("Activity Type value", e.getActivityType());
    assertEquals("Activity Operation Type value", e.getActivityOperationType());
    assertEquals("Activity Result value", e.getActivityResult());
    assertEquals(CORRELATION_ID, e.getCorrelationId());
    assertEquals(category, e.getCategory());

    var actor = e.getActor();
    assertNotNull(actor, "actor");
    assertEquals("Type value", actor.getType());
    assertEquals("Audit Actor Type value", actor.getAuditActorType());
    assertEquals(List.of("User Permissions value"), actor.getUserPermissions());
    assertEquals("Application Id value", actor.getApplicationId());
    assertEquals("Application Display Name value", actor.getApplicationDisplayName());
    assertEquals("User Principal Name value", actor.getUserPrincipalName());
    assertEquals("Service Principal Name value", actor.getServicePrincipalName());
    assertEquals("Ip Address value", actor.getIpAddress());
    assertEquals("User Id value", actor.getUserId());
    assertEquals("Remote Tenant Id value", actor.getRemoteTenantId());
    assertEquals("Remote User Id value", actor.getRemoteUserId());
    assertNotNull(actor.getUserRoleScopeTags(), "userRoleScopeTags");
    assertEquals(1, actor.getUserRoleScopeTags().size());
    var tag = actor.getUserRoleScopeTags().get(0);
    assertEquals("Display Name value", tag.getDisplayName());
    assertEquals("Role Scope Tag Id value", tag.getRoleScopeTagId());

    assertNotNull(e.getResources(), "resources");
    assertEquals(1, e.getResources().size());
    var resource = e.getResources().get(0);
    assertEquals("Display Name value", resource.getDisplayName());
    assertEquals("Type value", resource.getType());
    assertEquals("Audit Resource Type value", resource.getAuditResourceType());
    assertEquals("Resource Id value", resource.getResourceId());
    assertEquals(1, resource.getModifiedProperties().size());
    var property = resource.getModifiedProperties().get(0);
    assertEquals("Display Name value", property.getDisplayName());
    assertEquals("Old Value value", property.getOldValue());
    assertEquals("New Value value", property.getNewValue());
  }

  /** Same instant, same -08:00 offset and all 7 fractional digits. */
  private static void assertActivityDateTime(OffsetDateTime actual) {
    assertNotNull(actual, "activityDateTime");
    assertEquals(ACTIVITY_DATE_TIME.toInstant(), actual.toInstant());
    assertEquals(ZoneOffset.ofHours(-8), actual.getOffset());
    assertEquals(ACTIVITY_DATE_TIME, actual);
    assertTrue(actual.getNano() == 636_308_600, "7 fractional digits kept: " + actual);
  }
}
