package graphaudit.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.generate.Seeder;
import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.write.DuplicateKeyException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The dev-mode requests a test suite resets and seeds the service with, without a restart:
 * <ul>
 *   <li>{@code POST /admin/reset} empties every tenant, or with {@code {"tenant":"GUID"}} that one;</li>
 *   <li>{@code POST /admin/seed} with {@code {"events":N,"seed":S,"tenant":"GUID"}} stores N generated
 *       events (seed default 1, tenant default the caller's);</li>
 *   <li>{@code POST /admin/import} stores the events of its body, Graph list responses or NDJSON
 *       ({@link AdminImport}).</li>
 * </ul>
 * Their routes ask for a ReadWrite token, as any write, in dev mode only. Thread-safe.
 */
public final class DataAdmin {

  private static final long MAX_SEED_EVENTS = 10_000_000;
  private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditEventStore store;
  private final AdminImport imports;

  public DataAdmin(AuditEventStore store) {
    this.store = store;
    this.imports = new AdminImport(store);
  }

  /** {@code POST /admin/reset}. */
  public GraphReply reset(Exchange exchange) throws IOException {
    String tenant = tenant(body(exchange.body()), null);
    ObjectNode answer = JSON.createObjectNode();
    answer.put("tenant", tenant == null ? "*" : tenant);
    answer.put("deleted", store.deleteAll(tenant));
    return GraphReply.json(200, JSON.writeValueAsBytes(answer));
  }

  /** {@code POST /admin/seed}. */
  public GraphReply seed(Exchange exchange) throws IOException {
    JsonNode body = body(exchange.body());
    String tenant = tenant(body, exchange.caller().tenantId());
    long events = number(body, "events", -1);
    if (events < 0 || events > MAX_SEED_EVENTS) {
      throw new GraphException(400, "'events' must be a number from 0 to " + MAX_SEED_EVENTS + ".");
    }
    long seed = number(body, "seed", 1);
    try {
      new Seeder(store).seed(tenant, events, seed, batch -> { });
    } catch (DuplicateKeyException e) {
      throw new GraphException(409, "The tenant already holds events with these ids (seeded with seed " + seed
          + " before?): give another seed, or reset the tenant first.");
    }
    ObjectNode answer = JSON.createObjectNode().put("tenant", tenant).put("created", events).put("seed", seed);
    return GraphReply.json(200, JSON.writeValueAsBytes(answer));
  }

  /** {@code POST /admin/import}. */
  public GraphReply importEvents(Exchange exchange) throws IOException {
    return imports.answer(exchange);
  }

  private static JsonNode body(byte[] bytes) {
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode body = JSON.readTree(bytes);
      if (body != null && body.isObject()) {
        return body;
      }
    } catch (IOException e) {
      // answered below
    }
    throw new GraphException(400, "The body must be a JSON object, such as {\"tenant\":\"GUID\"}.");
  }

  private static String tenant(JsonNode body, String otherwise) {
    JsonNode value = body.get("tenant");
    if (value == null || value.isNull()) {
      return otherwise;
    }
    return tenantId(value.isTextual() ? value.asText() : value.toString());
  }

  /** {@code text} as a tenant id, in lower case as tokens carry it; a 400 unless a GUID. */
  static String tenantId(String text) {
    if (!GUID.matcher(text).matches()) {
      throw new GraphException(400, "'tenant' must be a tenant id (a GUID).");
    }
    return text.toLowerCase(java.util.Locale.ROOT);
  }

  private static long number(JsonNode body, String field, long otherwise) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (otherwise < 0) {
        throw new GraphException(400, "'" + field + "' is required.");
      }
      return otherwise;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new GraphException(400, "'" + field + "' must be a whole number.");
    }
    return value.asLong();
  }
}
