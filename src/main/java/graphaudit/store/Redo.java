package graphaudit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphaudit.audit.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One acknowledged change as the {@link Journal} keeps it: the event's whole new state, or its
 * deletion. Absolute, never a delta, so replaying a change the database file already holds again
 * leaves the same state, and the last record for an id decides it. JSON of the event's properties
 * (strings, lists and maps only, so they read back equal).
 */
record Redo(String tenantId, String id, Map<String, Object> properties) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> PROPERTIES = new TypeReference<>() { };

  /** The event now stands as {@code event}: created, or replaced by PATCH or PUT. */
  static Redo put(String tenantId, AuditEvent event) {
    return new Redo(tenantId, event.id(), event.properties());
  }

  static Redo delete(String tenantId, String id) {
    return new Redo(tenantId, id, null);
  }

  boolean isDelete() {
    return properties == null;
  }

  AuditEvent event() {
    return new AuditEvent(properties);
  }

  byte[] toBytes() {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("tenant", tenantId);
    record.put("id", id);
    record.put("event", properties);
    try {
      return JSON.writeValueAsBytes(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event not serialisable for the journal", e);
    }
  }

  static Redo fromBytes(byte[] bytes) {
    try {
      var tree = JSON.readTree(bytes);
      var event = tree.get("event");
      return new Redo(tree.get("tenant").asText(), tree.get("id").asText(),
          event.isNull() ? null : JSON.convertValue(event, PROPERTIES));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable journal record", e);
    }
  }
}
