package graphaudit.internal.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.auth.AccessControl;
import java.util.Map;

/**
 * {@code /admin/emulation}, dev mode only: {@code GET} shows the throttling and fault settings and
 * what they did; {@code PATCH} (or {@code POST}) with {@code {"throttle":"…","faults":"…"}} (either
 * one) switches them without a restart. Needs a token like any request (ReadWrite to change); outside
 * dev mode it is a 403. Thread-safe.
 */
final class EmulationAdmin {

  static final String PATH = "/admin/emulation";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Emulation emulation;
  private final AccessControl access;
  private final boolean devMode;

  EmulationAdmin(Emulation emulation, AccessControl access, boolean devMode) {
    this.emulation = emulation;
    this.access = access;
    this.devMode = devMode;
  }

  GraphReply handle(Exchange exchange) throws Exception {
    if (!devMode) {
      throw new GraphException(403, "The emulation admin request is served in dev mode (--auth dev) only.");
    }
    String method = exchange.method();
    boolean change = method.equals("PATCH") || method.equals("POST");
    if (!change && !method.equals("GET")) {
      throw new GraphException(405, "The HTTP method '" + method + "' is not allowed here; use GET or PATCH.",
          Map.of("Allow", "GET, PATCH, POST"));
    }
    access.authorize(exchange.request().headers().first("Authorization"), method);
    if (change) {
      apply(exchange.body());
    }
    ObjectNode state = JSON.createObjectNode();
    state.put("throttle", emulation.throttleSpec());
    state.put("faults", emulation.faultsSpec());
    state.put("requests", emulation.seen());
    state.put("throttled", emulation.throttled());
    state.put("faulted", emulation.faulted());
    return GraphReply.json(200, JSON.writeValueAsBytes(state));
  }

  private void apply(byte[] body) {
    JsonNode settings;
    try {
      settings = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new GraphException(400, "The body is not valid JSON.");
    } catch (java.io.IOException e) {
      throw new GraphException(400, "The body could not be read.");
    }
    if (settings == null || !settings.isObject()) {
      throw new GraphException(400, "Send {\"throttle\":\"graph|off|requests=50/10s,...\",\"faults\":\"off|rate=...\"}.");
    }
    String throttle = text(settings, "throttle");
    String faults = text(settings, "faults");
    try {
      ThrottleLimits.parse(throttle);
      Faults.parse(faults);
    } catch (IllegalArgumentException e) {
      throw new GraphException(400, e.getMessage());
    }
    if (throttle != null) {
      emulation.throttle(throttle);
    }
    if (faults != null) {
      emulation.faults(faults);
    }
  }

  private static String text(JsonNode settings, String field) {
    JsonNode value = settings.get(field);
    if (value != null && !value.isTextual()) {
      throw new GraphException(400, "'" + field + "' must be a string.");
    }
    return value == null ? null : value.asText();
  }
}
