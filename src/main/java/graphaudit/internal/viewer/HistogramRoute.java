package graphaudit.internal.viewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.auth.AccessControl;
import graphaudit.internal.auth.AccessDeniedException;
import graphaudit.internal.auth.Caller;
import graphaudit.internal.compat.GraphQuery;
import graphaudit.internal.compat.QueryLimits;
import graphaudit.internal.odata.ServiceRoot;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.GraphRequest;
import graphaudit.internal.pipeline.LocalRoute;
import graphaudit.internal.query.QueryPlan;
import graphaudit.internal.store.AuditEventStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /viewer/histogram?interval=day|hour&$filter=…&$search=…}: the caller's events matching
 * the same {@code $filter} and {@code $search} as a list request (parsed by the {@code /beta} root,
 * the same SQL condition), counted per UTC day or hour and category by one GROUP BY in the database:
 * {@code {"interval","total","value":[{"start","category","count"}]}}. Needs a token like a list.
 * Thread-safe.
 */
final class HistogramRoute implements LocalRoute {

  static final String PATH = "/viewer/histogram";
  /** Groups in one answer at most: a year by hour over 15 categories would be 130,000. */
  static final int MAX_GROUPS = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceRoot root;
  private final AuditEventStore store;
  private final AccessControl access;

  HistogramRoute(ServiceRoot root, AuditEventStore store, AccessControl access) {
    this.root = root;
    this.store = store;
    this.access = access;
  }

  @Override
  public boolean serves(String path) {
    return path.equals(PATH);
  }

  @Override
  public GraphReply answer(GraphRequest request, byte[] body) throws IOException, AccessDeniedException {
    if (!request.method().equals("GET")) {
      throw new GraphException(405, "The HTTP method '" + request.method() + "' is not allowed here; use GET.",
          Map.of("Allow", "GET"));
    }
    Caller caller = access.authorize(request.headers().first("Authorization"), "GET");
    boolean byHour = false;
    List<String> options = new ArrayList<>();
    if (request.query() != null) {
      for (String part : request.query().split("&")) {
        if (part.equals("interval=hour") || part.equals("interval=day")) {
          byHour = part.endsWith("hour");
        } else if (part.startsWith("interval=")) {
          throw new GraphException(400, "'interval' is day or hour.");
        } else if (!part.isEmpty()) {
          options.add(part);
        }
      }
    }
    String query = GraphQuery.normalize(options.isEmpty() ? null : String.join("&", options));
    QueryLimits.check(query);
    QueryPlan plan = root.collectionPlan(query);
    List<AuditEventStore.Bucket> buckets = store.histogram(caller.tenantId(), plan.where(), byHour, MAX_GROUPS + 1);
    if (buckets.size() > MAX_GROUPS) {
      throw new GraphException(400, "More than " + MAX_GROUPS + " groups: choose interval=day or a shorter time range.");
    }
    return GraphReply.json(200, JSON.writeValueAsBytes(answer(byHour, buckets)));
  }

  private static ObjectNode answer(boolean byHour, List<AuditEventStore.Bucket> buckets) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("interval", byHour ? "hour" : "day");
    long total = 0;
    ArrayNode value = answer.putArray("value");
    for (AuditEventStore.Bucket bucket : buckets) {
      value.addObject().put("start", bucket.start().toString()).put("category", bucket.category())
          .put("count", bucket.count());
      total += bucket.count();
    }
    answer.put("total", total);
    return answer;
  }
}
