package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

/** The dev-mode admin request that switches throttling, faults and latency, as tests drive it. */
public final class Emulation {

  public static final String ADMIN = "/admin/emulation";

  private Emulation() {
  }

  /** Switches {@code setting} ("throttle", "faults" or "latency") to {@code spec}; returns the new state. */
  public static JsonNode set(TestServer server, String setting, String spec) {
    Http.Response response = server.http().send("PATCH", ADMIN, "{\"" + setting + "\":\"" + spec + "\"}",
        "Content-Type", "application/json");
    assertEquals(200, response.status(), response.body());
    return response.json();
  }

  public static JsonNode state(TestServer server) {
    Http.Response response = server.http().get(ADMIN);
    assertEquals(200, response.status(), response.body());
    return response.json();
  }
}
