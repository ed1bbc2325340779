package graphaudit.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.Cli;
import graphaudit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer sees when starting goes wrong: one line naming the fix instead of a stack trace, and
 * a top-level help that shows the options of the command that runs by default.
 */
class StartupMessagesTest {

  /** On its H2 file whichever store the run tests (the PostgreSQL pass): that file's lock is the subject. */
  @RegisterExtension
  static final TestServer running = new TestServer().withDatabase(() -> null);

  /** Checked before the data directory is touched: a start that cannot listen leaves no directory or database. */
  @Test
  void aBusyPortNamesTheFlagAndCreatesNothing(@TempDir Path parent) {
    Path data = parent.resolve("data");
    String port = running.origin().substring(running.origin().lastIndexOf(':') + 1);
    Cli.Run run = Cli.run("serve", "--port", port, "--data", data.toString());

    assertEquals(1, run.exit());
    assertEquals("Cannot listen on 127.0.0.1:" + port + ": the port is in use (another graph-audit?). Stop that "
        + "process or choose another port with --port (--https-port for HTTPS; 0 picks a free one).", run.err().trim());
    assertFalse(Files.exists(data), "the data directory was created");

    Cli.Run https = Cli.run("serve", "--port", "0", "--https-port", port, "--data", data.toString());
    assertEquals(1, https.exit());
    assertTrue(https.err().startsWith("Cannot listen on 127.0.0.1:" + port + ": the port is in use"), https.err());
    assertFalse(Files.exists(data), "the data directory was created");
  }

  @Test
  void aDataDirectoryThatIsAFileIsOneLine(@TempDir Path parent) throws Exception {
    Path file = Files.writeString(parent.resolve("data"), "not a directory");
    Cli.Run run = Cli.run("serve", "--port", "0", "--data", file.toString());
    assertEquals(1, run.exit());
    assertEquals("The data directory " + file.toAbsolutePath() + " is a file: give a directory with --data.",
        run.err().trim());
  }

  /** In another process: H2 lets every pool of one JVM share the file, and locks it against other processes. */
  @Test
  void aDataDirectoryInUseSaysToStopTheServerOrUseDbUrl() throws Exception {
    String expected = "The database in " + running.dataDir().toAbsolutePath() + " is in use by another process (a "
        + "running graph-audit?): stop it, or use another --data, or a database server with --db-url.";
    Path trace = running.dataDir().resolve("graph-audit.trace.db");
    assertFalse(Files.exists(trace));
    assertEquals(expected, failureOfAnotherProcess("serve", "--port", "0", "--data", running.dataDir().toString()));
    assertFalse(Files.exists(trace), "the refused start left H2's trace of its refusal");
    assertEquals(expected, failureOfAnotherProcess("generate", "--events", "10", "--data",
        running.dataDir().toString()));
    assertEquals(expected, failureOfAnotherProcess("export", "--data", running.dataDir().toString()));
    assertFalse(Files.exists(trace), "a refused command left H2's trace of its refusal");
  }

  /** What {@code graph-audit args} prints in a JVM of its own, which must exit with 1. */
  private static String failureOfAnotherProcess(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("graph-audit-start", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = process.waitFor(1, TimeUnit.MINUTES);
    process.destroyForcibly();
    String output = Files.readString(log).trim();
    Files.delete(log);
    assertTrue(exited, "still running:\n" + output);
    assertEquals(1, process.exitValue(), output);
    return output;
  }

  @Test
  void aMistypedOptionIsOneLineWithTheFix() {
    Cli.Run run = Cli.run("serve", "--prot", "8081");
    assertEquals(2, run.exit());
    assertEquals("Unknown options: '--prot', '8081' (graph-audit serve --help lists the options)",
        run.err().trim());
  }

  @Test
  void topLevelHelpShowsTheServeOptions() {
    Cli.Run help = Cli.run("--help");
    assertEquals(0, help.exit());
    for (String option : new String[] {"--port", "--data", "--db-url", "--auth", "--https-port"}) {
      assertTrue(help.out().contains(option), option + " in:\n" + help.out());
    }
  }
}
