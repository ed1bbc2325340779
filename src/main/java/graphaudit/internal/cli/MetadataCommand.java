package graphaudit.internal.cli;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.odata.CsdlDocuments;
import graphaudit.internal.openapi.OpenApiDocument;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints a root's descriptions as the service serves them, the way the reviewed copies in
 * {@code metadata/} are regenerated after a model change.
 */
@Command(name = "metadata", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Print a service root's $metadata (CSDL XML, or JSON CSDL with --json), the entity-set CSDL "
        + "served at /{root}/deviceManagement/$metadata (--entity-sets), or the OpenAPI description served at "
        + "/{root}/$openapi (--openapi)."})
final class MetadataCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", defaultValue = "beta", paramLabel = "ROOT", description = "v1.0 or beta (default ${DEFAULT-VALUE}).")
  String root;

  @Option(names = "--json", description = "JSON CSDL instead of XML.")
  boolean json;

  @Option(names = "--entity-sets", description = "The CSDL for entity-set-only generators (SAP Cloud SDK): "
      + "auditEvents as an entity set of the service root /{root}/deviceManagement.")
  boolean entitySets;

  @Option(names = "--openapi", description = "The OpenAPI 3 description (JSON) instead of CSDL.")
  boolean openApi;

  @Option(names = "--base-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080", description = "With --openapi: where "
      + "the service runs; the document's server is this URL and the root (default ${DEFAULT-VALUE}).")
  String baseUrl;

  @Override
  public Integer call() throws Exception {
    ApiVersion version = ApiVersion.fromSegment(root).orElseThrow(() -> new ParameterException(spec.commandLine(),
        "Unknown service root '" + root + "': give v1.0 or beta."));
    if (openApi && (json || entitySets)) {
      throw new ParameterException(spec.commandLine(), "--openapi is JSON and not CSDL: give it alone.");
    }
    byte[] document;
    if (openApi) {
      document = OpenApiDocument.of(version, baseUrl + "/" + version.segment());
    } else {
      CsdlDocuments csdl = entitySets ? CsdlDocuments.entitySets(version) : CsdlDocuments.of(version);
      document = json ? csdl.json() : csdl.xml();
    }
    System.out.write(document);
    System.out.flush();
    return 0;
  }
}
