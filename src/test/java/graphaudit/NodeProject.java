package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The npm project of {@code src/test/generators} (OData client generators and the scripts that drive
 * their clients), installed with {@code npm ci} into {@code target/generator-clients} once per lock
 * file: later runs reuse it. Needs Node.js and npm on the PATH (Debian's {@code nodejs} and {@code npm}).
 */
final class NodeProject {

  private static final Path FIXTURE = Path.of("src", "test", "generators");
  private static final Path HOME = Path.of("target", "generator-clients").toAbsolutePath();
  private static final Path INSTALLED_LOCK = HOME.resolve("node_modules").resolve(".graph-audit.package-lock.json");

  private NodeProject() {
  }

  /** Whether {@code node} and {@code npm} run: a test that needs them assumes it, and is skipped saying why. */
  static boolean toolsInstalled() {
    for (String tool : new String[] {"node", "npm"}) {
      try {
        Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
          return false;
        }
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** The project's directory, its dependencies installed and its scripts current. */
  static synchronized Path installed() {
    try {
      Files.createDirectories(HOME);
      try (Stream<Path> files = Files.list(FIXTURE)) {
        for (Path file : files.toList()) {
          Files.copy(file, HOME.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      byte[] lock = Files.readAllBytes(FIXTURE.resolve("package-lock.json"));
      if (!Files.exists(INSTALLED_LOCK) || !Arrays.equals(lock, Files.readAllBytes(INSTALLED_LOCK))) {
        run("npm", "ci", "--no-audit", "--no-fund");
        Files.write(INSTALLED_LOCK, lock);
      }
      return HOME;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command in the project's directory; fails the test with its output unless it exits 0. */
  static String run(String... command) {
    Path log = HOME.resolve(command[command.length > 1 ? 1 : 0].replaceAll("[^A-Za-z0-9.-]", "_") + ".log");
    try {
      Process process = new ProcessBuilder(List.of(command)).directory(HOME.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean finished = process.waitFor(5, TimeUnit.MINUTES);
      if (!finished) {
        process.destroyForcibly();
      }
      String output = Files.readString(log);
      assertTrue(finished, String.join(" ", command) + " did not finish in 5 minutes:\n" + output);
      assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command[0] + " (are Node.js and npm installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
