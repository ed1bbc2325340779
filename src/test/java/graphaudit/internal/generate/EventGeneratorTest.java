package graphaudit.internal.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.AuditEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The generator's promises: reproducible, in time order inside the window, ordered unique ids. */
class EventGeneratorTest {

  private static final Instant FROM = Instant.parse("2016-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2016-01-02T00:00:00Z");

  private static List<AuditEvent> generate(long seed, int count) {
    EventGenerator generator = new EventGenerator(seed, FROM, TO, count);
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(generator.next());
    }
    return events;
  }

  @Test
  void sameSeedSameEventsOtherSeedOtherEvents() {
    assertEquals(generate(3, 200).stream().map(AuditEvent::properties).toList(),
        generate(3, 200).stream().map(AuditEvent::properties).toList());
    assertTrue(!generate(3, 1).get(0).properties().equals(generate(4, 1).get(0).properties()));
  }

  @Test
  void eventsAreInTimeOrderWithinTheWindowAndIdsFollowTime() {
    List<AuditEvent> events = generate(5, 5000);
    Instant previousTime = FROM;
    String previousId = "";
    Set<String> ids = new HashSet<>();
    for (AuditEvent e : events) {
      Instant time = OffsetDateTime.parse((String) e.get("activityDateTime")).toInstant();
      assertTrue(!time.isBefore(previousTime) && time.isBefore(TO), time + " after " + previousTime);
      assertTrue(e.id().compareTo(previousId) > 0 || time.toEpochMilli() == previousTime.toEpochMilli(),
          "ids follow time across milliseconds");
      assertEquals(7, UUID.fromString(e.id()).version());
      assertTrue(ids.add(e.id()));
      previousTime = time;
      previousId = e.id();
    }
    // spread over the whole window, not bunched at its start
    Instant last = OffsetDateTime.parse((String) events.get(events.size() - 1).get("activityDateTime")).toInstant();
    assertTrue(last.isAfter(TO.minusSeconds(60)), "last event at " + last);
  }

  @Test
  @SuppressWarnings("unchecked")
  void resourcesRecurAcrossEvents() {
    Map<String, Integer> seen = new java.util.HashMap<>();
    for (AuditEvent e : generate(9, 3000)) {
      for (Object r : (List<Object>) e.get("resources")) {
        seen.merge((String) ((Map<String, Object>) r).get("resourceId"), 1, Integer::sum);
      }
    }
    assertTrue(seen.values().stream().anyMatch(n -> n > 1), "some resource appears in several events");
  }
}
