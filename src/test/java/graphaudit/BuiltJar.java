package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The runnable jar the integration tests start as a child process, and the java that runs it. */
final class BuiltJar {

  private BuiltJar() {
  }

  /** {@code target/graph-audit.jar}, as the pom's failsafe configuration names it. */
  static String jar() {
    String jar = System.getProperty("graphaudit.jar");
    assertNotNull(jar, "system property graphaudit.jar (path of target/graph-audit.jar) is not set");
    assertTrue(Files.isRegularFile(Path.of(jar)), "no jar at " + jar);
    return jar;
  }

  /** The java of the JVM running the tests. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs a command of the jar to its end (bounded); fails unless it exits 0; returns its stdout. */
  static String run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "jar " + args[0] + " did not finish");
    assertEquals(0, process.exitValue(), "jar " + String.join(" ", args) + " failed: " + out);
    return out;
  }
}
