package graphaudit;

import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.ReadOnlyProperties;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored audit event, as the union of every service root's properties. Values are
 * {@code String} (strings, GUIDs and the original DateTimeOffset text), {@code List<String>},
 * {@code Map<String,Object>} (complex values, property name to value) or lists of those; a property
 * that is unset is absent or null. Immutable.
 */
public final class AuditEvent {

  private final Map<String, Object> properties;

  public AuditEvent(Map<String, Object> properties) {
    this.properties = properties instanceof ReadOnlyProperties given ? given
        : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  public String id() {
    return (String) properties.get(AuditSchema.KEY);
  }

  public Object get(String name) {
    return properties.get(name);
  }

  public Map<String, Object> properties() {
    return properties;
  }

  /** The activity time as an instant-bearing value; the original text stays in the properties. */
  public OffsetDateTime activityDateTime() {
    return OffsetDateTime.parse((String) properties.get("activityDateTime"));
  }

  /**
   * This event with {@code changes} applied with PATCH semantics: top-level values replace, a
   * complex value merges property by property (OData 4.01 §11.4.3), collections replace whole.
   */
  public AuditEvent patchedWith(Map<String, Object> changes) {
    return new AuditEvent(merge(properties, changes));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> changes) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    changes.forEach((name, value) -> {
      Object old = base.get(name);
      if (old instanceof Map && value instanceof Map) {
        merged.put(name, merge((Map<String, Object>) old, (Map<String, Object>) value));
      } else {
        merged.put(name, value);
      }
    });
    return merged;
  }

  /** Equal properties. */
  @Override
  public boolean equals(Object o) {
    return o instanceof AuditEvent other && properties.equals(other.properties);
  }

  @Override
  public int hashCode() {
    return properties.hashCode();
  }

  @Override
  public String toString() {
    return "AuditEvent" + properties;
  }
}
