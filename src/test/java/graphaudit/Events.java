package graphaudit;

import java.util.UUID;

/** Small valid auditEvent bodies for tests that do not need the whole seed. */
public final class Events {

  private Events() {
  }

  public static String minimal(String category) {
    return "{\"activityDateTime\":\"2024-01-09T10:00:00.1234567+02:00\",\"correlationId\":\""
        + UUID.randomUUID() + "\",\"category\":\"" + category + "\",\"displayName\":\"test event\","
        + "\"actor\":{\"userPrincipalName\":\"admin@contoso.com\",\"ipAddress\":\"10.0.0.1\"}}";
  }

  public static String withId(String id) {
    return "{\"id\":\"" + id + "\",\"activityDateTime\":\"2024-01-09T10:00:00Z\",\"correlationId\":\""
        + UUID.randomUUID() + "\",\"category\":\"Device\"}";
  }
}
