package graphaudit.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Cli;
import graphaudit.GraphAudit;
import graphaudit.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} and {@code export}: export then import into an empty store answers every GET the
 * same (10,000 events, both roots); a multi-page Graph response file imports once and again as a
 * no-op, a changed event is reported and kept; bad NDJSON records are named by line and nothing of
 * their batch is stored.
 */
@Tag("slow")
class TransferTest {

  private static final String EVENTS = "/deviceManagement/auditEvents";

  @TempDir
  Path dir;

  @Test
  void exportThenImportIntoAnEmptyStoreAnswersEveryGetTheSame() throws Exception {
    Path source = dir.resolve("source");
    Path copy = dir.resolve("copy");
    assertEquals(0, Cli.run("generate", "--events", "10000", "--seed", "3", "--data", source.toString()).exit());
    Path file = dir.resolve("events.ndjson");
    Cli.Run export = Cli.run("export", "--data", source.toString(), "--output", file.toString());
    assertEquals(0, export.exit(), export.err());
    assertTrue(export.err().contains("exported 10000 events"), export.err());
    Cli.Run imported = Cli.run("import", file.toString(), "--data", copy.toString());
    assertEquals(0, imported.exit(), imported.err());
    assertTrue(imported.out().contains("10000 stored"), imported.out());

    assertEquals(walk(source), walk(copy));
  }

  @Test
  void graphPagesImportOnceThenAsANoOpAndAChangedEventIsReportedAndKept() throws Exception {
    Path file = dir.resolve("saved.json");
    Files.writeString(file, page("e-1", "Device", "https://graph.microsoft.com/beta/x?$skiptoken=a")
        + "\n" + page("e-2", "Role", null) + page("e-3", "Role", null));
    Path data = dir.resolve("data");
    Cli.Run first = Cli.run("import", file.toString(), "--data", data.toString());
    assertTrue(first.out().contains("read 3 events") && first.out().contains("3 stored"), first.out());
    Cli.Run again = Cli.run("import", file.toString(), "--data", data.toString());
    assertTrue(again.out().contains("0 stored, 3 already stored"), again.out());

    Files.writeString(file, page("e-2", "Compliance", null));
    Cli.Run changed = Cli.run("import", file.toString(), "--data", data.toString());
    assertEquals(0, changed.exit());
    assertTrue(changed.err().contains("page 1 value[0] (line 1): event 'e-2' is stored with other content"),
        changed.err());
    try (Service service = new Service(data)) {
      assertEquals("Role", service.http.get("/beta" + EVENTS + "/e-2").json().get("category").asText());
      assertEquals("2016-12-31T23:59:51.6363086-08:00",
          service.http.get("/v1.0" + EVENTS + "/e-1").json().get("activityDateTime").asText());
    }
  }

  /** 2,500 events, two of them bad (lines 1500 and 1700, in the second batch of 1,000). */
  private Path twoBadRecords() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 2500; i++) {
      lines.append(i == 1500 ? "{\"id\":\"n-1500\",\"activityDateTime\":\"yesterday\"," + "\"correlationId\":\""
          + "52effe71-fe71-52ef-71fe-ef5271feef52\"}" : i == 1700 ? "{not json" : event("n-" + i, "Device"))
          .append('\n');
    }
    return Files.writeString(dir.resolve("events.ndjson"), lines);
  }

  private static void badRecordsNamed(Cli.Run run) {
    assertEquals(1, run.exit());
    assertTrue(run.err().contains("line 1500: ") && run.err().contains("activityDateTime"), run.err());
    assertTrue(run.err().contains("line 1700: not valid JSON"), run.err());
  }

  @Test
  void badRecordsAreNamedByLineAndSkippedTheRestStored() throws Exception {
    Path data = dir.resolve("data");
    Cli.Run run = Cli.run("import", twoBadRecords().toString(), "--data", data.toString());
    badRecordsNamed(run);
    assertTrue(run.out().contains("2498 stored") && run.out().contains("2 bad (skipped)"), run.out());
    try (Service service = new Service(data)) {
      assertEquals("2498", service.http.get("/beta" + EVENTS + "/$count").body());
      assertEquals(200, service.http.get("/beta" + EVENTS + "/n-1499").status());
      assertEquals(404, service.http.get("/beta" + EVENTS + "/n-1500").status());
    }
  }

  @Test
  void onBadBatchStoresNothingOfABadRecordsBatch() throws Exception {
    Path data = dir.resolve("data");
    Cli.Run run = Cli.run("import", twoBadRecords().toString(), "--on-bad", "batch", "--data", data.toString());
    badRecordsNamed(run);
    assertTrue(run.err().contains("nothing stored of line 1001 to line 2000"), run.err());
    try (Service service = new Service(data)) {
      assertEquals("1500", service.http.get("/beta" + EVENTS + "/$count").body());
      assertEquals(404, service.http.get("/beta" + EVENTS + "/n-1001").status());
    }
  }

  @Test
  void onBadAllStoresNothingAndDoesNotOpenTheStore() throws Exception {
    Path data = dir.resolve("data");
    Cli.Run run = Cli.run("import", twoBadRecords().toString(), "--on-bad", "all", "--data", data.toString());
    badRecordsNamed(run);
    assertEquals("stored nothing: 2 bad records (--on-bad all); fix them and import again", run.out());
    assertTrue(!Files.exists(data), "the store was not even opened");

    Files.writeString(dir.resolve("good.ndjson"), event("g-1", "Device") + "\n" + event("g-2", "Role") + "\n");
    Cli.Run good = Cli.run("import", dir.resolve("good.ndjson").toString(), "--on-bad", "all", "--data", data.toString());
    assertEquals(0, good.exit(), good.err());
    assertTrue(good.out().contains("2 stored"), good.out());
  }

  @Test
  void ndjsonReadAsGraphResponsesSaysSoOnceWithTheFormatToGive() throws Exception {
    Path file = dir.resolve("events.json"); // NDJSON under a name that reads as Graph responses
    Files.writeString(file, event("j-1", "Device") + "\n" + event("j-2", "Device") + "\n" + event("j-3", "Device") + "\n");
    Cli.Run run = Cli.run("import", file.toString(), "--data", dir.resolve("data").toString());
    assertEquals(1, run.exit());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().contains("this looks like NDJSON, one event a line; import it with --format ndjson"),
        run.err());
  }

  @Test
  void ndjsonLinesAreUtf8WithAnyLineEndAndLength() throws Exception {
    String wide = event("u-2", "Device").replaceFirst("\\{", "{" + " ".repeat(150_000)); // past the read buffer
    Path file = dir.resolve("events.ndjson");
    Files.write(file, (event("u-1", "Catégorie ✓ 監査") + "\r\n \t\r\n" + wide + "\n" + event("u-3", "Role"))
        .getBytes(StandardCharsets.UTF_8));
    Path data = dir.resolve("data");
    Cli.Run run = Cli.run("import", file.toString(), "--data", data.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("read 3 events") && run.out().contains("3 stored"), run.out());
    try (Service service = new Service(data)) {
      assertEquals("Catégorie ✓ 監査", service.http.get("/beta" + EVENTS + "/u-1").json().get("category").asText());
      assertEquals("Role", service.http.get("/v1.0" + EVENTS + "/u-3").json().get("category").asText());
    }
  }

  @Test
  void aLineOfInvalidUtf8IsABadRecordNotReplacedText() throws Exception {
    byte[] bad = event("v-2", "Device").replace("Device", "Dev??").getBytes(StandardCharsets.UTF_8);
    int mark = new String(bad, StandardCharsets.UTF_8).indexOf("??");
    bad[mark] = (byte) 0xff; // never part of UTF-8
    bad[mark + 1] = (byte) 0xfe;
    Path file = dir.resolve("events.ndjson");
    try (var out = Files.newOutputStream(file)) {
      out.write((event("v-1", "Device") + "\n").getBytes(StandardCharsets.UTF_8));
      out.write(bad);
      out.write('\n');
    }
    Path data = dir.resolve("data");
    Cli.Run run = Cli.run("import", file.toString(), "--data", data.toString());
    assertEquals(1, run.exit());
    assertTrue(run.err().contains("line 2: not valid JSON: Invalid UTF-8"), run.err());
    try (Service service = new Service(data)) {
      assertEquals("1", service.http.get("/beta" + EVENTS + "/$count").body(), "the good line only");
      assertEquals(404, service.http.get("/beta" + EVENTS + "/v-2").status());
    }
  }

  private static String page(String id, String category, String nextLink) {
    return "{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#deviceManagement/auditEvents\","
        + "\"value\":[" + event(id, category) + "]" + (nextLink == null ? "" : ",\"@odata.nextLink\":\"" + nextLink + "\"")
        + "}";
  }

  private static String event(String id, String category) {
    return "{\"@odata.type\":\"#microsoft.graph.auditEvent\",\"id\":\"" + id + "\",\"displayName\":\"d\","
        + "\"activityDateTime\":\"2016-12-31T23:59:51.6363086-08:00\",\"correlationId\":"
        + "\"52effe71-fe71-52ef-71fe-ef5271feef52\",\"actor\":{\"userPrincipalName\":\"a@b.c\","
        + "\"remoteTenantId\":\"r\"},\"category\":\"" + category + "\"}";
  }

  /** Every page of both roots' listing (values only: nextLinks name the port), and the count. */
  private static List<String> walk(Path data) throws Exception {
    List<String> out = new ArrayList<>();
    try (Service service = new Service(data)) {
      for (String root : List.of("/beta", "/v1.0")) {
        out.add(service.http.get(root + EVENTS + "/$count").body());
        String next = service.origin + root + EVENTS + "?$top=100000";
        while (next != null) {
          JsonNode page = service.http.send("GET", next.substring(service.origin.length()), null,
              "Prefer", "odata.maxpagesize=999").json();
          page.get("value").forEach(e -> out.add(e.toString()));
          next = page.hasNonNull("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
        }
      }
    }
    return out;
  }

  /** The service on a data directory, with a token of the default tenant. */
  private static final class Service implements AutoCloseable {
    final GraphAudit server;
    final String origin;
    final Http http;

    Service(Path data) throws Exception {
      server = GraphAudit.start(config -> config.http(http -> http.port(0)).store(store -> store.dataDir(data)));
      origin = "http://127.0.0.1:" + server.port();
      http = new Http(origin, Cli.run("token", "--data", data.toString(), "--create-key").out());
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }
}
