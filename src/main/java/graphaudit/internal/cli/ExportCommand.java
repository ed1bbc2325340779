package graphaudit.internal.cli;

import graphaudit.internal.compose.Stores;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.audit.InvalidInputException;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.sql.Sql;
import graphaudit.internal.transfer.EventExport;
import graphaudit.internal.transfer.ExportFormat;
import graphaudit.internal.transfer.Progress;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a tenant's events to standard output (embedded H2: stop the server first). */
@Command(name = "export",
    description = "Write a tenant's audit events to standard output, as NDJSON or as one Graph list response.")
final class ExportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  // not mixinStandardHelpOptions: its --version (graph-audit's) would clash with export's own --version (the root)
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--tenant", paramLabel = "GUID", defaultValue = Tenants.DEV, description = "Tenant id (default ${DEFAULT-VALUE}).")
  String tenant;

  @Option(names = "--filter", paramLabel = "FILTER", description = "Only the events this OData $filter selects.")
  String filter;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ndjson", description = "ndjson or graph (default ${DEFAULT-VALUE}).")
  ExportFormat format;

  @Option(names = "--version", paramLabel = "ROOT", defaultValue = "beta", converter = VersionConverter.class,
      description = "The root whose shape the events take: v1.0 or beta (default ${DEFAULT-VALUE}).")
  ApiVersion version;

  @Mixin
  StoreOptions store;

  @Option(names = "--output", paramLabel = "FILE", description = "Write to this file instead of standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    // H2's shared value cache hashes every string it reads, 2 KB of JSON per event included: a quarter of
    // an export's time (1,000,000 events: 35,000-38,000 events/s with it, 41,100-49,600 without). Read
    // once, when H2 first loads, which in this command's own process is the open below.
    System.setProperty("h2.objectCache", "false");
    long written;
    Progress progress = new Progress(err, "exported", System.console() != null);
    try (Stores.Opened opened = store.open()) {
      AuditEventStore events = opened.store();
      EventExport export = new EventExport(events, version, progress);
      Sql where;
      try {
        where = export.where(filter);
      } catch (InvalidInputException e) {
        throw new CommandFailure("export: " + e.getMessage() + " (--filter takes an OData $filter such as"
            + " \"category eq 'Device'\")", e);
      }
      OutputStream target = output == null ? System.out : Files.newOutputStream(output);
      try {
        written = export.run(tenant, where, format, new BufferedOutputStream(target, 1 << 16)); // flushes
      } finally {
        if (output != null) {
          target.close(); // standard output stays open
        }
      }
    }
    err.printf("exported %d events in %.1f s (%.0f events/s)%n", written, progress.seconds(), progress.rate(written));
    err.flush();
    return 0;
  }

  /** {@code v1.0} or {@code beta}, as the roots are named. */
  static final class VersionConverter implements picocli.CommandLine.ITypeConverter<ApiVersion> {
    @Override
    public ApiVersion convert(String value) {
      return ApiVersion.fromSegment(value).orElseThrow(() -> new picocli.CommandLine.TypeConversionException(
          "'" + value + "' is not a root: give v1.0 or beta"));
    }
  }
}
