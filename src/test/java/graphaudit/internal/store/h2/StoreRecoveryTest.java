package graphaudit.internal.store.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Cli;
import graphaudit.GraphAudit;
import graphaudit.Http;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log is the record and the H2 file only its index: an index that is deleted, or damaged so
 * it no longer opens, is set aside and rebuilt from the log at the next start, every event answering as
 * before. A log damaged in acknowledged bytes is refused at start in one line naming the fix, and
 * {@code recover} rebuilds the store from every frame of the log that still reads back whole.
 */
class StoreRecoveryTest {

  /** generate writes frames of 5,000: three frames, the middle one damaged below. */
  private static final int EVENTS = 12_000;
  private static final String LIST = "/beta/deviceManagement/auditEvents";

  @TempDir
  Path temp;
  private Path data;
  private String token;
  private Map<String, JsonNode> before;

  @BeforeEach
  void generate() throws Exception {
    data = Files.createDirectory(temp.resolve("data"));
    Cli.Run generate = Cli.run("generate", "--events", String.valueOf(EVENTS), "--data", data.toString());
    assertEquals(0, generate.exit(), generate.err());
    token = Cli.run("token", "--data", data.toString(), "--create-key").out();
    before = listAll(data, token);
    assertEquals(EVENTS, before.size());
  }

  @Test
  void aDeletedIndexIsRebuiltFromTheLog() throws Exception {
    Files.delete(data.resolve("index.mv.db"));
    assertEquals(before, listAll(data, token));
  }

  @Test
  void anIndexThatNoLongerOpensIsSetAsideAndRebuilt() throws Exception {
    Path index = data.resolve("index.mv.db");
    long size = Files.size(index);
    try (FileChannel channel = FileChannel.open(index, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(8192), 0); // both copies of H2's file header
      channel.write(ByteBuffer.allocate(64 * 1024), size - 64 * 1024); // and its last chunk
    }
    assertEquals(before, listAll(data, token));
    try (Stream<Path> files = Files.list(data)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("index\\.damaged-.*\\.mv\\.db")),
          "the damaged index is kept aside");
    }
  }

  @Test
  void aDamagedLogIsRefusedAtStartAndRecoverKeepsWhatReadsBack() throws Exception {
    Path segment;
    try (Stream<Path> files = Files.list(data.resolve("log"))) {
      segment = files.filter(f -> f.toString().endsWith(".log")).findFirst().orElseThrow();
    }
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap("damage".getBytes()), Files.size(segment) / 2); // inside the middle frame
    }

    Cli.Run serve = assertTimeoutPreemptively(Duration.ofSeconds(120),
        () -> Cli.run("serve", "--port", "0", "--data", data.toString()), "the service started on a damaged store");
    assertEquals(1, serve.exit(), serve.err());
    String line = serve.err().trim();
    assertEquals(1, line.lines().count(), "one line, no stack trace: " + serve.err());
    assertTrue(line.contains("is damaged") && line.contains("graph-audit recover --data " + data), line);

    Cli.Run recover = Cli.run("recover", "--data", data.toString());
    assertEquals(0, recover.exit(), recover.err());
    assertTrue(recover.out().startsWith("rebuilt the store in " + data + " from its change log: 7000 events;"),
        recover.out());
    assertTrue(recover.out().contains("damaged bytes of the log could not be read"), recover.out());
    try (Stream<Path> files = Files.list(data)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("log.damaged-")), "the damaged log is kept");
    }
    Map<String, JsonNode> after = listAll(data, token);
    assertEquals(7000, after.size(), "the first and last frames of 5,000 and 2,000");
    for (Map.Entry<String, JsonNode> event : after.entrySet()) {
      assertEquals(before.get(event.getKey()), event.getValue(), "event " + event.getKey() + " as before the damage");
    }
  }

  /** Every event of the dev tenant in the store of {@code dataDir}, by id, as a server lists it. */
  private static Map<String, JsonNode> listAll(Path dataDir, String token) throws Exception {
    Map<String, JsonNode> events = new HashMap<>();
    try (GraphAudit server = GraphAudit.start(config -> config.http(http -> http.port(0)).store(store -> store.dataDir(dataDir)))) {
      Http http = new Http(server.origin(), token);
      String next = LIST;
      while (next != null) {
        Http.Response page = http.get(next, "Prefer", "odata.maxpagesize=999");
        assertEquals(200, page.status(), page.body());
        for (JsonNode event : page.json().get("value")) {
          events.put(event.get("id").asText(), event);
        }
        JsonNode link = page.json().get("@odata.nextLink");
        next = link == null ? null : link.asText().substring(server.origin().length());
      }
    }
    return events;
  }
}
