package graphaudit.internal.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphaudit.internal.pipeline.GraphException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requests of a JSON batch body, checked as a whole before any runs: 1 to 20 of them, ids
 * unique, no nested {@code $batch}, each {@code dependsOn} naming an earlier request (a later one, an
 * unknown one or a cycle is a 400 naming the request). Immutable.
 */
record BatchPlan(List<BatchItem> items) {

  static final int MAX_ITEMS = 20;

  static BatchPlan parse(byte[] body, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new GraphException(400, "The batch body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new GraphException(400, "The batch body could not be read.");
    }
    JsonNode requests = root == null ? null : root.get("requests");
    if (requests == null || !requests.isArray()) {
      throw new GraphException(400, "A batch body is {\"requests\":[...]}; 'requests' is missing or not an array.");
    }
    if (requests.isEmpty()) {
      throw new GraphException(400, "The batch holds no requests.");
    }
    if (requests.size() > MAX_ITEMS) {
      throw new GraphException(400, "A batch holds at most " + MAX_ITEMS + " requests; this one holds "
          + requests.size() + ".");
    }
    List<BatchItem> items = new ArrayList<>();
    for (JsonNode request : requests) {
      items.add(BatchItem.parse(request, items.size() + 1));
    }
    check(items);
    return new BatchPlan(List.copyOf(items));
  }

  private static void check(List<BatchItem> items) {
    Map<String, Integer> positions = new HashMap<>();
    for (BatchItem item : items) {
      if (positions.putIfAbsent(item.id(), positions.size()) != null) {
        throw BatchItem.malformed(item.id(), "repeats an id already used in this batch");
      }
      if (JsonBatch.isBatchPath(item.path())) {
        throw BatchItem.malformed(item.id(), "is a $batch itself; batches do not nest");
      }
    }
    Map<String, BatchItem> byId = new HashMap<>();
    items.forEach(item -> byId.put(item.id(), item));
    for (int i = 0; i < items.size(); i++) {
      BatchItem item = items.get(i);
      for (String dependency : item.dependsOn()) {
        Integer position = positions.get(dependency);
        if (position == null) {
          throw BatchItem.malformed(item.id(), "depends on '" + dependency + "', which is not in this batch");
        }
        if (position >= i) {
          throw BatchItem.malformed(item.id(), reaches(byId, dependency, item.id())
              ? "depends on '" + dependency + "', which forms a cycle"
              : "depends on '" + dependency + "', which comes later; a request may depend only on earlier ones");
        }
      }
    }
  }

  /** Whether following dependsOn from {@code from} leads to {@code target}. */
  private static boolean reaches(Map<String, BatchItem> byId, String from, String target) {
    Deque<String> pending = new ArrayDeque<>(List.of(from));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String id = pending.pop();
      if (id.equals(target)) {
        return true;
      }
      BatchItem item = byId.get(id);
      if (seen.add(id) && item != null) {
        pending.addAll(item.dependsOn());
      }
    }
    return false;
  }
}
