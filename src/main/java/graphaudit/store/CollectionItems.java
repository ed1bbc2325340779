package graphaudit.store;

import graphaudit.audit.AuditEvent;
import graphaudit.audit.AuditSchema;
import graphaudit.audit.Property;
import graphaudit.audit.StructuredType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flattens an event's collections into {@code audit_event_item} rows (path, item, value), the shape a
 * lambda filter turns into an indexed EXISTS. Stateless.
 */
final class CollectionItems {

  /** One value inside a collection: {@code resources/modifiedProperties/displayName}, item {@code 0/2}. */
  record Item(String path, String item, String value) {
  }

  private CollectionItems() {
  }

  static List<Item> of(AuditEvent event) {
    List<Item> out = new ArrayList<>();
    walk(AuditSchema.AUDIT_EVENT, event.properties(), "", "", false, out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void walk(StructuredType type, Map<String, Object> values, String path, String item,
      boolean insideCollection, List<Item> out) {
    for (Property p : type.properties()) {
      Object value = values.get(p.name());
      String subPath = path + p.name();
      switch (p.kind()) {
        case COMPLEX -> {
          if (value != null) {
            walk(p.complexType(), (Map<String, Object>) value, subPath + "/", item, insideCollection, out);
          }
        }
        case STRING_COLLECTION -> {
          if (value != null) {
            List<String> strings = (List<String>) value;
            for (int i = 0; i < strings.size(); i++) {
              out.add(new Item(subPath, item + i, strings.get(i)));
            }
          }
        }
        case COMPLEX_COLLECTION -> {
          if (value != null) {
            List<Map<String, Object>> elements = (List<Map<String, Object>>) value;
            for (int i = 0; i < elements.size(); i++) {
              walk(p.complexType(), elements.get(i), subPath + "/", item + i + "/", true, out);
            }
          }
        }
        default -> {
          if (insideCollection) {
            out.add(new Item(subPath, item.substring(0, item.length() - 1), (String) value));
          }
        }
      }
    }
  }
}
