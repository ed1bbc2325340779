package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and docs/ as a whole: every shell block is run by a named test (or says why not), every
 * Java snippet compiles, every page is reachable from the README's table of contents and every link
 * between pages lands, and the README stays short.
 */
class DocsBlocksTest {

  /**
   * Each section with shell blocks, how many it has and what runs them. A new block fails
   * {@link #everyShellBlockIsWalked} until it is walked by a test and listed here.
   */
  private static final Map<String, String> SHELL_BLOCKS = new TreeMap<>(Map.ofEntries(
      Map.entry("README.md#Two commands#2", "DocsShellIT (the run command); the test command is what runs this test"),
      Map.entry("README.md#A 5-minute tour#4", "DocsShellIT"),
      Map.entry("docs/getting-started.md#Quick start#2", "DocsShellIT"),
      Map.entry("docs/getting-started.md#A session with curl (Microsoft's own example)#2", "DocsShellIT"),
      Map.entry("docs/getting-started.md#Sample data#1", "DocsShellIT"),
      Map.entry("docs/authentication.md#HTTPS#1", "DocsShellIT"),
      Map.entry("docs/batch-throttling-faults.md#Batching: `POST /{root}/$batch`#1", "DocsShellIT"),
      Map.entry("docs/batch-throttling-faults.md#Throttling and faults (emulated, off by default)#2", "DocsShellIT"),
      Map.entry("docs/querying.md#Querying#1", "DocsShellIT"),
      Map.entry("docs/viewer-metrics-logs.md#The chart's counts: `GET /viewer/histogram`#1", "DocsShellIT"),
      Map.entry("docs/testing.md#Resetting and seeding (dev mode)#2", "DocsShellIT"),
      Map.entry("docs/import-export-retention.md#Import and export#1", "DocsShellIT"),
      Map.entry("docs/production-code.md#Start the service and register an app#1", "DocsShellIT"),
      Map.entry("docs/production-code.md#Graph's latency#1", "DocsShellIT"),
      Map.entry("docs/production-code.md#Your own tenant's events#1",
          "not run: needs a real tenant's app; ImportFromGraphTest pulls the same way from a second graph-audit"),
      Map.entry("docs/testing.md#Install the library#1", "InstallCommandIT"),
      Map.entry("docs/container.md#Build the image#1", "ContainerIT"),
      Map.entry("docs/container.md#A base image without a registry#1", "ContainerIT, when the base is not made yet"),
      Map.entry("docs/container.md#Run it#1", "ContainerIT"),
      Map.entry("docs/container.md#Tokens and requests from the host#1", "ContainerIT"),
      Map.entry("docs/container.md#Stop, start again, remove#2", "ContainerIT"),
      Map.entry("docs/internals.md#The test suite#1", "the test command itself (README, Two commands)"),
      Map.entry("docs/storage.md#What is guaranteed#1", "DocsShellIT (recover on the walk's store)"),
      Map.entry("docs/storage.md#Compaction#1", "DocsShellIT"),
      Map.entry("docs/storage.md#The kill test#1", "not run: CrashLoopIT's long form, 200 kills (~40 min); the suite runs 25"),
      Map.entry("docs/benchmarks.md#Requests: the wrk kit beside a bare Jetty#2",
          "not run: benchmarks (minutes of load, wrk); bench/bench.sh is their script"),
      Map.entry("docs/benchmarks.md#The store at 1,000,000 events#3",
          "not run: benchmarks (an hour for two builds at a million events; StoreCandidates minutes each;"
          + " a million generated events before the restarts)"),
      Map.entry("docs/benchmarks.md#PostgreSQL import#1", "not run: a benchmark (a million events into PostgreSQL)"),
      Map.entry("docs/benchmarks.md#Start-up#1", "not run: a benchmark (28 cold starts, ~3 min)")));

  @Test
  void everyShellBlockIsWalked() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Path file : DocBlocks.files()) {
      for (DocBlocks.Block block : DocBlocks.all(file)) {
        if (block.language().equals("sh")) {
          counts.merge(file.toString().replace('\\', '/') + "#" + block.heading(), 1, Integer::sum);
        }
      }
    }
    Set<String> found = new LinkedHashSet<>();
    counts.forEach((section, n) -> found.add(section + "#" + n));
    assertEquals(SHELL_BLOCKS.keySet(), found, "a shell block was added, moved or removed: walk it in a test "
        + "(DocsShellIT, ContainerIT, …) and list it in SHELL_BLOCKS");
  }

  @Test
  void everyJavaSnippetCompiles(@TempDir Path dir) throws Exception {
    int n = 0;
    for (Path file : DocBlocks.files()) {
      for (DocBlocks.Block block : DocBlocks.all(file)) {
        if (!block.language().equals("java")) {
          continue;
        }
        Path sources = Files.createDirectories(dir.resolve("src" + n));
        String name = className(block.text());
        Files.writeString(sources.resolve((name != null ? name : "Snippet" + n) + ".java"),
            name != null ? block.text() : wrapped("Snippet" + n, block.text()));
        JavaSources.compile(Files.createDirectories(dir.resolve("classes" + n)), sources);
        n++;
      }
    }
    assertTrue(n >= 3, "the SDK, JUnit and facade snippets at least: " + n);
  }

  @Test
  void everyPageIsReachableFromTheReadmeAndEveryLinkLands() throws Exception {
    Set<Path> linked = new LinkedHashSet<>();
    for (Matcher m = LINK.matcher(DocBlocks.read(DocBlocks.README)); m.find(); ) {
      linked.add(Path.of(m.group(1)).normalize());
    }
    List<Path> pages = new ArrayList<>();
    try (var files = Files.list(DocBlocks.DOCS)) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    for (Path page : pages) {
      assertTrue(linked.contains(page), page + " is not in the README's table of contents");
    }
    for (Path file : DocBlocks.files()) {
      for (Matcher m = LINK.matcher(DocBlocks.read(file)); m.find(); ) {
        Path target = (file.getParent() == null ? Path.of(m.group(1)) : file.getParent().resolve(m.group(1))).normalize();
        assertTrue(Files.exists(target), file + " links to " + m.group(1) + ", which is missing");
        if (m.group(2) != null && target.toString().endsWith(".md")) {
          assertTrue(anchors(target).contains(m.group(2)), file + " links to " + m.group(1) + "#" + m.group(2)
              + ", a section that page does not have");
        }
      }
    }
  }

  /**
   * docs/testing.md's complete pom is the invoker project's (the build runs that one on the Maven on the
   * path), with the placeholders the invoker fills in filled in with this build's values.
   */
  @Test
  void theDocumentedPomIsTheInvokerProjects() throws Exception {
    List<String> poms = DocBlocks.under(DocBlocks.page("testing.md"), "A complete project", "xml");
    assertEquals(1, poms.size());
    String build = Files.readString(Path.of("pom.xml"));
    String invoked = Files.readString(Path.of("src/it/graph-sdk-consumer/pom.xml"))
        .replace("@project.groupId@", first(build, "<groupId>([^<]+)</groupId>"))
        .replace("@project.artifactId@", first(build, "<artifactId>([^<]+)</artifactId>"))
        .replace("@project.version@", first(build, "<artifactId>graph-audit</artifactId>\\s*<version>([^<]+)</version>"))
        .replace("@junit.version@", first(build, "<junit.version>([^<]+)</junit.version>"));
    assertEquals(withoutComments(invoked), withoutComments(poms.get(0)),
        "docs/testing.md's pom and src/it/graph-sdk-consumer/pom.xml differ");
    assertTrue(poms.get(0).contains("<version>" + first(build, "<artifactId>graph-audit</artifactId>\\s*<version>([^<]+)"
        + "</version>") + "</version>"), "the documented dependency is this version");
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex);
    return m.group(1);
  }

  private static String withoutComments(String xml) {
    return xml.replaceAll("(?s)\\s*<!--.*?-->", "").strip();
  }

  @Test
  void theReadmeIsShort() {
    long lines = DocBlocks.read(DocBlocks.README).lines().count();
    assertTrue(lines <= 250, "README.md has " + lines + " lines; move material into docs/");
  }

  /** A relative link to a file of the repository, and its anchor: {@code [text](docs/x.md#anchor)}. */
  private static final Pattern LINK = Pattern.compile("\\]\\((?!https?:|#)([^)#\\s]+)(?:#([^)\\s]+))?\\)");

  /** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as dashes. */
  private static Set<String> anchors(Path page) {
    Set<String> anchors = new LinkedHashSet<>();
    for (String line : DocBlocks.read(page).split("\n")) {
      if (line.startsWith("#")) {
        anchors.add(line.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "")
            .replace(' ', '-'));
      }
    }
    return anchors;
  }

  /** The name of the top-level class a snippet declares, or null for a fragment of statements. */
  private static String className(String snippet) {
    Matcher m = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)").matcher(snippet);
    return m.find() ? m.group(1) : null;
  }

  /** Statements inside a method of a class, with the imports a fragment of the docs assumes. */
  private static String wrapped(String name, String statements) {
    return """
        import graphaudit.*;
        import java.nio.file.Path;
        public class %s {
          static void run() throws Exception {
        %s
          }
        }
        """.formatted(name, statements);
  }
}
