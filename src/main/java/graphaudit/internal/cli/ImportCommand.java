package graphaudit.internal.cli;

import graphaudit.internal.compose.Stores;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.Database;
import graphaudit.internal.transfer.EventImport;
import graphaudit.internal.transfer.ImportFormat;
import graphaudit.internal.transfer.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Imports saved Graph responses or NDJSON into a tenant (embedded H2: stop the server first). */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Import audit events from Graph list responses or NDJSON, keeping their ids; idempotent by id.")
final class ImportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE|-", description = "The file to import, or - for standard input.")
  String file;

  @Option(names = "--tenant", paramLabel = "GUID", defaultValue = Tenants.DEV, description = "Tenant id (default ${DEFAULT-VALUE}).")
  String tenant;

  @Option(names = "--format", paramLabel = "FORMAT", description = "graph (list responses, one or many) or ndjson (one event a line);"
      + " default: ndjson for .ndjson and .jsonl files, else graph.")
  ImportFormat format;

  @Mixin
  StoreOptions store;

  @Override
  public Integer call() throws IOException {
    Path path = file.equals("-") ? null : Path.of(file);
    ImportFormat chosen = format != null ? format : ImportFormat.byName(path);
    EventImport.Summary summary;
    try (InputStream in = path == null ? System.in : Files.newInputStream(path)) {
      // compacted as it goes, unlike generate's bulk load: without it a million imported events grew the
      // file past 23 GB before the load was half done (random ids make it worse, but generate's own
      // million, in id order, also passes 20 GB before its closing compaction)
      Database database = store.open(Stores.Workload.IMPORT);
      try (AuditEventStore events = Stores.on(database).store()) {
        summary = new EventImport(events, spec.commandLine().getErr(),
            new Progress(spec.commandLine().getErr(), "imported", System.console() != null)).run(in, chosen, tenant);
      } finally {
        database.closeCompacted(); // a bulk load leaves superseded pages behind
      }
    } catch (NoSuchFileException e) {
      throw new CommandFailure("import: no file " + file + " (give a file, or - for standard input)", e);
    }
    spec.commandLine().getOut().printf("read %d events in %.1f s (%.0f events/s): %d stored, %d already stored,"
        + " %d stored with other content (kept), %d bad, %d not stored with a bad one%n", summary.read(),
        summary.seconds(), summary.read() / Math.max(1e-9, summary.seconds()), summary.created(),
        summary.unchanged(), summary.differing(), summary.bad(), summary.refused());
    spec.commandLine().getOut().flush();
    return summary.bad() > 0 ? 1 : 0;
  }
}
