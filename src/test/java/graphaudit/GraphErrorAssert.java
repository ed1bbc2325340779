package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/** The one check every error response must pass: Graph's body, the right status and code. */
public final class GraphErrorAssert {

  private GraphErrorAssert() {
  }

  /** Asserts status and Graph's shape; returns the error message for further checks. */
  public static String assertGraphError(Http.Response response, int status, String code) {
    assertEquals(status, response.status(), response.body());
    assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
    JsonNode error = response.json().get("error");
    assertEquals(code, error.get("code").asText(), response.body());
    assertFalse(error.get("message").asText().isBlank(), response.body());
    JsonNode inner = error.get("innerError");
    assertTrue(inner.get("date").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"), response.body());
    assertEquals(response.header("request-id"), inner.get("request-id").asText());
    assertEquals(response.header("client-request-id"), inner.get("client-request-id").asText());
    return error.get("message").asText();
  }
}
