package graphaudit.internal.audit;

import graphaudit.AuditEvent;
import java.util.Map;
import java.util.Set;

/**
 * The response JSON an {@link AuditEvent} read from the store carries, kept off the public type: it
 * rides in the event's properties map (read-only, so the event keeps it as given), where only the store
 * and the JSON writer look for it. An event changed in memory gets new properties and so no JSON.
 */
public final class StoredJson {

  private StoredJson() {
  }

  /**
   * An event of {@code properties} carrying {@code json}, rendered from them (null: none). The map is
   * kept, not copied: no one may change it afterwards.
   */
  public static AuditEvent event(Map<String, Object> properties, EventJson json) {
    Map<String, Object> plain = properties instanceof WithJson carried ? carried.properties : properties;
    return new AuditEvent(json == null ? plain : new WithJson(plain, json));
  }

  /** The response JSON stored with {@code event}, or null (then it is written from its properties). */
  public static EventJson of(AuditEvent event) {
    return event.properties() instanceof WithJson carried ? carried.json : null;
  }

  /** Properties, read through to the map given, with the JSON rendered from them. */
  private static final class WithJson extends ReadOnlyProperties {

    private final Map<String, Object> properties;
    private final EventJson json;

    WithJson(Map<String, Object> properties, EventJson json) {
      this.properties = properties;
      this.json = json;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return properties.entrySet();
    }

    @Override
    public Object get(Object key) {
      return properties.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return properties.containsKey(key);
    }

    @Override
    public int size() {
      return properties.size();
    }
  }
}
