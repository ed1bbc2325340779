package graphaudit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Field order matters on the wire (the seed's shape) but not to JsonNode.equals: this lists it. */
public final class JsonShape {

  private JsonShape() {
  }

  /** Every member path in document order, e.g. {@code actor/@odata.type}, {@code resources/0/type}. */
  public static List<String> orderedPaths(JsonNode node) {
    List<String> out = new ArrayList<>();
    walk(node, "", out);
    return out;
  }

  private static void walk(JsonNode node, String prefix, List<String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        out.add(prefix + field.getKey());
        walk(field.getValue(), prefix + field.getKey() + "/", out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), prefix + i + "/", out);
      }
    }
  }
}
