package graphaudit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar serving as a child process, for the ITs that SIGKILL it; its output is drained
 * continuously (else a full pipe would stall the server), the last lines kept for messages.
 */
final class JarServer {

  private static final Pattern LISTENING = Pattern.compile("listening on http://([^\\s:]+):(\\d+)");
  private static final int KEPT_LINES = 200;

  private final Process process;
  private final CompletableFuture<String> origin = new CompletableFuture<>();
  private final Deque<String> log = new ArrayDeque<>();

  private JarServer(Process process) {
    this.process = process;
    Thread reader = new Thread(this::drain, "graph-audit-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java -jar graph-audit.jar args…} (stderr with stdout); returns without waiting. */
  static JarServer launch(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(BuiltJar.java(), "-jar", BuiltJar.jar()));
    command.addAll(List.of(args));
    return new JarServer(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private void drain() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        synchronized (log) {
          log.addLast(line);
          if (log.size() > KEPT_LINES) {
            log.removeFirst();
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          origin.complete("http://" + m.group(1) + ":" + m.group(2));
        }
      }
    } catch (IOException e) {
      // the process is gone; whatever it printed is in the log
    }
    origin.completeExceptionally(new IllegalStateException("server output ended before it was listening"));
  }

  /** Waits (bounded) for its "listening on" line; fails with its output if none comes. */
  void awaitListening(Duration timeout) throws InterruptedException {
    try {
      origin.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      String state = process.waitFor(5, TimeUnit.SECONDS) ? "exited with " + process.exitValue() : "still running";
      fail("server pid " + process.pid() + " did not start within " + timeout + " (" + state + "); its output:\n" + log());
    }
  }

  /** {@code http://host:port} from its "listening on" line (blocks until then). */
  String origin() {
    return origin.join();
  }

  Process process() {
    return process;
  }

  /** SIGKILL (no-op if gone) and wait, bounded, for the exit; returns its status. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      fail("server pid " + process.pid() + " still alive 30 s after SIGKILL");
    }
    return process.exitValue();
  }

  /** Its last lines of output. */
  String log() {
    synchronized (log) {
      return String.join("\n", log);
    }
  }
}
