package graphaudit.internal.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code graph-audit [serve|token|metadata|generate|recover|import|export|compact|help] …}: serve is the default. */
@Command(name = "graph-audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "A local, persistent Microsoft Graph Intune auditEvents OData v4 endpoint.",
    subcommands = {ServeCommand.class, TokenCommand.class, MetadataCommand.class, GenerateCommand.class,
        RecoverCommand.class, ImportCommand.class, ExportCommand.class, CompactCommand.class,
        CommandLine.HelpCommand.class})
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
    return commandLine(System.getenv(), Clock.systemUTC());
  }

  /**
   * The command line reading option defaults from {@code environment} ({@code GRAPH_AUDIT_*}), with
   * {@code clock} as the time {@code generate} dates its events from.
   */
  public static CommandLine commandLine(Map<String, String> environment, Clock clock) {
    CommandLine cli = new CommandLine(new Main(), new Factory(clock));
    showServeOptions(cli);
    return cli.setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(new OptionDefaults(environment))
        .setParameterExceptionHandler(Main::oneLine)
        .setExecutionExceptionHandler((e, command, parsed) -> {
          if (e instanceof CommandFailure) {
            command.getErr().println(e.getMessage());
            return 1;
          }
          throw e;
        });
  }

  /**
   * A command-line mistake in one line that names the fix (picocli's default follows it with the whole
   * usage, which buries the message): the message and where the options are listed.
   */
  private static int oneLine(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command.getErr().println(e.getMessage() + " (" + Launcher.command() + " "
        + (command.getParent() == null ? "" : command.getCommandName() + " ") + "--help lists the options)");
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The top-level help ends with serve's options: running the jar without a command serves. */
  private static void showServeOptions(CommandLine cli) {
    String section = "serveOptions";
    cli.getHelpSectionMap().put(section, help -> "%nOptions of serve, the command that runs when none is given:%n"
        .formatted() + new CommandLine.Help(cli.getSubcommands().get("serve").getCommandSpec(), help.colorScheme())
        .optionList());
    List<String> keys = new ArrayList<>(cli.getHelpSectionKeys());
    keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1, section);
    cli.setHelpSectionKeys(keys);
  }

  /** Makes the commands, giving those that tell the time the clock. */
  private record Factory(Clock clock) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == GenerateCommand.class) {
        return type.cast(new GenerateCommand(clock));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  @Override
  public void run() {
    // only reached with no subcommand, which main() turns into serve
  }
}
