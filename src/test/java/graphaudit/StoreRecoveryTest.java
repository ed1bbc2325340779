package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store damaged on purpose (32 KB in the middle of the file overwritten with zeros, in a data
 * directory left as a crash or a copy taken in use leaves it): the service refuses to start with one
 * line naming the fix, {@code recover} salvages what H2's recovery tool can read into a fresh store,
 * and every salvaged event answers exactly as it did before the damage.
 */
class StoreRecoveryTest {

  private static final int EVENTS = 3_000;
  private static final String LIST = "/beta/deviceManagement/auditEvents";

  @TempDir
  Path temp;

  @Test
  void aDamagedStoreIsRefusedAtStartAndItsReadableEventsAreRecovered() throws Exception {
    Path data = Files.createDirectory(temp.resolve("data"));
    Path pristine = Files.createDirectory(temp.resolve("pristine"));
    Cli.Run generate = Cli.run("generate", "--events", String.valueOf(EVENTS), "--data", data.toString());
    assertEquals(0, generate.exit(), generate.err());
    String token = Cli.run("token", "--data", data.toString(), "--create-key").out();
    copy(data, pristine);

    Path file = data.resolve("graph-audit.mv.db");
    long size = Files.size(file);
    Files.writeString(data.resolve("graph-audit.in-use"), "as a crash leaves it\n");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(32 * 1024), size / 2 / 4096 * 4096);
    }

    Cli.Run serve = assertTimeoutPreemptively(Duration.ofSeconds(120),
        () -> Cli.run("serve", "--port", "0", "--data", data.toString()), "the service started on a damaged store");
    assertEquals(1, serve.exit(), serve.err());
    String line = serve.err().trim();
    assertEquals(1, line.lines().count(), "one line, no stack trace: " + serve.err());
    assertTrue(line.contains("is damaged") && line.contains("graph-audit recover --data " + data), line);

    Cli.Run recover = Cli.run("recover", "--data", data.toString());
    assertEquals(0, recover.exit(), recover.err());
    assertTrue(recover.out().matches("recovered \\d+ events of 1 tenants into a fresh store in .*"), recover.out());
    long recovered = Long.parseLong(recover.out().split(" ")[1]);
    try (Stream<Path> files = Files.list(data)) {
      Path kept = files.filter(f -> f.getFileName().toString().startsWith("graph-audit.damaged-")).findFirst().orElseThrow();
      assertTrue(Files.size(kept) >= size, "the damaged file is kept (as the refused start left it)");
    }

    Map<String, JsonNode> after = listAll(data, token);
    Map<String, JsonNode> before = listAll(pristine, token);
    assertEquals(recovered, after.size());
    assertTrue(recovered >= EVENTS * 8 / 10, "most events are salvaged: " + recovered + " of " + EVENTS);
    for (Map.Entry<String, JsonNode> event : after.entrySet()) {
      assertEquals(before.get(event.getKey()), event.getValue(), "event " + event.getKey() + " as before the damage");
    }
  }

  /** Every event of the dev tenant in the store of {@code dataDir}, by id, as a server lists it. */
  private static Map<String, JsonNode> listAll(Path dataDir, String token) throws Exception {
    Map<String, JsonNode> events = new HashMap<>();
    try (GraphAudit server = GraphAudit.start(config -> config.http(http -> http.port(0)).store(store -> store.dataDir(dataDir)))) {
      Http http = new Http("http://127.0.0.1:" + server.port(), token);
      String origin = "http://127.0.0.1:" + server.port();
      String next = LIST;
      while (next != null) {
        Http.Response page = http.get(next, "Prefer", "odata.maxpagesize=999");
        assertEquals(200, page.status(), page.body());
        for (JsonNode event : page.json().get("value")) {
          events.put(event.get("id").asText(), event);
        }
        JsonNode link = page.json().get("@odata.nextLink");
        next = link == null ? null : link.asText().substring(origin.length());
      }
    }
    return events;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
