package graphaudit.internal.odata;

import static graphaudit.internal.audit.Property.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.AuditEvent;
import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.CanonicalEvent;
import graphaudit.internal.audit.EventJson;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.SchemaFingerprint;
import graphaudit.internal.audit.StoredJson;
import graphaudit.internal.audit.StructuredType;
import graphaudit.internal.audit.ValueKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A property added to the schema: a test schema adds a beta-only property at the end of
 * {@code auditEvent} and two inside {@code auditActor} (one of both roots among the others, one
 * beta-only right after its first member, so the v1.0 form has several spans to cut). Events made
 * under the old schema and under the new one round-trip through both roots' writer and reader, their
 * cached JSON included, and a cache of the old schema is never served under the new one.
 */
class SchemaEvolutionTest {

  private static final StructuredType NEW_ACTOR = new StructuredType("auditActor", with(
      AuditSchema.AUDIT_ACTOR.properties(), List.of(
          new Insert(1, string("deviceName").betaOnly()),
          new Insert(10, string("riskLevel")))));
  private static final StructuredType NEW_EVENT = new StructuredType("auditEvent", with(
      AuditSchema.AUDIT_EVENT.properties().stream().map(p -> p.name().equals("actor")
          ? Property.complex("actor", ValueKind.COMPLEX, NEW_ACTOR) : p).toList(),
      List.of(new Insert(AuditSchema.AUDIT_EVENT.properties().size(), string("sessionId").betaOnly()))));

  private record Insert(int at, Property property) {
  }

  private static List<Property> with(List<Property> properties, List<Insert> inserts) {
    List<Property> out = new ArrayList<>(properties);
    inserts.forEach(i -> out.add(i.at(), i.property()));
    return out;
  }

  @Test
  void theFingerprintChangesWithTheSchema() {
    assertNotEquals(SchemaFingerprint.of(AuditSchema.AUDIT_EVENT), SchemaFingerprint.of(NEW_EVENT));
    assertEquals(SchemaFingerprint.current(), SchemaFingerprint.of(AuditSchema.AUDIT_EVENT));
  }

  @Test
  void anEventOfTheOldSchemaReadsUnderTheNewOneWithTheNewPropertiesNull() {
    AuditEvent old = CanonicalEvent.of(oldEvent());
    AuditEvent cachedUnderOld = StoredJson.event(old.properties(), AuditEventJsonWriter.stored(old));

    AuditEvent underNew = CanonicalEvent.of(NEW_EVENT, cachedUnderOld);
    assertNull(StoredJson.of(underNew), "a cache of another schema is dropped");
    assertTrue(underNew.properties().containsKey("sessionId"));
    assertNull(underNew.get("sessionId"));
    for (ApiVersion version : ApiVersion.values()) {
      String served = text(new AuditEventJsonWriter(version, NEW_EVENT).object(cachedUnderOld,
          AuditEventJsonWriter.Shape.FULL));
      assertNotEquals(StoredJson.of(cachedUnderOld).in(version), served, "old cache served under the new schema");
      assertEquals(written(version, underNew), served);
      assertEquals(version == ApiVersion.BETA, served.contains("\"sessionId\":null"), served);
      assertTrue(served.contains("\"riskLevel\":null"), served);
      roundTrips(version, underNew);
    }
  }

  @Test
  void anEventOfTheNewSchemaRoundTripsThroughBothRootsAndItsCache() {
    Map<String, Object> values = new LinkedHashMap<>(oldEvent().properties());
    Map<String, Object> actor = new LinkedHashMap<>(actor());
    actor.put("deviceName", "LAPTOP-7");
    actor.put("riskLevel", "low");
    values.put("actor", actor);
    values.put("sessionId", "s-42");
    AuditEvent event = CanonicalEvent.of(NEW_EVENT, new AuditEvent(values));
    EventJson cache = AuditEventJsonWriter.stored(NEW_EVENT, event);
    assertEquals(SchemaFingerprint.of(NEW_EVENT), cache.schema());
    assertEquals(3, cache.betaOnly().length / 2, "deviceName, the actor's tail, sessionId");
    AuditEvent cached = StoredJson.event(event.properties(), cache);
    for (ApiVersion version : ApiVersion.values()) {
      assertEquals(written(version, event), cache.in(version), "the cache cut for " + version);
      assertEquals(cache.in(version), text(new AuditEventJsonWriter(version, NEW_EVENT).object(cached,
          AuditEventJsonWriter.Shape.FULL)));
      roundTrips(version, event);
    }
    String v1 = cache.in(ApiVersion.V1_0);
    assertFalse(v1.contains("sessionId") || v1.contains("deviceName") || v1.contains("remoteTenantId"), v1);
    assertTrue(v1.contains("\"riskLevel\":\"low\""), v1);
  }

  /** Written by {@code version}'s root and read back by its reader: the event, less what the root lacks. */
  private static void roundTrips(ApiVersion version, AuditEvent event) {
    String text = written(version, event);
    AuditEvent read = CanonicalEvent.of(NEW_EVENT, new AuditEvent(new AuditEventJsonReader(version, NEW_EVENT)
        .read(text.getBytes(StandardCharsets.UTF_8))));
    assertEquals(version == ApiVersion.BETA ? event : withoutBetaOnly(event), read);
  }

  /** The event written from its properties, no cache involved. */
  private static String written(ApiVersion version, AuditEvent event) {
    return text(new AuditEventJsonWriter(version, NEW_EVENT).object(new AuditEvent(event.properties()),
        AuditEventJsonWriter.Shape.FULL));
  }

  @SuppressWarnings("unchecked")
  private static AuditEvent withoutBetaOnly(AuditEvent event) {
    Map<String, Object> values = new LinkedHashMap<>(event.properties());
    values.put("sessionId", null);
    Map<String, Object> actor = new LinkedHashMap<>((Map<String, Object>) values.get("actor"));
    NEW_ACTOR.properties().stream().filter(p -> !p.existsIn(ApiVersion.V1_0)).forEach(p -> actor.put(p.name(), null));
    values.put("actor", actor);
    return CanonicalEvent.of(NEW_EVENT, new AuditEvent(values));
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> actor() {
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("type", "ItPro");
    actor.put("userPermissions", List.of("*"));
    actor.put("userPrincipalName", "admin@contoso.com");
    actor.put("userRoleScopeTags", List.of(Map.of("displayName", "Default", "roleScopeTagId", "0")));
    actor.put("remoteTenantId", "r-tenant");
    return actor;
  }

  /** An event as the old (the service's) schema knows it. */
  private static AuditEvent oldEvent() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", "e-1");
    values.put("displayName", "Wipe");
    values.put("actor", actor());
    values.put("activityDateTime", "2016-12-31T23:59:51.6363086-08:00");
    values.put("correlationId", "52effe71-fe71-52ef-71fe-ef5271feef52");
    values.put("resources", List.of(Map.of("displayName", "Laptop", "modifiedProperties",
        List.of(Map.of("displayName", "Limit", "oldValue", "4", "newValue", "8")))));
    values.put("category", "Device");
    return new AuditEvent(values);
  }
}
