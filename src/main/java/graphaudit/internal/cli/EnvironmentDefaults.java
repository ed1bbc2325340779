package graphaudit.internal.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option's value from the environment when it is not on the command line: {@code --db-url}
 * from {@code GRAPH_AUDIT_DB_URL}, and so on. Where neither gives one, the option keeps its field's
 * initial value, which the commands take from {@link graphaudit.GraphAuditConfig}'s defaults.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

  static final String PREFIX = "GRAPH_AUDIT_";

  private final Map<String, String> environment;

  EnvironmentDefaults(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The variable that stands for {@code --some-option}: {@code GRAPH_AUDIT_SOME_OPTION}. */
  static String variable(OptionSpec option) {
    return PREFIX + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String value = environment.get(variable(option));
    return value == null || value.isEmpty() ? null : value;
  }
}
