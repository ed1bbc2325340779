package graphaudit.internal.cli;

import graphaudit.internal.compose.Stores;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.transfer.EventImport;
import graphaudit.internal.transfer.ImportFormat;
import graphaudit.internal.transfer.OnBad;
import graphaudit.internal.transfer.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Imports saved Graph responses or NDJSON into a tenant, or pulls them from a Graph list request
 * ({@code --from}, {@link ImportFromGraph}); embedded store: stop the server first.
 */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Import audit events from Graph list responses or NDJSON, or pull them from Graph (--from URL), "
        + "keeping their ids; idempotent by id.")
final class ImportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE|-", arity = "0..1", description = "The file to import, or - for standard input "
      + "(or --from URL).")
  String file;

  @Option(names = "--tenant", paramLabel = "GUID", defaultValue = Tenants.DEV, description = "Tenant id (default ${DEFAULT-VALUE}).")
  String tenant;

  @Option(names = "--format", paramLabel = "FORMAT", description = "graph (list responses, one or many) or ndjson (one event a line);"
      + " default: ndjson for .ndjson and .jsonl files, else graph.")
  ImportFormat format;

  @Option(names = "--on-bad", paramLabel = "skip|batch|all", defaultValue = "skip", description = "With bad records "
      + "(each is named on stderr, and the exit status is 1): skip them and store the rest (skip), store nothing of a "
      + "bad record's batch of 1,000 (batch), or store nothing at all (all: the input is checked whole first; "
      + "default ${DEFAULT-VALUE}).")
  OnBad onBad;

  @Mixin
  StoreOptions store;

  @Mixin
  PullOptions pull;

  @Override
  public Integer call() throws IOException {
    if ((file == null) == (pull.from == null)) {
      throw new CommandFailure("import: give a FILE (or - for standard input) or --from URL, one of them", null);
    }
    if (pull.from != null) {
      return new ImportFromGraph(pull, spec.commandLine().getOut(), spec.commandLine().getErr()).run(store, tenant);
    }
    Path path = file.equals("-") ? null : Path.of(file);
    ImportFormat chosen = format != null ? format : ImportFormat.byName(path);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Path spooled = null;
    try {
      Path source = path;
      if (onBad == OnBad.ALL) {
        if (source == null) { // standard input is read twice: keep it
          source = spooled = Files.createTempFile("graph-audit-import", ".input");
          Files.copy(System.in, spooled, StandardCopyOption.REPLACE_EXISTING);
        }
        long bad;
        try (InputStream in = Files.newInputStream(source)) {
          bad = EventImport.check(in, chosen, problem -> err.println(problem.line()));
        }
        if (bad > 0) {
          out.printf("stored nothing: %d bad records (--on-bad all); fix them and import again%n", bad);
          out.flush();
          return 1;
        }
      }
      EventImport.Summary summary;
      try (InputStream in = source == null ? System.in : Files.newInputStream(source)) {
        Stores.Opened opened = store.openForBulkLoad();
        try {
          summary = new EventImport(opened.store(), problem -> err.println(problem.line()),
              new Progress(err, "imported", System.console() != null), onBad == OnBad.BATCH ? OnBad.BATCH : OnBad.SKIP)
              .run(in, chosen, tenant);
        } finally {
          opened.closeCompacted(); // a bulk load leaves superseded pages in the index behind
        }
      }
      out.printf("read %d events in %.1f s (%.0f events/s): %d stored, %d already stored, %d stored with other"
          + " content (kept), %d bad%s%n", summary.read(), summary.seconds(),
          summary.read() / Math.max(1e-9, summary.seconds()), summary.created(), summary.unchanged(),
          summary.differing(), summary.bad(), onBad == OnBad.BATCH
              ? ", " + summary.refused() + " not stored with a bad one" : summary.bad() > 0 ? " (skipped)" : "");
      out.flush();
      return summary.bad() > 0 ? 1 : 0;
    } catch (NoSuchFileException e) {
      throw new CommandFailure("import: no file " + file + " (give a file, or - for standard input)", e);
    } finally {
      if (spooled != null) {
        Files.deleteIfExists(spooled);
      }
    }
  }
}
