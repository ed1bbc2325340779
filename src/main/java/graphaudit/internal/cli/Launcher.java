package graphaudit.internal.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the user started this program, to print commands they can paste: {@code java -jar target/graph-audit.jar}. */
final class Launcher {

  private Launcher() {
  }

  static String command() {
    try {
      Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(jar)) {
        return "graph-audit"; // classes, not a jar: run from an IDE or the tests
      }
      Path here = Path.of("").toAbsolutePath();
      return "java -jar " + (jar.startsWith(here) ? here.relativize(jar) : jar);
    } catch (URISyntaxException | SecurityException e) {
      return "graph-audit";
    }
  }
}
