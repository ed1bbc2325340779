package graphaudit.internal.cli;

import graphaudit.GraphAuditConfig;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.auth.Permissions;
import graphaudit.internal.identity.App;
import graphaudit.internal.identity.AppCertificate;
import graphaudit.internal.identity.AppRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graph-audit app add|list|remove}: the applications that the dev-mode token endpoint
 * ({@code POST /{tenant}/oauth2/v2.0/token}) issues tokens to, kept in the data directory. A running
 * service sees a change at its next token request.
 */
@Command(name = "app", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Register the applications that get tokens from the dev-mode token endpoint (Azure Identity's "
        + "ClientSecretCredential and ClientCertificateCredential).",
    subcommands = {AppCommand.Add.class, AppCommand.ListApps.class, AppCommand.Remove.class})
final class AppCommand implements Runnable {

  private static final Pattern GUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code --data}, shared by the subcommands. */
  static final class DataOption {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the service (default ${DEFAULT-VALUE}).")
    Path data = new GraphAuditConfig().store().dataDir();
  }

  @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Register an app; prints AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (the secret "
          + "is shown this once) in the form of an env file.")
  static final class Add implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    DataOption data = new DataOption();

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "Display name of the app.")
    String name;

    @Option(names = "--tenant", paramLabel = "GUID", defaultValue = Tenants.DEV, description = "Tenant id the app is registered in "
        + "(default ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--roles", paramLabel = "ROLES", defaultValue = Permissions.READ_WRITE, description = "Application permissions its "
        + "tokens carry (roles), space- or comma-separated, \"\" for none (default ${DEFAULT-VALUE}).")
    String roles;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM file of a certificate whose key signs the app's client assertions "
        + "(ClientCertificateCredential); the certificate alone is kept.")
    Path certificate;

    @Override
    public Integer call() throws IOException {
      if (!GUID.matcher(tenant).matches()) {
        throw new CommandFailure("app add: --tenant takes a tenant id (a GUID), not '" + tenant + "'", null);
      }
      AppCertificate cert = null;
      if (certificate != null) {
        try {
          cert = AppCertificate.fromPem(Files.readString(certificate));
        } catch (NoSuchFileException e) {
          throw new CommandFailure("app add: no file " + certificate + " (--cert takes a PEM certificate)", e);
        } catch (IllegalArgumentException e) {
          throw new CommandFailure("app add: " + certificate + ": " + e.getMessage(), e);
        }
      }
      List<String> roleList = Arrays.stream(roles.split("[\\s,]+")).filter(r -> !r.isEmpty()).toList();
      AppRegistry.Added added = new AppRegistry(data.data).add(name, tenant, roleList, cert);
      PrintWriter out = spec.commandLine().getOut();
      out.println("AZURE_TENANT_ID=" + added.app().tenantId());
      out.println("AZURE_CLIENT_ID=" + added.app().clientId());
      out.println("AZURE_CLIENT_SECRET=" + added.secret());
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println("added app '" + name + "'" + (cert == null ? "" : " with certificate " + cert.sha1())
          + "; keep the secret now, graph-audit keeps only its hash. Token endpoint (dev mode): "
          + "https://127.0.0.1:<--https-port>/" + added.app().tenantId() + "/oauth2/v2.0/token");
      err.flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "List the registered apps (never their secrets).")
  static final class ListApps implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    DataOption data = new DataOption();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<App> apps = new AppRegistry(data.data).list();
      if (apps.isEmpty()) {
        out.println("no apps in " + data.data + " (graph-audit app add --name NAME registers one)");
      }
      for (App app : apps) {
        out.printf("%s  %s  tenant %s  roles %s%s  added %s%n", app.clientId(), app.name(), app.tenantId(),
            app.roles().isEmpty() ? "(none)" : String.join(" ", app.roles()),
            app.certificates().isEmpty() ? "" : "  certificate " + String.join(", ",
                app.certificates().stream().map(AppCertificate::sha1).toList()), app.created());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Remove an app by client id or name; its tokens stay valid until they expire.")
  static final class Remove implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    DataOption data = new DataOption();

    @Parameters(paramLabel = "CLIENT_ID|NAME", description = "The app's client id or name.")
    String app;

    @Override
    public Integer call() {
      List<App> removed = new AppRegistry(data.data).remove(app);
      if (removed.isEmpty()) {
        throw new CommandFailure("app remove: no app '" + app + "' in " + data.data + " (graph-audit app list "
            + "shows them)", null);
      }
      for (App each : removed) {
        spec.commandLine().getOut().println("removed " + each.clientId() + " (" + each.name() + ")");
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
