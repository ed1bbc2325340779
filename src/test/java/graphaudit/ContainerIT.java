package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image, built and run with Podman as docs/container.md says, its shell blocks run as
 * written: build (on a base made with debootstrap, without a registry, kept for later runs), run with a
 * named volume, a token minted through {@code exec}, a POST and a GET from the host; then writes
 * acknowledged from the host, the image's HEALTHCHECK, the dev-token button refused on the container's
 * non-loopback listener, SIGTERM ({@code stop}: a graceful exit, 143, within 15 s, the log ending
 * "stopped"), a start on the same volume with every acknowledged event there, a root-owned host
 * directory refused in one line, and removal. Names, the port and Podman's flags for this machine
 * (runc, cgroupfs) are the only changes. {@code -Dcontainer.skip} skips it; without podman it is skipped,
 * saying so. Prints the image's size and its start to the first 201.
 */
class ContainerIT {

  /**
   * The base the build uses here; made once by the docs' debootstrap block and kept across runs
   * ({@code -Dgraphaudit.container.base} names another, e.g. to try the making of one).
   */
  private static final String BASE = System.getProperty("graphaudit.container.base", "localhost/debian-jre17:local");
  private static final String PODMAN = "command podman --runtime runc --cgroup-manager=cgroupfs";
  private static final Path CONTAINER_PAGE = DocBlocks.page("container.md");

  private final String name = "ga-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newHttpClient();
  private int port;
  private Path containersConf;

  @TempDir
  Path scratch;

  @AfterEach
  void removeWhatWasMade() throws Exception {
    if (containersConf != null) {
      shell(PODMAN + " rm -f " + name + " " + name + "-bind; " + PODMAN + " volume rm -f " + name + "-data; "
          + PODMAN + " rmi -f " + name + " || true");
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void theImageServesStopsGracefullyAndKeepsItsVolume() throws Exception {
    assumeFalse(Boolean.getBoolean("graphaudit.container.skip"), "skipped by -Dcontainer.skip");
    assumeTrue(shell("command -v podman").exit() == 0,
        "podman is not installed (apt-get install podman runc; .ci/run installs them)");
    port = freePort();
    // podman's default ulimits cannot be applied on these machines (docs: ../shared/spec/containers-here.md)
    containersConf = Files.writeString(scratch.resolve("containers.conf"), "[containers]\ndefault_ulimits = []\n");

    if (shell(PODMAN + " image exists " + BASE).exit() != 0) {
      assumeTrue(shell("command -v debootstrap").exit() == 0 && "root".equals(System.getProperty("user.name")),
          "no base image " + BASE + " and no debootstrap run as root to make one (apt-get install debootstrap)");
      String base = docs("A base image without a registry").replace("/tmp/jre-root", scratch.resolve("jre-root").toString())
          .replace("localhost/debian-jre17:local", BASE);
      assertOk(run(base), "making the base image");
    }
    assertOk(run(docs("Build the image")), "building the image");
    String size = shell(PODMAN + " image inspect --format '{{.Size}}' " + name).out().trim();

    long started = System.nanoTime();
    assertOk(run(docs("Run it")), "running the container");
    String exchange = run(docs("Tokens and requests from the host")).out();
    double firstCreated = (System.nanoTime() - started) / 1e9;
    assertTrue(exchange.contains("\"displayName\":\"Wipe ManagedDevice\""), exchange);
    assertTrue(exchange.matches("(?s).*\"value\":\\[\\{.*\"category\":\"Device\".*"), exchange);

    String token = shell(PODMAN + " exec " + name + " java -jar /opt/graph-audit/graph-audit.jar token --data /data 2>/dev/null")
        .out().trim();
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> created = send(HttpRequest.newBuilder(events()).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"id\":\"c-" + i + "\",\"category\":\"Container\",\"activityDateTime\":\"2026-02-01T00:00:00Z\","
                  + "\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"}")));
      assertEquals(201, created.statusCode(), created.body());
      acknowledged.add("c-" + i);
    }
    assertEquals(0, shell(PODMAN + " healthcheck run " + name).exit(), "the image's HEALTHCHECK");
    HttpResponse<String> devToken = send(HttpRequest.newBuilder(URI.create(origin() + "/viewer/dev-token")));
    assertEquals(403, devToken.statusCode(), "the dev-token button is for loopback listeners: " + devToken.body());

    long stopping = System.nanoTime();
    assertEquals(0, shell(PODMAN + " stop -t 15 " + name).exit());
    double stopSeconds = (System.nanoTime() - stopping) / 1e9;
    assertTrue(stopSeconds < 15, "stopped after " + stopSeconds + " s");
    assertEquals("143", shell(PODMAN + " inspect --format '{{.State.ExitCode}}' " + name).out().trim(),
        "SIGTERM ended the JVM (137 would be the SIGKILL after 15 s)");
    // the service's own lines (podman may add its complaints about systemd timers, "level=error …")
    List<String> log = shell(PODMAN + " logs " + name).out().lines().filter(l -> !l.contains("level=")).toList();
    assertTrue(log.get(log.size() - 1).endsWith("ServeCommand - stopped"), "a graceful stop's last line:\n" + log);

    assertOk(run(docsBlocks("Stop, start again, remove").get(0)), "stop and start on the same volume");
    waitForHealth();
    String count = send(HttpRequest.newBuilder(URI.create(events() + "/$count?$filter=category%20eq%20'Container'"))
        .header("Authorization", "Bearer " + token)).body();
    assertEquals(String.valueOf(acknowledged.size()), count, "every acknowledged event after the restart");
    assertTrue(shell(PODMAN + " logs " + name).out().contains("listening on http://0.0.0.0:8080"));

    Path hostDirectory = Files.createDirectories(scratch.resolve("root-owned"));
    Shell refused = shell(PODMAN + " run --name " + name + "-bind -v " + hostDirectory + ":/data " + name);
    assertTrue(refused.out().contains("The data directory /data is not writable by user graphaudit"), refused.out());
    assertEquals(1, refused.exit(), refused.out());

    assertOk(run(docsBlocks("Stop, start again, remove").get(1)), "removing the container and its volume");
    System.out.printf(Locale.ROOT, "container: image %.0f MB; run to the first 201 %.1f s (token via exec "
        + "included); stop %.1f s%n", Long.parseLong(size) / 1e6, firstCreated, stopSeconds);
  }

  /** The shell blocks of a section of docs/container.md, as one script. */
  private static String docs(String heading) {
    return String.join("", DocBlocks.under(CONTAINER_PAGE, heading, "sh"));
  }

  private static List<String> docsBlocks(String heading) {
    return DocBlocks.under(CONTAINER_PAGE, heading, "sh");
  }

  /**
   * A documented block with this test's names and port, and podman adapted to this machine: runc and
   * cgroupfs, and the local base for a build.
   */
  private Shell run(String block) throws Exception {
    Matcher names = Pattern.compile("(?<![\\w/.-])graph-audit(-data)?(?![\\w/.-])").matcher(block);
    String renamed = names.replaceAll(name + "$1").replace("127.0.0.1:8080", "127.0.0.1:" + port);
    return shell("podman() { if [ \"$1\" = build ]; then shift; set -- build --build-arg BASE=" + BASE + " \"$@\"; fi; "
        + PODMAN + " \"$@\"; }\nset -eo pipefail\n" + renamed);
  }

  private static void assertOk(Shell shell, String what) {
    assertEquals(0, shell.exit(), what + ":\n" + shell.out());
  }

  private void waitForHealth() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      try {
        if (send(HttpRequest.newBuilder(URI.create(origin() + "/health"))).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100); // polling for the service, not waiting for time to pass
    }
    throw new AssertionError("no /health within 2 minutes:\n" + shell(PODMAN + " logs " + name).out());
  }

  private String origin() {
    return "http://127.0.0.1:" + port;
  }

  private URI events() {
    return URI.create(origin() + "/v1.0/deviceManagement/auditEvents");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What a shell script printed (both streams) and its exit status. */
  private record Shell(int exit, String out) {
  }

  /** Runs a bash script in the project directory, with the containers.conf this machine needs. */
  private Shell shell(String script) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
    if (containersConf != null) {
      builder.environment().put("CONTAINERS_CONF", containersConf.toString());
    }
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(10, TimeUnit.MINUTES), script);
    return new Shell(process.exitValue(), out);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
