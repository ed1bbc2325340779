package graphaudit.internal.cli;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option's value when it is not on the command line: from the environment ({@code --db-url} from
 * {@code GRAPH_AUDIT_DB_URL}, and so on), else the option's field's initial value, which the commands
 * take from {@link graphaudit.GraphAuditConfig}'s defaults. Those initial values are given back as a
 * user would type them ({@code 30s}, {@code dev}, {@code a,b}), so that {@code --help} and
 * docs/configuration.md show them that way instead of {@code PT30S}, {@code DEV} or {@code [a, b]}.
 */
final class OptionDefaults implements IDefaultValueProvider {

  static final String PREFIX = "GRAPH_AUDIT_";

  private final Map<String, String> environment;

  OptionDefaults(Map<String, String> environment) {
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
    if (value != null && !value.isEmpty()) {
      return value;
    }
    return typed(option.initialValue());
  }

  /** A Duration, an enum constant or a collection as the command line takes it; null for anything else. */
  static String typed(Object value) {
    if (value instanceof Duration duration) {
      return DurationConverter.format(duration);
    }
    if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT);
    }
    if (value instanceof Collection<?> values && !values.isEmpty()) {
      return values.stream().map(String::valueOf).sorted().collect(Collectors.joining(","));
    }
    return null;
  }
}
