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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An npm project of {@code src/test} (the OData client generators; the production code of the docs'
 * JavaScript example), installed with {@code npm ci} into {@code target/} once per lock file: later
 * runs reuse it. Needs Node.js and npm on the PATH (Debian's {@code nodejs} and {@code npm}).
 */
final class NodeProject {

  /** {@code src/test/generators}: OData client generators and the scripts that drive their clients. */
  static final NodeProject GENERATORS = new NodeProject("generators", "generator-clients");
  /** {@code src/test/production-code}: Azure Identity and the Graph JavaScript client, as a collector uses them. */
  static final NodeProject PRODUCTION_CODE = new NodeProject("production-code", "production-code-node");

  private final Path fixture;
  private final Path home;
  private final Path installedLock;

  private NodeProject(String fixture, String home) {
    this.fixture = Path.of("src", "test", fixture);
    this.home = Path.of("target", home).toAbsolutePath();
    this.installedLock = this.home.resolve("node_modules").resolve(".graph-audit.package-lock.json");
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
  synchronized Path installed() {
    try {
      Files.createDirectories(home);
      try (Stream<Path> files = Files.list(fixture)) {
        for (Path file : files.toList()) {
          Files.copy(file, home.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      byte[] lock = Files.readAllBytes(fixture.resolve("package-lock.json"));
      if (!Files.exists(installedLock) || !Arrays.equals(lock, Files.readAllBytes(installedLock))) {
        run(Map.of(), "npm", "ci", "--no-audit", "--no-fund");
        Files.write(installedLock, lock);
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command in the project's directory; fails the test with its output unless it exits 0. */
  String run(String... command) {
    return run(Map.of(), command);
  }

  /** The same, with these environment variables added. */
  String run(Map<String, String> environment, String... command) {
    Path log = home.resolve(command[command.length > 1 ? 1 : 0].replaceAll("[^A-Za-z0-9.-]", "_") + ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(home.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
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
