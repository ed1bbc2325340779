package graphaudit.internal.store.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import graphaudit.AuditEvent;
import graphaudit.internal.audit.CanonicalEvent;
import graphaudit.internal.audit.EventJson;
import graphaudit.internal.audit.LazyProperties;
import graphaudit.internal.audit.SchemaFingerprint;
import graphaudit.internal.audit.StoredJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event's properties read back from its stored JSON (the beta form, which holds every property of
 * the canonical form), parsed only when asked for: answering a page or an export sends the JSON as it
 * is and asks for none. Annotations ({@code @odata.type}) are left out. Immutable; thread-safe.
 */
public final class BodyProperties extends LazyProperties {

  private static final JsonFactory JSON = new JsonFactory();

  private final byte[] utf8;

  private BodyProperties(byte[] utf8) {
    this.utf8 = utf8;
  }

  /**
   * The stored event of {@code json}: with its JSON when that was rendered under the running schema, else
   * in the running schema's canonical form without JSON (it is rendered afresh when answered).
   */
  public static AuditEvent event(EventJson json) {
    AuditEvent stored = StoredJson.event(new BodyProperties(json.utf8()), json);
    return SchemaFingerprint.current().equals(json.schema()) ? stored : CanonicalEvent.of(stored);
  }

  /** The event in a stored response JSON of any schema, in the running schema's canonical form, without JSON. */
  public static AuditEvent parse(byte[] utf8) {
    return CanonicalEvent.of(new AuditEvent(new BodyProperties(utf8)));
  }

  @Override
  protected Map<String, Object> build() {
    try (JsonParser parser = JSON.createParser(utf8)) {
      parser.nextToken();
      return object(parser);
    } catch (IOException e) {
      throw new IllegalStateException("a stored event is not JSON", e);
    }
  }

  /** The object whose START_OBJECT the parser is at, without its annotations. */
  private static Map<String, Object> object(JsonParser parser) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      Object value = value(parser);
      if (!name.startsWith("@")) {
        out.put(name, value);
      }
    }
    return out;
  }

  private static Object value(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(parser));
        }
        yield Collections.unmodifiableList(list);
      }
      case VALUE_NULL -> null;
      default -> parser.getText();
    };
  }
}
