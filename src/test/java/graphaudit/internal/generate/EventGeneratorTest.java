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

  /**
   * The pool the generator promises: a resource id always names the same resource (type and name),
   * each type draws from at most 500 of them, so across events the same ones recur; and not from a
   * degenerate few.
   */
  @Test
  @SuppressWarnings("unchecked")
  void resourcesComeFromAPoolOf500PerTypeAndKeepTheirIdentity() {
    Map<String, List<Object>> resourceById = new java.util.HashMap<>();
    Map<Object, Set<String>> idsByType = new java.util.HashMap<>();
    int references = 0;
    for (AuditEvent e : generate(9, 3000)) {
      for (Object resource : (List<Object>) e.get("resources")) {
        Map<String, Object> r = (Map<String, Object>) resource;
        String id = UUID.fromString((String) r.get("resourceId")).toString();
        List<Object> identity = List.of(r.get("type"), r.get("displayName"));
        List<Object> earlier = resourceById.putIfAbsent(id, identity);
        assertTrue(earlier == null || earlier.equals(identity), id + " names " + earlier + " and " + identity);
        idsByType.computeIfAbsent(r.get("type"), t -> new HashSet<>()).add(id);
        references++;
      }
    }
    for (Map.Entry<Object, Set<String>> type : idsByType.entrySet()) {
      int distinct = type.getValue().size();
      assertTrue(distinct <= 500 && distinct >= 200, type.getKey() + ": " + distinct + " distinct resources");
    }
    assertTrue(references > resourceById.size() * 3 / 2, references + " references to " + resourceById.size()
        + " resources: they recur");
  }
}
