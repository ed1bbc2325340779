package graphaudit.internal.store.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Cli;
import graphaudit.Events;
import graphaudit.GraphAudit;
import graphaudit.Http;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk is a crash too. The data directory lives on a small tmpfs this test mounts (so it runs
 * as root, and is skipped otherwise); a ballast file leaves a few MB above the service's free-space
 * reserve. POSTs then fill it until they are refused with a Graph-shaped 507, every acknowledged event
 * stays readable, writes succeed again as soon as the ballast is deleted (no restart), and a restart
 * afterwards is clean.
 */
class DiskFullTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final long FS_MB = 96;
  /** Free space left above the service's 64 MB reserve: a few hundred events of ~12 KB. */
  private static final long HEADROOM_MB = 4;

  @TempDir
  Path temp;
  private Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", mount.toString());
    }
  }

  @Test
  void writesAreRefusedWith507WhenTheDiskFillsAndResumeWhenSpaceIsFreed() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root");
    mount = Files.createDirectory(temp.resolve("fs"));
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + FS_MB + "m", "tmpfs", mount.toString()) == 0,
        "mount -t tmpfs failed (no CAP_SYS_ADMIN in this container)");
    Path data = Files.createDirectory(mount.resolve("data"));
    String token = Cli.run("token", "--data", data.toString(), "--create-key").out();

    List<String> acknowledged = new ArrayList<>();
    try (GraphAudit server = start(data)) {
      Http http = new Http("http://127.0.0.1:" + server.port(), token);
      Path ballast = mount.resolve("ballast");
      fill(ballast, Files.getFileStore(mount).getUsableSpace() - ((64 + HEADROOM_MB) << 20));

      String large = "x".repeat(12_000);
      Http.Response refused = null;
      for (int i = 0; i < 5_000 && refused == null; i++) {
        Http.Response post = http.post(EVENTS, Events.minimal("Full" + i).replace("test event", large));
        if (post.status() == 201) {
          acknowledged.add(post.json().get("id").asText());
        } else {
          refused = post;
        }
      }
      assertTrue(refused != null, "5,000 POSTs never filled " + HEADROOM_MB + " MB");
      assertEquals(507, refused.status(), refused.body());
      JsonNode error = refused.json().get("error");
      assertEquals("InsufficientStorage", error.get("code").asText());
      assertTrue(error.get("message").asText().contains("out of space"), error.toString());
      assertTrue(error.get("innerError").has("request-id"), error.toString());
      assertTrue(acknowledged.size() > 10, "only " + acknowledged.size() + " events fitted");
      assertEquals(507, http.post(EVENTS, Events.minimal("StillFull")).status(), "refused while the disk is full");
      assertEquals(String.valueOf(acknowledged.size()), http.get(EVENTS + "/$count").body(), "nothing refused was stored");
      for (String id : acknowledged) {
        assertEquals(200, http.get(EVENTS + "/" + id).status(), id);
      }

      Files.delete(ballast);
      Http.Response resumed = http.post(EVENTS, Events.minimal("AfterSpaceFreed"));
      assertEquals(201, resumed.status(), "writes resume without a restart: " + resumed.body());
      acknowledged.add(resumed.json().get("id").asText());
    }
    try (GraphAudit restarted = start(data)) {
      Http http = new Http("http://127.0.0.1:" + restarted.port(), token);
      assertEquals(String.valueOf(acknowledged.size()), http.get(EVENTS + "/$count").body());
      assertEquals(200, http.get(EVENTS + "/" + acknowledged.get(0)).status());
    }
  }

  private static GraphAudit start(Path data) throws Exception {
    return GraphAudit.start(config -> config.http(http -> http.port(0)).store(store -> store.dataDir(data)));
  }

  private static void fill(Path file, long bytes) throws IOException {
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }

  private static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }
}
