package graphaudit.internal.audit;

import graphaudit.AuditEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/** The rules a complete event must satisfy before it is stored, and how a new one gets its id. */
public final class AuditEventRules {

  /** Longest client-supplied key we store (the key column's size). */
  public static final int MAX_ID_LENGTH = 512;

  private AuditEventRules() {
  }

  /** A new event from a create body: a server-assigned, time-ordered GUID id when the client sent none. */
  public static AuditEvent forCreate(Map<String, Object> body) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      values.put(p.name(), body.get(p.name()));
    }
    Object id = values.get(AuditSchema.KEY);
    if (id == null) {
      values.put(AuditSchema.KEY, TimeOrderedIds.next().toString());
    } else if (((String) id).isBlank() || ((String) id).length() > MAX_ID_LENGTH) {
      throw new InvalidInputException("Property 'id' must be a non-blank string of at most "
          + MAX_ID_LENGTH + " characters.");
    } else if (((String) id).chars().anyMatch(Character::isISOControl)) {
      // the id goes into URLs: Jetty refuses a NUL in one, so such an event could never be read back
      throw new InvalidInputException("Property 'id' must not contain control characters.");
    }
    AuditEvent event = new AuditEvent(values);
    requireComplete(event);
    return event;
  }

  /** Fails with a message naming the first required property that is missing or null. */
  public static void requireComplete(AuditEvent event) {
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      if (!p.nullable() && event.get(p.name()) == null) {
        throw new InvalidInputException("Property '" + p.name() + "' of type '"
            + AuditSchema.AUDIT_EVENT.qualifiedName() + "' is required and cannot be null.");
      }
    }
  }
}
