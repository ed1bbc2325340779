package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.models.AuditEvent;
import graphaudit.internal.emulation.EmulationConfig;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Graph Java SDK's default RetryHandler against throttling: the second write within a second is a
 * 429 with {@code Retry-After: 1}, the SDK waits that second and retries, and the retry succeeds. The
 * server's own counters show the three attempts and the one 429. (The real clock, since the SDK really
 * waits; one write a second keeps that wait short.)
 */
@Tag("slow")
class RetryHandlerTest {

  @RegisterExtension
  static final TestServer server = new TestServer().withHttps()
      .withEmulation("writes=1/1s", "off", Clock.systemUTC());

  @Test
  void theSdkRetriesAfterRetryAfterAndSucceeds() {
    var events = SdkClients.v1(server).deviceManagement().auditEvents();
    JsonNode before = Emulation.state(server);

    AuditEvent first = events.post(event("first"));
    AuditEvent second = events.post(event("second"));

    assertNotNull(first.getId());
    assertEquals("second", second.getDisplayName());
    JsonNode after = Emulation.state(server);
    assertEquals(3, after.get("requests").asLong() - before.get("requests").asLong(), "two writes, one retried");
    assertEquals(1, after.get("throttled").asLong() - before.get("throttled").asLong());
  }

  private static AuditEvent event(String displayName) {
    AuditEvent event = new AuditEvent();
    event.setDisplayName(displayName);
    event.setActivityDateTime(OffsetDateTime.parse("2024-01-09T10:00:00Z"));
    event.setCorrelationId(UUID.randomUUID());
    return event;
  }
}
