package graphaudit.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Cli;
import graphaudit.GraphAudit;
import graphaudit.Http;
import graphaudit.TestServer;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.generate.EventGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graph-audit generate}: every event of the seed's sequence lands in the tenant, across several
 * batches (the generator renders on its own thread), and a load that collides with stored ids
 * fails without changing what is stored. Without a window the events fall in the 90 days before the
 * clock's now, so date-window queries and {@code --retention-days 365} keep them.
 */
@Tag("slow")
class GenerateCommandTest {

  private static final String TENANT = "6b0f6b0f-1111-4111-8111-6b0f6b0f6b0f";
  private static final int EVENTS = 12_345; // two full batches of 5,000 and a partial one

  @TempDir
  Path data;

  @Test
  void writesTheSeedsEventsIntoTheTenantAndAgainWithTheSameSeedIsRefused() throws Exception {
    String[] generate = {"generate", "--events", String.valueOf(EVENTS), "--seed", "7", "--tenant", TENANT,
        "--from", TestServer.GENERATED_FROM.toString(), "--to", TestServer.GENERATED_TO.toString(),
        "--data", data.toString()};
    Cli.Run first = Cli.run(generate);
    assertEquals(0, first.exit(), first.out());
    assertTrue(first.out().contains("generated " + EVENTS + " events"), first.out());
    // not a terminal: a line per tenth reached (here per batch), no carriage-return bar
    assertTrue(first.err().contains("10000/" + EVENTS + " events (81%)"), first.err());
    assertTrue(first.err().contains(EVENTS + "/" + EVENTS + " events (100%)"), first.err());
    assertTrue(first.err().indexOf('\r') < 0, first.err());

    Cli.Run again = Cli.run(generate);
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("already holds events with these ids"), again.err());

    try (GraphAudit service = GraphAudit.start(config -> config.http(http -> http.port(0)).store(store -> store.dataDir(data)))) {
      Http tenant = new Http("http://127.0.0.1:" + service.port(), token("--tenant", TENANT));
      assertEquals(String.valueOf(EVENTS), tenant.get("/beta/deviceManagement/auditEvents/$count").body());

      List<String> expected = new ArrayList<>();
      EventGenerator generator = new EventGenerator(7, TestServer.GENERATED_FROM, TestServer.GENERATED_TO, EVENTS);
      for (int i = 0; i < EVENTS; i++) {
        String id = (String) generator.next().get("id");
        if (i < 3 || i >= EVENTS - 3) {
          expected.add(id);
        }
      }
      List<String> stored = new ArrayList<>();
      stored.addAll(ids(tenant.get("/beta/deviceManagement/auditEvents?$orderby=activityDateTime&$top=3").json()));
      List<String> last = ids(tenant.get("/beta/deviceManagement/auditEvents?$orderby=activityDateTime%20desc&$top=3")
          .json());
      Collections.reverse(last);
      stored.addAll(last);
      assertEquals(expected, stored);

      Http dev = new Http("http://127.0.0.1:" + service.port(), token("--tenant", Tenants.DEV));
      assertEquals("0", dev.get("/beta/deviceManagement/auditEvents/$count").body());
    }
  }

  @Test
  void datesEventsOverTheLast90DaysByDefault() throws Exception {
    Instant now = Instant.parse("2031-03-01T12:00:00Z");
    Cli.Run run = Cli.runAt(Clock.fixed(now, ZoneOffset.UTC), "generate", "--events", "500", "--data", data.toString());
    assertEquals(0, run.exit(), run.err());
    try (GraphAudit service = GraphAudit.start(config -> config.http(http -> http.port(0)).store(store -> store.dataDir(data)))) {
      Http dev = new Http("http://127.0.0.1:" + service.port(), token());
      String events = "/beta/deviceManagement/auditEvents?$top=1&$select=activityDateTime&$orderby=activityDateTime";
      Instant first = Instant.parse(dev.get(events).json().get("value").get(0).get("activityDateTime").asText());
      Instant last = Instant.parse(dev.get(events + "%20desc").json().get("value").get(0).get("activityDateTime").asText());
      assertTrue(!first.isBefore(now.minus(Duration.ofDays(90))) && first.isBefore(now.minus(Duration.ofDays(89))),
          "the first event opens the 90 days: " + first);
      assertTrue(last.isBefore(now) && last.isAfter(now.minus(Duration.ofDays(1))), "the last one is just before now: " + last);
    }
  }

  @Test
  void aWindowThatEndsBeforeItBeginsIsOneLine() {
    Cli.Run run = Cli.run("generate", "--events", "5", "--from", "2020-01-02T00:00:00Z", "--to", "2020-01-01T00:00:00Z",
        "--data", data.toString());
    assertEquals(2, run.exit());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains("--from (2020-01-02T00:00:00Z) must be before --to (2020-01-01T00:00:00Z)"), run.err());
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("value").forEach(e -> ids.add(e.get("id").asText()));
    return ids;
  }

  private String token(String... args) {
    List<String> all = new ArrayList<>(List.of("token", "--data", data.toString()));
    all.addAll(List.of(args));
    Cli.Run run = Cli.run(all.toArray(String[]::new));
    assertEquals(0, run.exit(), run.out());
    return run.out();
  }

}
