package graphaudit.internal.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** HTTP header fields, names compared case-insensitively as HTTP has them. Immutable. */
public final class Headers {

  public static final Headers NONE = new Headers(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

  private final TreeMap<String, List<String>> fields;

  private Headers(TreeMap<String, List<String>> fields) {
    this.fields = fields;
  }

  /** The fields of {@code map}, each name with its values in order. */
  public static Headers of(Map<String, List<String>> map) {
    TreeMap<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.forEach((name, values) -> fields.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
    fields.replaceAll((name, values) -> List.copyOf(values));
    return new Headers(fields);
  }

  /** The first value of {@code name}, or null. */
  public String first(String name) {
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Every field, names as first given. */
  public Map<String, List<String>> all() {
    return Collections.unmodifiableMap(fields);
  }

  /** These fields with {@code name} set to {@code value} alone. */
  public Headers with(String name, String value) {
    TreeMap<String, List<String>> copy = new TreeMap<>(fields);
    copy.remove(name);
    copy.put(name, List.of(value));
    return new Headers(copy);
  }
}
