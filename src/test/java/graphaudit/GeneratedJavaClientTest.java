package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

/**
 * OpenAPI Generator's Java client (library {@code native}, every other option at its default), generated
 * from the served {@code /beta/$openapi}, compiled with {@code src/test/openapi/AuditEventsRoundTrip.java}
 * and run against the service: create without an id, get, filter with top, both functions, a PATCH of
 * displayName that leaves resources as they were, delete.
 */
@Tag("slow")
class GeneratedJavaClientTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  @Test
  void javaClientFromTheServedOpenApiDoesTheRoundTrip(@TempDir Path dir) throws Exception {
    Http.Response description = server.http().get("/beta/$openapi");
    assertEquals(200, description.status(), description.body());
    Path spec = Files.writeString(dir.resolve("openapi.json"), description.body());
    Path generated = dir.resolve("client");
    new DefaultGenerator().opts(new CodegenConfigurator().setGeneratorName("java").setLibrary("native")
        .setInputSpec(spec.toString()).setOutputDir(generated.toString())
        .addGlobalProperty("apiTests", "false").addGlobalProperty("modelTests", "false")
        .addGlobalProperty("apiDocs", "false").addGlobalProperty("modelDocs", "false")
        .toClientOptInput()).generate();

    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaSources.compile(classes, generated.resolve("src/main/java"), Path.of("src/test/openapi"));
    JavaSources.run(classes, "AuditEventsRoundTrip", "run", new Class<?>[] {String.class, String.class},
        server.root("beta"), server.token());
  }
}
