package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import graphaudit.internal.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code graph-audit} commands in-process, as {@code java -jar} would, capturing what they print. */
public final class Cli {

  /** A finished command: its exit code, its standard output (trimmed) and its error output. */
  public record Run(int exit, String out, String err) {}

  private Cli() {
  }

  public static Run run(String... args) {
    return run(Main.commandLine(), args);
  }

  /** Runs a command whose clock (generate's "now") is {@code clock}. */
  public static Run runAt(Clock clock, String... args) {
    return run(Main.commandLine(System.getenv(), clock), args);
  }

  /** The AZURE_* lines {@code app add} printed, by name. */
  public static Map<String, String> appAdded(Run run) {
    assertEquals(0, run.exit(), run.err());
    Map<String, String> values = new LinkedHashMap<>();
    run.out().lines().forEach(line -> values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
    assertEquals(List.of("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"), List.copyOf(values.keySet()));
    return values;
  }

  private static Run run(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString().trim(), err.toString());
  }
}
