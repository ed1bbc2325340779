package graphaudit.internal.store.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.AbstractList;
import java.util.List;

/**
 * A collection value read from its JSON column, parsed on first use: a page answered from the stored
 * response JSON never looks at it. Unmodifiable; safe to share once parsed (parsing is idempotent).
 */
final class LazyJsonList extends AbstractList<Object> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String text;
  private volatile List<?> parsed;

  LazyJsonList(String text) {
    this.text = text;
  }

  private List<?> list() {
    List<?> list = parsed;
    if (list == null) {
      try {
        list = JSON.readValue(text, List.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored collection is not JSON: " + text, e);
      }
      parsed = list;
    }
    return list;
  }

  @Override
  public Object get(int index) {
    return list().get(index);
  }

  @Override
  public int size() {
    return list().size();
  }
}
