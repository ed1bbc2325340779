package graphaudit.cli;

import graphaudit.audit.ApiVersion;
import graphaudit.odata.CsdlDocuments;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a root's CSDL, the way {@code metadata/<version>.xml} and {@code .json} are regenerated after a model change. */
@Command(name = "metadata", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print the $metadata (CSDL XML, or JSON CSDL with --json) of a service root.")
final class MetadataCommand implements Callable<Integer> {

  @Parameters(index = "0", defaultValue = "beta", paramLabel = "ROOT", description = "v1.0 or beta (default ${DEFAULT-VALUE}).")
  String root;

  @Option(names = "--json", description = "JSON CSDL instead of XML.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ApiVersion version = ApiVersion.fromSegment(root)
        .orElseThrow(() -> new IllegalArgumentException("unknown root " + root + "; use v1.0 or beta"));
    CsdlDocuments documents = CsdlDocuments.of(version);
    System.out.write(json ? documents.json() : documents.xml());
    System.out.flush();
    return 0;
  }
}
