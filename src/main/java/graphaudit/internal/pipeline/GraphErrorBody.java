package graphaudit.internal.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphaudit.internal.odata.RequestIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Graph's error body, {@code {"error":{"code","message","innerError":{date,request-id,client-request-id}}}},
 * with Graph's code for each status from 400 to 599, and when a refusal names its problems one by one,
 * Graph's {@code details} array and more {@code innerError} fields. Written only by {@link ErrorMapping}.
 * Stateless.
 */
final class GraphErrorBody {

  /** A mapper's factory: its generators write trees (the extra innerError fields). */
  private static final JsonFactory JSON = new ObjectMapper().getFactory();
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private GraphErrorBody() {
  }

  /** Graph's code for a status: 404 → ResourceNotFound, 413 → RequestEntityTooLarge… */
  static String code(int status) {
    return switch (status) {
      case 400 -> "BadRequest";
      case 401 -> "InvalidAuthenticationToken";
      case 403 -> "Forbidden";
      case 404 -> "ResourceNotFound";
      case 405 -> "MethodNotAllowed";
      case 406 -> "NotAcceptable";
      case 408 -> "RequestTimeout";
      case 409 -> "Conflict";
      case 411 -> "LengthRequired";
      case 412 -> "PreconditionFailed";
      case 413 -> "RequestEntityTooLarge";
      case 414 -> "RequestUriTooLong";
      case 415 -> "UnsupportedMediaType";
      case 416 -> "RequestedRangeNotSatisfiable";
      case 422 -> "UnprocessableEntity";
      case 424 -> "FailedDependency";
      case 429 -> "TooManyRequests";
      case 431 -> "RequestHeaderFieldsTooLarge";
      case 501 -> "NotImplemented";
      case 503 -> "ServiceUnavailable";
      case 504 -> "GatewayTimeout";
      case 507 -> "InsufficientStorage";
      default -> status >= 500 ? "InternalServerError" : "BadRequest";
    };
  }

  /** The UTF-8 JSON error body; a null or blank message is the status's default one. */
  static byte[] of(int status, String message, List<GraphException.Detail> details, Map<String, JsonNode> inner,
      RequestIds ids) {
    String text = message == null || message.isBlank() ? defaultMessage(status) : message;
    try (ByteArrayBuilder out = new ByteArrayBuilder(256); JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("code", code(status));
      g.writeStringField("message", text);
      if (!details.isEmpty()) {
        g.writeArrayFieldStart("details");
        for (GraphException.Detail detail : details) {
          g.writeStartObject();
          g.writeStringField("code", detail.code());
          g.writeStringField("message", detail.message());
          g.writeStringField("target", detail.target());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeObjectFieldStart("innerError");
      g.writeStringField("date", LocalDateTime.now(Clock.systemUTC()).format(DATE));
      g.writeStringField(RequestIds.REQUEST_ID, ids.requestId());
      g.writeStringField(RequestIds.CLIENT_REQUEST_ID, ids.clientRequestId());
      for (Map.Entry<String, JsonNode> field : inner.entrySet()) {
        g.writeFieldName(field.getKey());
        g.writeTree(field.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 404 -> "The requested resource does not exist.";
      case 405 -> "The HTTP method is not allowed on this resource.";
      case 413 -> "The request body is too large.";
      case 414 -> "The request URI is too long.";
      case 429 -> "Too many requests; retry after the time given in Retry-After.";
      case 431 -> "The request headers are too large.";
      default -> status >= 500 ? "An internal server error occurred." : "The request is invalid.";
    };
  }
}
