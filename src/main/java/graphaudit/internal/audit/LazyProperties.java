package graphaudit.internal.audit;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Properties put together only when one is asked for: an event read from the store is mostly answered
 * from its stored JSON, which needs none of them. Thread-safe (building twice is harmless).
 */
public abstract class LazyProperties extends ReadOnlyProperties {

  private volatile Map<String, Object> map;

  /** The properties in schema order. */
  protected abstract Map<String, Object> build();

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return map().entrySet();
  }

  @Override
  public Object get(Object key) {
    return map().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return map().containsKey(key);
  }

  private Map<String, Object> map() {
    Map<String, Object> built = map;
    if (built == null) {
      built = Collections.unmodifiableMap(build());
      map = built;
    }
    return built;
  }
}
