package graphaudit;

import graphaudit.internal.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import picocli.CommandLine;

/** Runs {@code graph-audit} commands in-process, as {@code java -jar} would, capturing what they print. */
final class Cli {

  /** A finished command: its exit code, its standard output (trimmed) and its error output. */
  record Run(int exit, String out, String err) {}

  private Cli() {
  }

  static Run run(String... args) {
    return run(Main.commandLine(), args);
  }

  /** Runs a command whose clock (generate's "now") is {@code clock}. */
  static Run runAt(Clock clock, String... args) {
    return run(Main.commandLine(System.getenv(), clock), args);
  }

  private static Run run(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString().trim(), err.toString());
  }
}
