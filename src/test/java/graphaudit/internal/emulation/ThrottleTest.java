package graphaudit.internal.emulation;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Events;
import graphaudit.Http;
import graphaudit.TestClock;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.auth.Permissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --throttle graph}: Graph's Intune auditing limits in sliding 20-second windows, per app per
 * tenant and per tenant, on a clock the test moves (no sleeping). Each test uses its own tenant, so
 * their windows do not meet.
 */
class ThrottleTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

  @RegisterExtension
  static final TestServer server = new TestServer().withEmulation("graph", "off", CLOCK);

  @Test
  void theHundredAndFirstWriteOfAnAppIs429UntilItsWindowFrees() {
    Http app = client(UUID.randomUUID().toString(), "app-a");
    writes(app, 100, "POST");

    Http.Response throttled = app.post(EVENTS, Events.minimal("over"));
    assertGraphError(throttled, 429, "TooManyRequests");
    assertEquals("20", throttled.header("Retry-After"));
    assertEquals(200, app.get(EVENTS + "?$top=1").status(), "reads have their own, larger limit");

    CLOCK.advance(Duration.ofMillis(5_500));
    assertEquals("15", app.post(EVENTS, Events.minimal("over")).header("Retry-After"), "whole seconds, rounded up");
    CLOCK.advance(Duration.ofMillis(14_500));
    assertEquals(201, app.post(EVENTS, Events.minimal("again")).status(), "the window has moved on");
  }

  @Test
  void tenantAndAppWindowsAreCountedSeparately() {
    String tenant = UUID.randomUUID().toString();
    Http appA = client(tenant, "app-a");
    Http appB = client(tenant, "app-b");
    writes(appA, 100, "DELETE");
    assertEquals(429, appA.delete(EVENTS + "/x").status(), "app A's own window is full");
    writes(appB, 100, "DELETE"); // app B has its own window; the tenant now holds 200 writes

    Http.Response tenantFull = client(tenant, "app-c").delete(EVENTS + "/x");
    assertGraphError(tenantFull, 429, "TooManyRequests");
    assertTrue(tenantFull.json().get("error").get("message").asText().contains("per tenant"));
    assertEquals(404, client(UUID.randomUUID().toString(), "app-a").delete(EVENTS + "/x").status(),
        "another tenant's windows are empty");
  }

  @Test
  void aThrottledBatchRequestGetsItsOwn429() {
    Http app = client(UUID.randomUUID().toString(), "app-a");
    writes(app, 95, "DELETE");
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      requests.add("{\"id\":" + i + ",\"method\":\"POST\",\"url\":\"deviceManagement/auditEvents\",\"body\":"
          + Events.minimal("batched") + "}");
    }
    Http.Response response = app.post("/beta/$batch", "{\"requests\":[" + String.join(",", requests) + "]}");

    assertEquals(200, response.status(), response.body());
    JsonNode responses = response.json().get("responses");
    for (int i = 0; i < 10; i++) {
      JsonNode item = responses.get(i);
      assertEquals(i < 5 ? 201 : 429, item.get("status").asInt(), item.toString());
      if (i >= 5) {
        assertEquals("20", item.get("headers").get("Retry-After").asText());
        assertEquals("TooManyRequests", item.get("body").get("error").get("code").asText());
      }
    }
  }

  private static Http client(String tenant, String appId) {
    return server.http().withToken(server.mint(new Token(tenant, Token.Kind.APPLICATION,
        List.of(Permissions.READ_WRITE), null, appId, Duration.ofHours(1))));
  }

  /** {@code count} writes in batches of 20; every one admitted (a DELETE of nothing is a 404). */
  private static void writes(Http client, int count, String method) {
    for (int done = 0; done < count; ) {
      List<String> requests = new ArrayList<>();
      for (int i = 0; i < 20 && done < count; i++, done++) {
        requests.add(method.equals("POST")
            ? "{\"id\":" + i + ",\"method\":\"POST\",\"url\":\"deviceManagement/auditEvents\",\"body\":" + Events.minimal("w") + "}"
            : "{\"id\":" + i + ",\"method\":\"DELETE\",\"url\":\"deviceManagement/auditEvents/none-" + i + "\"}");
      }
      Http.Response response = client.post("/beta/$batch", "{\"requests\":[" + String.join(",", requests) + "]}");
      for (JsonNode item : response.json().get("responses")) {
        assertEquals(method.equals("POST") ? 201 : 404, item.get("status").asInt(), item.toString());
      }
    }
  }
}
