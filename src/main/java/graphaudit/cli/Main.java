package graphaudit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code graph-audit [serve|token|metadata|generate|recover] …}: serve is the default subcommand. */
@Command(name = "graph-audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "A local, persistent Microsoft Graph Intune auditEvents OData v4 endpoint.",
    subcommands = {ServeCommand.class, TokenCommand.class, MetadataCommand.class, GenerateCommand.class,
        RecoverCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    CommandLine cli = commandLine();
    boolean subcommandGiven = args.length > 0 && cli.getSubcommands().containsKey(args[0]);
    boolean topLevelOption = args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")
        || args[0].equals("--version") || args[0].equals("-V"));
    String[] effective = args;
    if (!subcommandGiven && !topLevelOption) {
      effective = new String[args.length + 1];
      effective[0] = "serve";
      System.arraycopy(args, 0, effective, 1, args.length);
    }
    int exit = cli.execute(effective);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** The command line with its subcommands and the handling of a {@link CommandFailure}. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, command, parsed) -> {
          if (e instanceof CommandFailure) {
            command.getErr().println(e.getMessage());
            return 1;
          }
          throw e;
        });
  }

  @Override
  public void run() {
    // only reached with no subcommand, which main() turns into serve
  }
}
