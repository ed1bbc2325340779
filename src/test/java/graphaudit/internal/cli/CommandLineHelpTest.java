package graphaudit.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.Cli;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Help for every command, three ways ({@code help CMD}, {@code CMD --help}, {@code CMD -h}): export's own
 * {@code --version} (the root) once hid its {@code --help}. Defaults are shown as they are typed.
 */
class CommandLineHelpTest {

  private static final Set<String> COMMANDS = Main.commandLine().getSubcommands().keySet();

  @Test
  void everyCommandHasHelpEveryWay() {
    assertTrue(COMMANDS.containsAll(List.of("serve", "token", "metadata", "generate", "recover", "import", "export",
        "compact", "help")), COMMANDS.toString());
    for (String command : COMMANDS) {
      for (List<String> asked : List.of(List.of("help", command), List.of(command, "--help"), List.of(command, "-h"))) {
        if (command.equals("help") && !asked.get(0).equals("help")) {
          continue; // help's own help is `help help`
        }
        Cli.Run run = Cli.run(asked.toArray(String[]::new));
        assertEquals(0, run.exit(), asked + ": " + run.err());
        assertTrue(run.out().contains("Usage: graph-audit " + command), asked + ":\n" + run.out());
      }
    }
  }

  @Test
  void helpWithoutACommandListsThemAll() {
    Cli.Run run = Cli.run("help");
    assertEquals(0, run.exit(), run.err());
    for (String command : COMMANDS) {
      assertTrue(run.out().contains("\n  " + command + " "), command + " missing from:\n" + run.out());
    }
  }

  @Test
  void defaultsAreShownAsTheyAreTyped() {
    String serve = Cli.run("serve", "--help").out();
    assertTrue(serve.contains("(default 30s)"), serve);
    assertTrue(serve.contains("(default dev)"), serve);
    assertFalse(serve.contains("PT30S"), serve);
    assertFalse(serve.contains("(default DEV)"), serve);
    assertTrue(Cli.run("export", "--help").out().contains("(default ndjson)"));
  }

  @Test
  void aTokenThatExpiresAtOnceIsOneLineNamingTheFix() {
    Cli.Run run = Cli.run("token", "--expires", "0s", "--create-key", "--data", "target/never-made");
    assertEquals(2, run.exit());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(run.err().startsWith("--expires 0s: a token's lifetime must be positive, e.g. 90s, 30m, 1h, 2d"),
        run.err());
    assertEquals("", run.out());
  }
}
