package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/testing.md's install command, run as written on a copy of the project (so that it does not
 * rebuild the target/ this suite runs from): it makes the library jar with its sources and javadoc
 * jars and compiles, runs or builds no test, integration test or invoker project. How long it takes is
 * a measurement (docs/benchmarks.md), not asserted here.
 */
class InstallCommandIT {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theInstallCommandBuildsTheArtifactsAndNoTest(@TempDir Path copy) throws Exception {
    List<String> blocks = DocBlocks.under(DocBlocks.page("testing.md"), "Install the library", "sh");
    assertEquals(1, blocks.size());
    copyProject(Path.of("").toAbsolutePath(), copy);

    Process install = new ProcessBuilder("bash", "-c", "set -eo pipefail\n" + blocks.get(0)).directory(copy.toFile())
        .redirectErrorStream(true).start();
    String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(install.waitFor(4, TimeUnit.MINUTES));
    assertEquals(0, install.exitValue(), output);

    String version = version(Files.readString(copy.resolve("pom.xml")));
    Path target = copy.resolve("target");
    for (String jar : List.of("", "-sources", "-javadoc")) {
      assertTrue(Files.isRegularFile(target.resolve("graph-audit-" + version + jar + ".jar")), jar + " jar missing");
    }
    assertFalse(Files.exists(target.resolve("test-classes")), "tests were compiled");
    assertFalse(Files.exists(target.resolve("surefire-reports")), "tests ran");
    assertFalse(Files.exists(target.resolve("failsafe-reports")), "integration tests ran");
    assertFalse(Files.exists(target.resolve("it")), "the invoker built src/it");
  }

  private static String version(String pom) {
    Matcher m = Pattern.compile("<artifactId>graph-audit</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertTrue(m.find());
    return m.group(1);
  }

  /** The project's sources and build files, without what builds and runs leave (target/, data/, .git). */
  private static void copyProject(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.filter(f -> {
        Path relative = from.relativize(f);
        String top = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
        return !top.equals("target") && !top.equals("data") && !top.startsWith(".git") && Files.isRegularFile(f);
      }).forEach(f -> {
        try {
          Path copied = to.resolve(from.relativize(f).toString());
          Files.createDirectories(copied.getParent());
          Files.copy(f, copied, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
