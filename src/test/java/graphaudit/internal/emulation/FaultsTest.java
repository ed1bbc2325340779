package graphaudit.internal.emulation;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.Emulation;
import graphaudit.Events;
import graphaudit.Http;
import graphaudit.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --faults}: a seeded share of requests answered 429, 503 or 504 in Graph's shape, the same ones
 * for the same seed, and a faulted write leaves the store as it was.
 */
class FaultsTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String SPEC = "rate=0.4,statuses=429+503+504,seed=7";

  @RegisterExtension
  static final TestServer server = new TestServer();

  @AfterEach
  void faultsOff() {
    Emulation.set(server, "faults", "off");
  }

  @Test
  void theSameSeedGivesTheSameFaults() {
    Emulation.set(server, "faults", SPEC);
    List<Integer> first = statuses(40);
    Emulation.set(server, "faults", SPEC); // the seed starts over
    List<Integer> second = statuses(40);

    assertEquals(first, second);
    assertTrue(first.contains(200) && first.stream().anyMatch(s -> s >= 429), first.toString());
    assertTrue(Set.of(200, 429, 503, 504).containsAll(first), first.toString());
  }

  @Test
  void faultsAreGraphShapedWithRetryAfterOn429And503() {
    Emulation.set(server, "faults", "rate=1,statuses=429+503+504,seed=1");
    Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < 30; i++) {
      Http.Response response = server.http().get(EVENTS);
      int status = response.status();
      seen.add(status);
      assertGraphError(response, status, switch (status) {
        case 429 -> "TooManyRequests";
        case 503 -> "ServiceUnavailable";
        default -> "GatewayTimeout";
      });
      if (status == 504) {
        assertNull(response.header("Retry-After"));
      } else {
        assertEquals("1", response.header("Retry-After"));
      }
    }
    assertEquals(Set.of(429, 503, 504), seen);
  }

  @Test
  void aFaultedWriteStoresNothing() {
    Emulation.set(server, "faults", "rate=0.5,statuses=503,seed=11");
    List<String> stored = new ArrayList<>();
    List<String> faulted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String id = "fault-" + UUID.randomUUID();
      int status = server.http().post(EVENTS, Events.withId(id)).status();
      (status == 201 ? stored : faulted).add(id);
      assertTrue(status == 201 || status == 503, "status " + status);
    }
    Emulation.set(server, "faults", "off");

    assertTrue(!stored.isEmpty() && !faulted.isEmpty(), stored.size() + " stored, " + faulted.size() + " faulted");
    stored.forEach(id -> assertEquals(200, server.http().get(EVENTS + "/" + id).status(), id));
    faulted.forEach(id -> assertEquals(404, server.http().get(EVENTS + "/" + id).status(), id));
  }

  private static List<Integer> statuses(int count) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(server.http().get(EVENTS + "?$top=1").status());
    }
    return statuses;
  }
}
