package graphaudit.internal.cli;

import graphaudit.internal.audit.Tenants;
import graphaudit.internal.auth.Caller;
import graphaudit.internal.auth.DevSigningKey;
import graphaudit.Token;
import graphaudit.internal.auth.DevTokenIssuer;
import graphaudit.internal.auth.Permissions;
import java.nio.file.Files;
import graphaudit.GraphAuditConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Prints a dev-mode access token that a service running on the same data directory accepts. A data
 * directory without the signing key is refused unless {@code --create-key} is given: a key made there
 * by mistake (a mistyped {@code --data}) would sign tokens that the running service refuses.
 */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print a dev-mode bearer token (Entra ID v1 shaped) for a service using the same --data.")
final class TokenCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the service, where the dev signing key lives "
      + "(default ${DEFAULT-VALUE}).")
  Path data = new GraphAuditConfig().store().dataDir();

  @Option(names = "--create-key", description = "Create the signing key in --data if it has none (the service "
      + "creates it at its first start; without this flag a --data that has no key is refused).")
  boolean createKey;

  @Option(names = "--tenant", paramLabel = "GUID", defaultValue = Tenants.DEV, description = "Tenant id (tid), default ${DEFAULT-VALUE}.")
  String tenant;

  @Option(names = "--scopes", paramLabel = "\"A B\"", description = "Delegated permissions (scp), space- or comma-separated; default "
      + Permissions.READ_WRITE + " unless --roles is given. \"\" for none.")
  String scopes;

  @Option(names = "--roles", paramLabel = "\"A B\"", description = "Application permissions (roles), space- or comma-separated: makes an "
      + "application token (no user); \"\" for none.")
  String roles;

  @Option(names = "--user", paramLabel = "UPN", defaultValue = Token.DEFAULT_USER, description = "UPN of the signed-in user (delegated), default ${DEFAULT-VALUE}.")
  String user;

  @Option(names = "--app-id", paramLabel = "GUID", defaultValue = Token.DEFAULT_APP_ID, description = "Client application id (appid), default ${DEFAULT-VALUE}.")
  String appId;

  @Option(names = "--expires", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
      description = "Lifetime, e.g. 90s, 30m, 1h, 2d (default ${DEFAULT-VALUE}).")
  Duration expires;

  @Override
  public Integer call() throws Exception {
    if (expires.isNegative() || expires.isZero()) {
      throw new ParameterException(spec.commandLine(), "--expires " + DurationConverter.format(expires)
          + ": a token's lifetime must be positive, e.g. 90s, 30m, 1h, 2d");
    }
    Token token = roles != null
        ? new Token(tenant, Token.Kind.APPLICATION, names(roles), null, appId, expires)
        : new Token(tenant, Token.Kind.DELEGATED, scopes == null ? List.of(Permissions.READ_WRITE) : names(scopes),
            user, appId, expires);
    if (!createKey && !Files.exists(data.resolve(DevSigningKey.FILE_NAME))) {
      throw new CommandFailure("No dev signing key in " + data.toAbsolutePath() + ": give the --data of the "
          + "running service (start it once to create the key), or add --create-key.", null);
    }
    spec.commandLine().getOut().println(new DevTokenIssuer(DevSigningKey.loadOrCreate(data)).mint(token));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static List<String> names(String list) {
    return Arrays.stream(list.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
  }
}
