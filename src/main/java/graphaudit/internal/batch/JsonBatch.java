package graphaudit.internal.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphaudit.internal.odata.RequestIds;
import graphaudit.internal.pipeline.ErrorMapping;
import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.GraphRequest;
import graphaudit.internal.pipeline.Headers;
import graphaudit.internal.pipeline.RequestBody;
import graphaudit.internal.pipeline.RouteHandler;
import graphaudit.internal.request.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Graph's JSON batch, {@code POST /{root}/$batch}: each request of the {@link BatchPlan} runs through
 * the whole pipeline as if sent alone (its own request id, the batch's Authorization, its own
 * permission check, tenant and throttling), in the order given; one whose dependency did not succeed
 * gets a 424. The answer is {@code {"responses":[{"id","status","headers","body"}]}} in request order,
 * JSON bodies as JSON. Its route admits POST with any valid token (a batch without one is one 401, not
 * one per request). Thread-safe.
 */
public final class JsonBatch implements RouteHandler {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // numbers reach the item as sent

  private final String root;

  /** @param rootSegment the root the batch is under, e.g. {@code beta}: each request's url is relative to it */
  public JsonBatch(String rootSegment) {
    this.root = "/" + rootSegment;
  }

  /** Whether a path after a root names {@code $batch} (in any case, '$' percent-encoded or not). */
  static boolean isBatchPath(String pathInRoot) {
    String path = pathInRoot.endsWith("/") ? pathInRoot.substring(0, pathInRoot.length() - 1) : pathInRoot;
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.equals("/$batch") || lower.equals("/%24batch");
  }

  @Override
  public GraphReply answer(Exchange exchange) throws Exception {
    GraphRequest batch = exchange.request();
    MediaType contentType = exchange.headers().contentType();
    if (contentType != null && !contentType.is(MediaType.JSON)) {
      throw new GraphException(415, "The Content-Type '" + contentType.raw()
          + "' is not supported; send application/json.");
    }
    BatchPlan plan = BatchPlan.parse(exchange.body(), JSON);
    String authorization = exchange.headers().authorization();
    Map<String, Integer> statuses = new HashMap<>();
    List<GraphReply> replies = new ArrayList<>();
    for (BatchItem item : plan.items()) {
      GraphReply reply = failedDependency(item, statuses);
      if (reply == null) {
        reply = exchange.dispatch(new GraphRequest(item.method(), batch.origin(), root + item.path(), item.query(),
            itemHeaders(item, authorization), RequestBody.of(item.bodyBytes(JSON))));
      }
      statuses.put(item.id(), reply.status());
      replies.add(reply);
    }
    return GraphReply.json(200, answer(plan.items(), replies));
  }

  private static Headers itemHeaders(BatchItem item, String authorization) {
    Headers headers = Headers.of(item.requestHeaders());
    return authorization == null ? headers : headers.with("Authorization", authorization);
  }

  /** A 424 when a request this one depends on did not succeed, else null. */
  private static GraphReply failedDependency(BatchItem item, Map<String, Integer> statuses) {
    for (String dependency : item.dependsOn()) {
      int status = statuses.get(dependency);
      if (status < 200 || status > 299) {
        RequestIds ids = RequestIds.forRequest(item.headers().get(RequestIds.CLIENT_REQUEST_ID));
        return ErrorMapping.reply(new GraphException(424, "Request '" + item.id() + "' was not run: the request '"
            + dependency + "' it depends on failed with " + status + "."), ids)
            .withHeader(RequestIds.REQUEST_ID, ids.requestId())
            .withHeader(RequestIds.CLIENT_REQUEST_ID, ids.clientRequestId());
      }
    }
    return null;
  }

  private static byte[] answer(List<BatchItem> items, List<GraphReply> replies) throws IOException {
    try (ByteArrayBuilder out = new ByteArrayBuilder(4096); JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("responses");
      for (int i = 0; i < items.size(); i++) {
        GraphReply reply = replies.get(i);
        g.writeStartObject();
        g.writeStringField("id", items.get(i).id());
        g.writeNumberField("status", reply.status());
        g.writeObjectFieldStart("headers");
        for (Map.Entry<String, List<String>> header : reply.headers().all().entrySet()) {
          g.writeStringField(header.getKey(), String.join(", ", header.getValue()));
        }
        g.writeEndObject();
        if (reply.body().length > 0) {
          g.writeFieldName("body");
          writeBody(g, reply);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      return out.toByteArray();
    }
  }

  /** A JSON body as JSON (ours is always well-formed, so it is copied, not reparsed); any other as a string. */
  private static void writeBody(JsonGenerator g, GraphReply reply) throws IOException {
    String text = new String(reply.body(), StandardCharsets.UTF_8);
    String type = reply.headers().first("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith(GraphReply.JSON)) {
      g.writeRawValue(text);
    } else {
      g.writeString(text);
    }
  }
}
