package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
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
    compile(generated.resolve("src/main/java"), Path.of("src/test/openapi"), classes);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      loader.loadClass("AuditEventsRoundTrip").getMethod("run", String.class, String.class)
          .invoke(null, server.root("beta"), server.token());
    } catch (InvocationTargetException e) {
      throw new AssertionError("the generated client's round trip failed", e.getCause());
    }
  }

  private static void compile(Path generatedSources, Path driver, Path classes) throws IOException {
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn",
        "-classpath", System.getProperty("java.class.path")));
    for (Path root : List.of(generatedSources, driver)) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> arguments.add(f.toString()));
      }
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int exit = javac.run(null, errors, errors, arguments.toArray(String[]::new));
    assertEquals(0, exit, "the generated client does not compile:\n" + errors);
  }
}
