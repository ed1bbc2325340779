import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.openapitools.client.ApiClient;
import org.openapitools.client.ApiException;
import org.openapitools.client.api.DeviceManagementAuditEventApi;
import org.openapitools.client.model.MicrosoftGraphAuditEvent;
import org.openapitools.client.model.MicrosoftGraphAuditResource;

/**
 * Fixture of GeneratedJavaClientTest, compiled with the client OpenAPI Generator made from the served
 * {@code /beta/$openapi}: the round trip a user of that client would write, failing on any difference.
 */
public final class AuditEventsRoundTrip {

  private AuditEventsRoundTrip() {
  }

  public static void run(String root, String token) throws ApiException {
    ApiClient client = new ApiClient();
    client.updateBaseUri(root);
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    DeviceManagementAuditEventApi events = new DeviceManagementAuditEventApi(client);
    String category = "openapi-" + UUID.randomUUID();

    MicrosoftGraphAuditEvent created = events.deviceManagementCreateAuditEvents(new MicrosoftGraphAuditEvent()
        .displayName("created by OpenAPI Generator").category(category).activityType("Wipe")
        .activityDateTime(OffsetDateTime.parse("2024-01-09T10:00:00.1234567+02:00"))
        .correlationId(UUID.randomUUID())
        .resources(List.of(new MicrosoftGraphAuditResource().displayName("device").resourceId("r1"))));
    String id = created.getId();
    check(id != null && !id.isEmpty(), "the service assigns an id");

    check(category.equals(events.deviceManagementGetAuditEvents(id, null).getCategory()), "get");
    List<MicrosoftGraphAuditEvent> page = events.deviceManagementListAuditEvents(1, null, null,
        "category eq '" + category + "'", null, null, null).getValue();
    check(page.size() == 1 && id.equals(page.get(0).getId()), "filter and top: " + page);
    check(events.deviceManagementAuditEventsGetAuditCategories().getValue().contains(category), "getAuditCategories");
    check(List.of("Wipe").equals(events.deviceManagementAuditEventsGetAuditActivityTypes(category).getValue()),
        "getAuditActivityTypes");

    events.deviceManagementUpdateAuditEvents(id, new MicrosoftGraphAuditEvent().displayName("patched"));
    MicrosoftGraphAuditEvent patched = events.deviceManagementGetAuditEvents(id, null);
    check("patched".equals(patched.getDisplayName()), "PATCH of displayName");
    check(patched.getResources() != null && patched.getResources().size() == 1
        && "r1".equals(patched.getResources().get(0).getResourceId()), "resources untouched by that PATCH: " + patched);

    events.deviceManagementDeleteAuditEvents(id);
    try {
      events.deviceManagementGetAuditEvents(id, null);
      check(false, "a deleted event is gone");
    } catch (ApiException e) {
      check(e.getCode() == 404, "a deleted event is a 404, not " + e.getCode());
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
