package graphaudit.internal.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code graph-audit [serve|token|metadata|generate|recover|import|export|compact|app|help] …}: serve is the default. */
@Command(name = "graph-audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "A local, persistent Microsoft Graph Intune auditEvents OData v4 endpoint.")
public final class Main implements Runnable {

  /** The commands, in the order help lists them. */
  private static final Map<String, Class<?>> COMMANDS = commands(ServeCommand.class, TokenCommand.class,
      MetadataCommand.class, GenerateCommand.class, RecoverCommand.class, ImportCommand.class, ExportCommand.class,
      CompactCommand.class, AppCommand.class, CommandLine.HelpCommand.class);

  public static void main(String[] args) {
    boolean subcommandGiven = args.length > 0 && COMMANDS.containsKey(args[0]);
    boolean topLevelOption = args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")
        || args[0].equals("--version") || args[0].equals("-V"));
    String[] effective = args;
    if (!subcommandGiven && !topLevelOption) {
      effective = new String[args.length + 1];
      effective[0] = "serve";
      System.arraycopy(args, 0, effective, 1, args.length);
    }
    // picocli reads every command's annotations when it builds a command line (slowly: it is compiled for
    // Java 5, whose classes the JVM verifies the old way and cannot archive for class-data sharing); the
    // start of the service is what people wait for, so serve's command line holds serve alone
    CommandLine cli = effective[0].equals("serve") ? commandLine(System.getenv(), Clock.systemUTC(), "serve")
        : commandLine();
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
    return commandLine(environment, clock, COMMANDS.keySet().toArray(String[]::new));
  }

  /** The command line with the commands {@code names} only. */
  private static CommandLine commandLine(Map<String, String> environment, Clock clock, String... names) {
    CommandLine cli = new CommandLine(new Main(), new Factory(clock));
    for (String name : names) {
      cli.addSubcommand(name, COMMANDS.get(name));
    }
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

  private static Map<String, Class<?>> commands(Class<?>... types) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> type : types) {
      byName.put(type.getAnnotation(Command.class).name(), type);
    }
    return Collections.unmodifiableMap(byName);
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
