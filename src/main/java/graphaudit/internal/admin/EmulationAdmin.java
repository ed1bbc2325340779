package graphaudit.internal.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.emulation.Emulation;
import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.RouteHandler;

/**
 * {@code /admin/emulation}, dev mode only: {@code GET} shows the throttling, fault and latency
 * settings and what they did; {@code PATCH} (or {@code POST}) with
 * {@code {"throttle":"…","faults":"…","latency":"…"}} (any of them) switches them without a restart. Its route asks for a token like any request (ReadWrite to
 * change). Thread-safe.
 */
public final class EmulationAdmin implements RouteHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Emulation emulation;

  public EmulationAdmin(Emulation emulation) {
    this.emulation = emulation;
  }

  @Override
  public GraphReply answer(Exchange exchange) throws Exception {
    if (!exchange.method().equals("GET")) {
      apply(exchange.body());
    }
    ObjectNode state = JSON.createObjectNode();
    state.put("throttle", emulation.throttleSpec());
    state.put("faults", emulation.faultsSpec());
    state.put("latency", emulation.latencySpec());
    state.put("requests", emulation.seen());
    state.put("throttled", emulation.throttled());
    state.put("faulted", emulation.faulted());
    state.put("delayed", emulation.delayed());
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
      throw new GraphException(400, "Send {\"throttle\":\"graph|off|requests=50/10s,...\",\"faults\":\"off|rate=...\","
          + "\"latency\":\"off|fixed=200ms|p50=120ms,p99=900ms\"} (any of them).");
    }
    String throttle = text(settings, "throttle");
    String faults = text(settings, "faults");
    String latency = text(settings, "latency");
    try {
      Emulation.check(throttle, faults, latency);
    } catch (IllegalArgumentException e) {
      throw new GraphException(400, e.getMessage());
    }
    if (throttle != null) {
      emulation.throttle(throttle);
    }
    if (faults != null) {
      emulation.faults(faults);
    }
    if (latency != null) {
      emulation.latency(latency);
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
