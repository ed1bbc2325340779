package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OData client generators nobody here wrote, fed the documents the service serves, then their clients
 * against the service: create, get, filter with top, both functions, update, delete (the scripts in
 * {@code src/test/generators}). odata2ts reads {@code $metadata}; the SAP Cloud SDK for JavaScript, which
 * knows only entity sets, reads {@code /beta/deviceManagement/$metadata}. Generated TypeScript is
 * transpiled without a type check (the check took most of the time and tests nothing of ours).
 */
@Tag("node")
class GeneratedClientsTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static Path project;

  @BeforeAll
  static void installGenerators() {
    Assumptions.assumeTrue(NodeProject.toolsInstalled(),
        "Node.js and npm are not on the PATH (apt-get install nodejs npm; .ci/run does)");
    project = NodeProject.GENERATORS.installed();
  }

  @Test
  void odata2tsClientFromMetadataDoesTheRoundTrip() throws IOException {
    Path out = fresh("odata2ts");
    Path metadata = save("/beta/$metadata", out.resolveSibling("odata2ts.xml"));
    String generated = NodeProject.GENERATORS.run("node", "node_modules/@odata2ts/odata2ts/lib/run-cli.js", "-s", metadata.toString(),
        "-o", out.toString(), "-m", "all", "-e", "ts", "-name", "GraphAudit");
    assertTrue(generated.contains("Successfully finished!"), generated);
    NodeProject.GENERATORS.run("node", "transpile.js", out.toString());

    String ran = NodeProject.GENERATORS.run("node", "odata2ts-roundtrip.js", out.toString(), server.root("beta"), server.token());
    assertTrue(ran.contains("odata2ts round trip passed"), ran);
  }

  @Test
  void sapCloudSdkClientFromTheEntitySetMetadataDoesTheRoundTrip() throws IOException {
    Path out = fresh("sap");
    Path input = fresh("sap-input");
    save("/beta/deviceManagement/$metadata", input.resolve("GraphAudit.edmx"));
    NodeProject.GENERATORS.run("node", "node_modules/@sap-cloud-sdk/generator/dist/cli.js", "--input", input.toString(),
        "--outputDir", out.toString(), "--skipValidation", "--overwrite");
    NodeProject.GENERATORS.run("node", "transpile.js", out.toString());

    String ran = NodeProject.GENERATORS.run("node", "sap-roundtrip.js", out.resolve("GraphAudit").toString(), server.root("beta"),
        server.token());
    assertTrue(ran.contains("SAP Cloud SDK round trip passed"), ran);
  }

  private static Path save(String path, Path file) throws IOException {
    Http.Response document = server.http().get(path);
    assertEquals(200, document.status(), document.body());
    Files.writeString(file, document.body());
    return file;
  }

  /** An empty directory inside the project, where the generated code finds the project's node_modules. */
  private static Path fresh(String name) throws IOException {
    Path dir = project.resolve("generated").resolve(name);
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    return Files.createDirectories(dir);
  }
}
