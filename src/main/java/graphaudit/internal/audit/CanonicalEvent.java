package graphaudit.internal.audit;

import graphaudit.AuditEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical form of an event under a schema: every declared property of every root (the union),
 * in declaration order, nested values too, unset ones null, undeclared ones dropped. The columns, the
 * child rows and both roots' JSON are derived from it, import compares events in it, and
 * {@link #FORMAT} versions it (a change of the form changes every {@link SchemaFingerprint}). Stateless.
 */
public final class CanonicalEvent {

  /** The version of this form; part of every schema fingerprint. */
  public static final int FORMAT = 1;

  private CanonicalEvent() {
  }

  /** {@code event} in the canonical form of the service's schema. */
  public static AuditEvent of(AuditEvent event) {
    return of(AuditSchema.AUDIT_EVENT, event);
  }

  /** {@code event} in the canonical form of {@code root} (its stored JSON kept only if rendered under it). */
  public static AuditEvent of(StructuredType root, AuditEvent event) {
    EventJson stored = StoredJson.of(event);
    EventJson json = stored != null && stored.schema().equals(SchemaFingerprint.of(root)) ? stored : null;
    return StoredJson.event(ordered(root, event.properties()), json);
  }

  /** Whether two events are the same event (properties compared in canonical form; stored JSON ignored). */
  public static boolean same(AuditEvent a, AuditEvent b) {
    return ordered(AuditSchema.AUDIT_EVENT, a.properties()).equals(ordered(AuditSchema.AUDIT_EVENT, b.properties()));
  }

  private static Map<String, Object> ordered(StructuredType type, Map<String, Object> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Property p : type.properties()) {
      out.put(p.name(), value(p, values.get(p.name())));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object value(Property p, Object value) {
    if (value == null) {
      return null;
    }
    return switch (p.kind()) {
      case COMPLEX -> ordered(p.complexType(), (Map<String, Object>) value);
      case COMPLEX_COLLECTION -> {
        List<Object> out = new ArrayList<>();
        for (Object element : (List<Object>) value) {
          out.add(element == null ? null : ordered(p.complexType(), (Map<String, Object>) element));
        }
        yield out;
      }
      case STRING_COLLECTION -> List.copyOf((List<Object>) value);
      default -> value;
    };
  }
}
