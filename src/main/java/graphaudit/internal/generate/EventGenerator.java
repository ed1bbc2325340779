package graphaudit.internal.generate;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.TimeOrderedIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic, reproducible Intune-like audit events: real category names with matching activity and
 * operation types, a pool of administrators and apps as actors, one to three resources (from a pool of
 * 500 per type, so the same resource recurs) each with one to three modified properties. Events come
 * in time order, spread evenly over a window, with time-ordered ids: a bulk load then appends to every
 * index instead of writing all over it (5-10x faster in H2). The same seed gives the same events.
 * Not thread-safe.
 */
public final class EventGenerator {

  /** Category → resource type acted on, activity verbs (the bench kit's ten categories). */
  private static final Object[][] CATEGORIES = {
      {"Application", "MobileApp", new String[] {"Create", "Patch", "Delete", "Assign"}},
      {"Compliance", "DeviceCompliancePolicy", new String[] {"Create", "Patch", "Delete", "Assign"}},
      {"Device", "ManagedDevice", new String[] {"Wipe", "Retire", "Delete", "Sync", "RebootNow"}},
      {"DeviceConfiguration", "DeviceConfiguration", new String[] {"Create", "Patch", "Delete", "Assign"}},
      {"Enrollment", "DeviceEnrollmentConfiguration", new String[] {"Create", "Patch", "Delete", "Assign"}},
      {"Role", "RoleAssignment", new String[] {"Create", "Patch", "Delete"}},
      {"Security", "DeviceManagementIntent", new String[] {"Create", "Patch", "Delete", "Assign"}},
      {"DeviceIntent", "DeviceManagementIntent", new String[] {"Create", "Patch", "Delete"}},
      {"Identity", "DeviceManagementPartner", new String[] {"Create", "Patch", "Delete"}},
      {"Other", "DeviceManagementSettings", new String[] {"Patch"}}};
  private static final String[] PROPERTY_NAMES = {"DisplayName", "Description", "Assignments", "RoleScopeTagIds",
      "PasswordMinimumLength", "IsAssigned", "Version", "Settings"};
  private static final String[] APPS = {"Microsoft Intune portal extension", "Graph Explorer",
      "Microsoft Intune PowerShell", "Microsoft Endpoint Manager admin center", "Contoso automation"};
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSXXX")
      .withZone(ZoneOffset.UTC);

  /** The window generated events fall in unless told otherwise: the year of Microsoft's examples. */
  public static final Instant DEFAULT_FROM = Instant.parse("2016-01-01T00:00:00Z");
  public static final Instant DEFAULT_TO = Instant.parse("2017-01-01T00:00:00Z");

  private static final int RESOURCES_PER_TYPE = 500;

  private final Random random;
  private final Instant from;
  private final double slotNanos;
  private final List<String> appIds = new ArrayList<>();
  private long made;

  /** Generates up to {@code count} events (the window is cut into that many equal slots). */
  public EventGenerator(long seed, Instant from, Instant to, long count) {
    this.random = new Random(seed);
    this.from = from;
    this.slotNanos = Math.max(1, java.time.Duration.between(from, to).toNanos()) / (double) Math.max(1, count);
    for (int i = 0; i < APPS.length; i++) {
      appIds.add(uuid().toString());
    }
  }

  public AuditEvent next() {
    Object[] category = CATEGORIES[random.nextInt(CATEGORIES.length)];
    String resourceType = (String) category[1];
    String[] verbs = (String[]) category[2];
    String verb = verbs[random.nextInt(verbs.length)];
    // anywhere in this event's slot, to 100 ns (the precision Graph's timestamps have)
    long offsetNanos = (long) ((made++ + random.nextDouble()) * slotNanos) / 100 * 100;
    Instant time = from.plusNanos(offsetNanos);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", TimeOrderedIds.at(time.toEpochMilli(), random).toString());
    e.put("displayName", verb + " " + resourceType);
    e.put("componentName", category[0].equals("Application") ? "MobileApps" : (String) category[0]);
    e.put("actor", actor());
    e.put("activity", verb.toLowerCase() + " " + resourceType);
    e.put("activityDateTime", TIME.format(time));
    e.put("activityType", verb + " " + resourceType);
    e.put("activityOperationType", switch (verb) {
      case "Create", "Patch", "Delete" -> verb;
      default -> "Action";
    });
    e.put("activityResult", random.nextInt(20) == 0 ? "Failure" : "Success");
    e.put("correlationId", uuid().toString());
    e.put("resources", resources(resourceType));
    e.put("category", category[0]);
    return new AuditEvent(e);
  }

  private Map<String, Object> actor() {
    int user = random.nextInt(200);
    int app = random.nextInt(APPS.length);
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("type", "ItPro");
    a.put("auditActorType", "ItPro");
    a.put("userPermissions", user % 7 == 0 ? List.of("*")
        : List.of("Microsoft.Intune/DeviceConfigurations/Read", "Microsoft.Intune/DeviceConfigurations/Update"));
    a.put("applicationId", appIds.get(app));
    a.put("applicationDisplayName", APPS[app]);
    a.put("userPrincipalName", "admin" + user + "@contoso.onmicrosoft.com");
    a.put("servicePrincipalName", null);
    a.put("ipAddress", "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
    a.put("userId", new UUID(0x5eed_0000_0000_0000L | user, user).toString());
    a.put("userRoleScopeTags", List.of(Map.of("displayName", "Default", "roleScopeTagId", "0")));
    a.put("remoteTenantId", null);
    a.put("remoteUserId", null);
    return a;
  }

  private List<Object> resources(String resourceType) {
    List<Object> out = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      int number = random.nextInt(RESOURCES_PER_TYPE);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("displayName", "Contoso " + resourceType + " " + number);
      r.put("modifiedProperties", modifiedProperties());
      r.put("type", resourceType);
      r.put("auditResourceType", resourceType);
      r.put("resourceId", UUID.nameUUIDFromBytes((resourceType + "/" + number).getBytes(StandardCharsets.UTF_8))
          .toString());
      out.add(r);
    }
    return out;
  }

  private List<Object> modifiedProperties() {
    List<Object> out = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("displayName", PROPERTY_NAMES[random.nextInt(PROPERTY_NAMES.length)]);
      p.put("oldValue", String.valueOf(random.nextInt(100)));
      p.put("newValue", String.valueOf(random.nextInt(100)));
      out.add(p);
    }
    return out;
  }

  private UUID uuid() {
    return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL)
        | 0x8000_0000_0000_0000L);
  }
}
