package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A small hand-built set of audit events with every awkward value the query language meets (LIKE's
 * wildcards and quotes in names, nulls, offsets, empty and missing collections, beta-only values),
 * kept as a Java model so tests compute what a query must return without asking the server.
 */
public final class QueryDataset {

  public record Prop(String displayName, String oldValue, String newValue) {
  }

  /** {@code props} null: the resource has no modifiedProperties value at all. */
  public record Res(String displayName, String resourceId, String type, List<Prop> props) {
  }

  /** {@code permissions}/{@code scopeTagIds} null: the actor has no such value (not an empty list). */
  public record Actor(String upn, List<String> permissions, List<String> scopeTagIds, String remoteTenantId) {

    boolean betaOnly() {
      return scopeTagIds != null || remoteTenantId != null;
    }
  }

  /** One event; {@code actor}/{@code resources} null: absent. */
  public record Ev(String id, String displayName, String category, String activityType, String activity,
      String componentName, String dateTime, Actor actor, List<Res> resources) {

    public UUID correlationId() {
      return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
    }

    public Instant instant() {
      return OffsetDateTime.parse(dateTime).toInstant();
    }

    public ZonedDateTime utc() {
      return instant().atZone(ZoneOffset.UTC);
    }

    public String upn() {
      return actor == null ? null : actor.upn();
    }

    public List<String> permissions() {
      return actor == null || actor.permissions() == null ? List.of() : actor.permissions();
    }

    public List<String> scopeTagIds() {
      return actor == null || actor.scopeTagIds() == null ? List.of() : actor.scopeTagIds();
    }

    public List<Res> res() {
      return resources == null ? List.of() : resources;
    }

    /** The JSON body that creates this event (beta-only members only when set). */
    String json() {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", id);
      e.put("displayName", displayName);
      e.put("category", category);
      e.put("activityType", activityType);
      e.put("activity", activity);
      e.put("componentName", componentName);
      e.put("activityDateTime", dateTime);
      e.put("correlationId", correlationId().toString());
      if (actor != null) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "ItPro");
        a.put("userPrincipalName", actor.upn());
        a.put("userPermissions", actor.permissions());
        if (actor.scopeTagIds() != null) {
          a.put("userRoleScopeTags", actor.scopeTagIds().stream()
              .map(t -> Map.of("displayName", "Tag " + t, "roleScopeTagId", t)).toList());
        }
        if (actor.remoteTenantId() != null) {
          a.put("remoteTenantId", actor.remoteTenantId());
        }
        e.put("actor", a);
      }
      if (resources != null) {
        List<Object> rs = new ArrayList<>();
        for (Res r : resources) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("displayName", r.displayName());
          m.put("resourceId", r.resourceId());
          m.put("type", r.type());
          if (r.props() != null) {
            m.put("modifiedProperties", r.props().stream().map(p -> {
              Map<String, Object> pm = new LinkedHashMap<>();
              pm.put("displayName", p.displayName());
              pm.put("oldValue", p.oldValue());
              pm.put("newValue", p.newValue());
              return pm;
            }).toList());
          }
          rs.add(m);
        }
        e.put("resources", rs);
      }
      try {
        return Http.JSON.writeValueAsString(e);
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException(ex);
      }
    }
  }

  private static Actor actor(String upn, List<String> permissions, List<String> tags) {
    return new Actor(upn, permissions, tags, null);
  }

  private static Res res(String displayName, String resourceId, String type, Prop... props) {
    return new Res(displayName, resourceId, type, Arrays.asList(props));
  }

  private static Prop p(String name, String oldValue, String newValue) {
    return new Prop(name, oldValue, newValue);
  }

  private static final List<String> STAR = List.of("*");
  private static final List<String> READ = List.of("Microsoft.Intune/Read");
  private static final List<String> READ_UPDATE = List.of("Microsoft.Intune/Read", "Microsoft.Intune/Update");

  /** The events, ids q01…q21. */
  public static final List<Ev> EVENTS = List.of(
      new Ev("q01", "Create policy", "Device", "Create DeviceConfiguration", "create deviceConfiguration",
          "DeviceConfiguration", "2024-01-09T10:00:00Z", actor("alice@contoso.com", STAR, List.of("0")),
          List.of(res("Policy A", "r-1", "DeviceConfiguration", p("Limit", "1", "2"), p("Name", "a", "b")))),
      new Ev("q02", "100% compliant", "Compliance", "Patch DeviceCompliancePolicy", "patch policy", "Compliance",
          "2024-01-09T01:30:00-08:00", actor("bob@contoso.com", READ, List.of("0", "7")),
          List.of(res("Rule", "r-2", "DeviceCompliancePolicy", p("Limit", "5", "6")))),
      new Ev("q03", "snake_case name", "Device", "Wipe ManagedDevice", "wipe device", "Device",
          "2024-01-08T23:59:59.999Z", actor("carol@contoso.com", READ_UPDATE, null),
          List.of(res("Laptop 1", "r-3", "ManagedDevice", p("State", "on", "off")),
              res("Laptop 2", "r-4", "ManagedDevice"))),
      new Ev("q04", "Wow!", "Role", "Delete RoleAssignment", "delete role", "Role",
          "2023-12-31T23:00:00-08:00", actor(null, STAR, null), null),
      new Ev("q05", "O'Brien's device", "Device", "Sync ManagedDevice", "sync", "Device",
          "2024-01-09T02:00:00+05:00", actor("alice@contoso.com", STAR, List.of("1")),
          List.of(res("O'Brien laptop", "r-5", "ManagedDevice", p("Owner", "x", "O'Brien")))),
      new Ev("q06", null, null, null, null, null, "2024-01-09T00:00:00Z", null, null),
      new Ev("q07", "  padded  ", "Compliance", "Create DeviceCompliancePolicy", "create", "Compliance",
          "2024-01-10T12:34:56Z", actor("erin@contoso.com", List.of(), List.of()), List.of()),
      new Ev("q08", "ABC", "Device", "Retire ManagedDevice", "retire", "Device",
          "2024-02-29T23:59:59-08:00", actor("bob@contoso.com", READ, null),
          List.of(res("Phone", "r-6", "ManagedDevice", p("Limit", "9", "9")),
              res("Policy B", "r-7", "DeviceConfiguration", p("Name", "c", "d")))),
      new Ev("q09", "Device wipe", "Device", "Wipe ManagedDevice", "wipe", "Device",
          "2023-06-15T08:15:30.5+02:00", actor("frank@contoso.com", STAR, List.of("0")),
          List.of(res(null, "r-8", "ManagedDevice", p(null, null, "1")))),
      new Ev("q10", "Assign app", "Application", "Assign MobileApp", "assign", "MobileApps",
          "2025-05-05T05:05:05Z", new Actor("grace@contoso.com", null, null, "rt-1"),
          List.of(new Res("App", "r-9", "MobileApp", null))),
      new Ev("q11", "Patch policy", "Compliance", "Patch DeviceCompliancePolicy", "patch policy", "Compliance",
          "2024-01-09T09:30:00Z", actor("bob@contoso.com", READ, null), null),
      new Ev("q12", "patch Policy", "Compliance", "Patch DeviceCompliancePolicy", "patch policy", "Compliance",
          "2024-01-09T09:30:00.0000001Z", actor("Bob@contoso.com", READ, null), null),
      new Ev("q13", "Future event", "Other", "Patch DeviceManagementSettings", "patch", "Other",
          "2999-01-01T00:00:00Z", actor("alice@contoso.com", STAR, null), null),
      new Ev("q14", "a", "Device", null, null, "Device", "2024-01-09T00:00:00.0000001Z",
          actor("zed@contoso.com", READ, null), null),
      new Ev("q15", "Limit raised", "DeviceConfiguration", "Patch DeviceConfiguration", "patch", "DeviceConfiguration",
          "2024-01-09T10:00:00+01:00", actor("alice@contoso.com", READ_UPDATE, null),
          List.of(res("Policy C", "r-10", "DeviceConfiguration", p("Limit", "1", "2"), p("Policy C", "x", "y")))),
      new Ev("q16", "x_y%z!%w", "Device", "Sync ManagedDevice", "sync", "Device", "2024-01-07T00:00:00Z",
          actor("carol@contoso.com", READ, null), null),
      new Ev("q17", "Percent 100 compliant", "Compliance", null, null, "Compliance", "2024-01-07T00:00:00Z",
          actor("carol@contoso.com", READ, null), null),
      new Ev("q18", "snakeXcase name", "Device", null, null, "Device", "2024-01-07T00:00:00Z", null, null),
      new Ev("q19", "Wow", "Role", null, "wow", "Role", "2024-01-07T00:00:00-08:00", null, null),
      new Ev("q20", "C++ tool", "Application", null, null, "MobileApps", "2024-01-07T00:00:00+08:00", null, null),
      new Ev("q21", "Key : value", "Other", null, null, "Other", "2024-01-06T00:00:00Z", null, null));

  private QueryDataset() {
  }

  public static Ev byId(String id) {
    return EVENTS.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  /** POSTs every event: through /beta when it has beta-only values, else through /v1.0. */
  public static void create(TestServer server) {
    for (Ev e : EVENTS) {
      boolean beta = e.actor() != null && e.actor().betaOnly();
      Http.Response r = server.http().post("/" + (beta ? "beta" : "v1.0") + "/deviceManagement/auditEvents",
          e.json());
      assertEquals(201, r.status(), r.body());
    }
  }

  /** The ids of the events {@code which} accepts, sorted. */
  public static Set<String> ids(Predicate<Ev> which) {
    return EVENTS.stream().filter(which).map(Ev::id).collect(Collectors.toCollection(TreeSet::new));
  }

  /** A query value percent-encoded, spaces as %20. */
  public static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // OData's comparison semantics over Java values: null eq null; ordering with a null is false.

  public static boolean eq(Object a, Object b) {
    return Objects.equals(a, b);
  }

  static <T extends Comparable<T>> int cmp(T a, T b) {
    return a.compareTo(b);
  }

  public static <T extends Comparable<T>> boolean gt(T a, T b) {
    return a != null && b != null && a.compareTo(b) > 0;
  }

  public static <T extends Comparable<T>> boolean ge(T a, T b) {
    return a != null && b != null && a.compareTo(b) >= 0;
  }

  public static <T extends Comparable<T>> boolean lt(T a, T b) {
    return a != null && b != null && a.compareTo(b) < 0;
  }

  public static <T extends Comparable<T>> boolean le(T a, T b) {
    return a != null && b != null && a.compareTo(b) <= 0;
  }

  public static Integer length(String s) {
    return s == null ? null : s.length();
  }

  /** Nulls smallest, for $orderby. */
  static <T extends Comparable<T>> Comparator<T> nullsSmallest() {
    return Comparator.nullsFirst(Comparator.naturalOrder());
  }
}
