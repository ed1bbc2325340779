package graphaudit.internal.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.Headers;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Entra ID's error body for a refused token request, field for field as login.microsoftonline.com
 * writes it: {@code error}, {@code error_description} (the {@code AADSTS} text, then its trace id,
 * correlation id and timestamp, CRLF-separated), {@code error_codes}, {@code timestamp},
 * {@code trace_id}, {@code correlation_id} (the client's {@code client-request-id}, as MSAL sends it)
 * and {@code error_uri} (Microsoft's page on the code). Stateless.
 */
final class EntraErrors {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);
  /** What Entra sends with a token answer, an error or not. */
  static final Headers NO_STORE = Headers.of(Map.of("Content-Type", List.of("application/json; charset=utf-8"),
      "Cache-Control", List.of("no-store, no-cache"), "Pragma", List.of("no-cache")));

  private EntraErrors() {
  }

  static GraphReply reply(EntraException e, String traceId, String correlationId, Clock clock) {
    String timestamp = TIMESTAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    ObjectNode body = JSON.createObjectNode();
    body.put("error", e.error());
    body.put("error_description", e.getMessage() + "\r\nTrace ID: " + traceId + "\r\nCorrelation ID: "
        + correlationId + "\r\nTimestamp: " + timestamp);
    body.putArray("error_codes").add(e.code());
    body.put("timestamp", timestamp);
    body.put("trace_id", traceId);
    body.put("correlation_id", correlationId);
    body.put("error_uri", "https://login.microsoftonline.com/error?code=" + e.code());
    try {
      return new GraphReply(e.status(), NO_STORE, JSON.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
