package graphaudit.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request of a JSON batch as the client wrote it, checked for shape: {@code id} (a string or a
 * number, kept as a string, as Graph echoes it), {@code method}, {@code url} relative to the root,
 * {@code headers}, {@code body}, {@code dependsOn}. Immutable.
 */
record BatchItem(String id, String method, String path, String query, Map<String, String> headers, JsonNode body,
    List<String> dependsOn) {

  /** Reads item number {@code index} (from 1) of {@code requests}; a malformed one is a 400 naming it. */
  static BatchItem parse(JsonNode node, int index) {
    if (!node.isObject()) {
      throw malformed("#" + index, "is not a JSON object");
    }
    String id = idOf(node.get("id"));
    if (id == null || id.isEmpty()) {
      throw malformed("#" + index, "needs an 'id', a non-empty string or a number");
    }
    String method = text(node, "method", id).toUpperCase(Locale.ROOT);
    String url = text(node, "url", id);
    if (url.contains("://")) {
      throw malformed(id, "has an absolute url; give it relative to the service root, e.g. '/deviceManagement/auditEvents'");
    }
    String relative = url.startsWith("/") ? url.substring(1) : url;
    int question = relative.indexOf('?');
    String path = "/" + (question < 0 ? relative : relative.substring(0, question));
    String query = question < 0 ? null : relative.substring(question + 1);
    return new BatchItem(id, method, path, query, headers(node.get("headers"), id), node.get("body"),
        dependsOn(node.get("dependsOn"), id));
  }

  private static String idOf(JsonNode id) {
    return id != null && (id.isTextual() || id.isNumber()) ? id.asText() : null;
  }

  private static String text(JsonNode item, String field, String id) {
    JsonNode value = item.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw malformed(id, "needs a '" + field + "' string");
    }
    return value.asText();
  }

  private static Map<String, String> headers(JsonNode headers, String id) {
    Map<String, String> out = new LinkedHashMap<>();
    if (headers == null || headers.isNull()) {
      return out;
    }
    if (!headers.isObject()) {
      throw malformed(id, "has 'headers' that are not a JSON object");
    }
    for (Map.Entry<String, JsonNode> field : headers.properties()) {
      if (!field.getValue().isValueNode() || field.getValue().isNull()) {
        throw malformed(id, "has a header '" + field.getKey() + "' whose value is not a string");
      }
      if (field.getKey().equalsIgnoreCase("Authorization")) {
        throw malformed(id, "carries its own Authorization header; every request runs with the batch's");
      }
      out.put(field.getKey(), field.getValue().asText());
    }
    return out;
  }

  private static List<String> dependsOn(JsonNode dependsOn, String id) {
    List<String> out = new ArrayList<>();
    if (dependsOn == null || dependsOn.isNull()) {
      return out;
    }
    if (!dependsOn.isArray()) {
      throw malformed(id, "has a 'dependsOn' that is not an array of ids");
    }
    for (JsonNode element : dependsOn) {
      String dependency = idOf(element);
      if (dependency == null) {
        throw malformed(id, "has a 'dependsOn' element that is not an id");
      }
      out.add(dependency);
    }
    return out;
  }

  /** The body as the bytes of a request, or none. */
  byte[] bodyBytes(ObjectMapper json) throws java.io.IOException {
    return body == null || body.isNull() ? new byte[0] : json.writeValueAsBytes(body);
  }

  /** The item's headers, with a JSON Content-Type when it has a body and names none. */
  Map<String, List<String>> requestHeaders() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach((name, value) -> out.put(name, List.of(value)));
    boolean typed = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Content-Type"));
    if (body != null && !body.isNull() && !typed) {
      out.put("Content-Type", List.of(GraphReply.JSON));
    }
    return out;
  }

  static GraphException malformed(String item, String problem) {
    return new GraphException(400, "Batch request '" + item + "' " + problem + ".");
  }
}
