package graphaudit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
