package graphaudit.internal.viewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.compat.GraphQuery;
import graphaudit.internal.compat.QueryLimits;
import graphaudit.internal.odata.ServiceRoot;
import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.RouteHandler;
import graphaudit.internal.query.QueryPlan;
import graphaudit.internal.request.QueryString;
import graphaudit.internal.store.AuditEventStore;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /viewer/histogram?interval=day|hour&$filter=…&$search=…}: the caller's events matching
 * the same {@code $filter} and {@code $search} as a list request (parsed by the {@code /beta} root,
 * the same SQL condition), counted per UTC day or hour and category by one GROUP BY in the database:
 * {@code {"interval","total","value":[{"start","category","count"}]}}. Its route asks for a token like
 * a list. Thread-safe.
 */
final class HistogramRoute implements RouteHandler {

  /** Groups in one answer at most: a year by hour over 15 categories would be 130,000. */
  static final int MAX_GROUPS = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceRoot root;
  private final AuditEventStore store;

  HistogramRoute(ServiceRoot root, AuditEventStore store) {
    this.root = root;
    this.store = store;
  }

  @Override
  public GraphReply answer(Exchange exchange) throws IOException {
    String interval = exchange.query().value("interval");
    if (interval != null && !interval.equals("hour") && !interval.equals("day")) {
      throw new GraphException(400, "'interval' is day or hour.");
    }
    boolean byHour = "hour".equals(interval);
    QueryString query = GraphQuery.normalize(exchange.query().without(p -> "interval".equals(p.name())));
    QueryLimits.check(query);
    QueryPlan plan = root.collectionPlan(query);
    List<AuditEventStore.Bucket> buckets = store.histogram(exchange.caller().tenantId(), plan.where(), byHour,
        MAX_GROUPS + 1);
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
