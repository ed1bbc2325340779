package graphaudit.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.auth.AccessControl;
import graphaudit.internal.auth.Caller;
import graphaudit.internal.generate.Seeder;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.DuplicateKeyException;
import java.io.IOException;
import java.util.Map;
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
 * Each needs a ReadWrite token, as any write; outside dev mode they are a 403. Thread-safe.
 */
final class DataAdmin {

  static final String RESET = "/admin/reset";
  static final String SEED = "/admin/seed";
  private static final long MAX_SEED_EVENTS = 10_000_000;
  private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditEventStore store;
  private final AccessControl access;
  private final boolean devMode;
  private final AdminImport imports;

  DataAdmin(AuditEventStore store, AccessControl access, boolean devMode) {
    this.store = store;
    this.access = access;
    this.devMode = devMode;
    this.imports = new AdminImport(store);
  }

  static boolean handles(String path) {
    return path.equalsIgnoreCase(RESET) || path.equalsIgnoreCase(SEED) || path.equalsIgnoreCase(AdminImport.PATH);
  }

  GraphReply handle(Exchange exchange) throws Exception {
    if (!devMode) {
      throw new GraphException(403, "The admin requests are served in dev mode (--auth dev) only.");
    }
    if (!exchange.method().equals("POST")) {
      throw new GraphException(405, "The HTTP method '" + exchange.method() + "' is not allowed here; use POST.",
          Map.of("Allow", "POST"));
    }
    Caller caller = access.authorize(exchange.request().headers().first("Authorization"), "POST");
    if (exchange.request().path().equalsIgnoreCase(AdminImport.PATH)) {
      return imports.answer(exchange.request(), exchange.body(), caller.tenantId());
    }
    JsonNode body = body(exchange.body());
    ObjectNode answer = JSON.createObjectNode();
    if (exchange.request().path().equalsIgnoreCase(RESET)) {
      String tenant = tenant(body, null);
      answer.put("tenant", tenant == null ? "*" : tenant);
      answer.put("deleted", store.deleteAll(tenant));
    } else {
      String tenant = tenant(body, caller.tenantId());
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
      answer.put("tenant", tenant).put("created", events).put("seed", seed);
    }
    return GraphReply.json(200, JSON.writeValueAsBytes(answer));
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
