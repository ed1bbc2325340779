package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** docs/sdks.md's Graph SDK snippet, compiled as written (only the port differs) and run against the service. */
@Tag("slow")
class DocsGraphSdkTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  @Test
  void theSnippetCreatesAndReadsAnEvent(@TempDir Path dir) throws Exception {
    List<String> snippets = DocBlocks.under(DocBlocks.page("sdks.md"), "Using it from a Graph SDK", "java");
    assertEquals(1, snippets.size());
    Path sources = Files.createDirectories(dir.resolve("src"));
    Files.writeString(sources.resolve("AuditEventsQuickStart.java"),
        snippets.get(0).replace("http://127.0.0.1:8080", server.origin()));
    Path classes = Files.createDirectories(dir.resolve("classes"));

    JavaSources.compile(classes, sources);
    JavaSources.run(classes, "AuditEventsQuickStart", "main", new Class<?>[] {String[].class},
        (Object) new String[] {server.token()});

    assertEquals("Device", server.http().get("/v1.0/deviceManagement/auditEvents").json()
        .get("value").get(0).get("category").asText());
  }
}
