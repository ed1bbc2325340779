package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Java sources written at test time (a generated client, a README snippet), compiled against the test classpath and run. */
final class JavaSources {

  private JavaSources() {
  }

  /** Compiles every {@code .java} under {@code roots} into {@code classes}; fails the test with javac's output. */
  static void compile(Path classes, Path... roots) {
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn",
        "-classpath", System.getProperty("java.class.path")));
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> arguments.add(f.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int exit = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, arguments.toArray(String[]::new));
    assertEquals(0, exit, "does not compile:\n" + errors);
  }

  /** Calls {@code static void method(String...)} of a compiled class; its exception fails the test. */
  static void run(Path classes, String className, String method, Class<?>[] types, Object... arguments)
      throws IOException {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {url(classes)}, JavaSources.class.getClassLoader())) {
      loader.loadClass(className).getMethod(method, types).invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw new AssertionError(className + "." + method + " failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot call " + className + "." + method, e);
    }
  }

  private static URL url(Path classes) {
    try {
      return classes.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
