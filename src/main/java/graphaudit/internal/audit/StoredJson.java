package graphaudit.internal.audit;

import graphaudit.AuditEvent;
import java.util.Map;

/**
 * The response JSON an {@link AuditEvent} read from the store carries, kept off the public type: the
 * event grants its private constructor and field to this bridge once, when its class is initialised, so
 * only the store and the JSON writer see what is an internal cache.
 */
public final class StoredJson {

  /** What {@link AuditEvent} grants: its constructor with JSON, and that JSON. */
  public interface Access {

    AuditEvent event(Map<String, Object> properties, EventJson json);

    EventJson json(AuditEvent event);
  }

  private static volatile Access access;

  private StoredJson() {
  }

  /** Called once, by {@link AuditEvent}'s initialiser. */
  public static void grant(Access granted) {
    if (access != null) {
      throw new IllegalStateException("AuditEvent grants its stored JSON once");
    }
    access = granted;
  }

  /** An event of {@code properties} carrying {@code json}, rendered from them (null: none). */
  public static AuditEvent event(Map<String, Object> properties, EventJson json) {
    return access().event(properties, json);
  }

  /** The response JSON stored with {@code event}, or null (then it is written from its properties). */
  public static EventJson of(AuditEvent event) {
    return access().json(event);
  }

  private static Access access() {
    Access granted = access;
    if (granted == null) {
      try { // an event made here first: AuditEvent's initialiser grants the access
        Class.forName(AuditEvent.class.getName(), true, AuditEvent.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      granted = access;
    }
    return granted;
  }
}
