package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * docs/testing.md's embedding snippets compiled as written: the JUnit test class run by JUnit's own launcher
 * (its test must pass), and the facade block inside a method, without its final {@code join()} (which
 * would wait for ever) and with the data directory in a temporary one.
 */
class DocsEmbeddingTest {

  private static final String SECTION = "In your own tests: the library and its JUnit 5 extension";

  @Test
  void theExtensionSnippetRunsAsATestClass(@TempDir Path dir) throws Exception {
    List<String> snippets = DocBlocks.under(DocBlocks.page("testing.md"), SECTION, "java");
    assertEquals(2, snippets.size());
    Path sources = Files.createDirectories(dir.resolve("src"));
    Files.writeString(sources.resolve("CollectorTest.java"), snippets.get(0));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaSources.compile(classes, sources);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      SummaryGeneratingListener summary = new SummaryGeneratingListener();
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(loader.loadClass("CollectorTest"))).build(), summary);
      summary.getSummary().getFailures().forEach(f -> f.getException().printStackTrace());
      assertEquals(1, summary.getSummary().getTestsSucceededCount());
    }
  }

  @Test
  void theFacadeSnippetStartsAndStops(@TempDir Path dir) throws Exception {
    String block = DocBlocks.under(DocBlocks.page("testing.md"), SECTION, "java").get(1);
    String body = block.replace("graph.join();", "").replace("Path.of(\"audit-data\")", "Path.of(args[0])");
    Path sources = Files.createDirectories(dir.resolve("src"));
    Files.writeString(sources.resolve("FacadeSnippet.java"), """
        import graphaudit.GraphAudit;
        import graphaudit.GraphAuditConfig;
        import graphaudit.Token;
        import java.nio.file.Path;
        public class FacadeSnippet {
          public static void main(String[] args) throws Exception {
        %s
          }
        }
        """.formatted(body));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaSources.compile(classes, sources);
    JavaSources.run(classes, "FacadeSnippet", "main", new Class<?>[] {String[].class},
        (Object) new String[] {dir.resolve("data").toString()});
    assertEquals(true, Files.isDirectory(dir.resolve("data").resolve("log")), "it stored in that directory");
  }
}
