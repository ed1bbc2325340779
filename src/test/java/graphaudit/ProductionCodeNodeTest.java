package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.internal.http.DevCertificate;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JavaScript side of "Run your production code against graph-audit": a collector written with
 * {@code @azure/identity} ({@code ClientSecretCredential}, {@code ClientCertificateCredential}) and
 * {@code @microsoft/microsoft-graph-client}, configured only by its environment (authority host, base
 * URL, the dev certificate in {@code NODE_EXTRA_CA_CERTS}), lists and pages every event, creates one
 * and reads it back, and sees Entra's error for a wrong secret ({@code src/test/production-code}).
 * Skipped, saying why, without Node.js and npm.
 */
@Tag("node")
class ProductionCodeNodeTest {

  private static final String OTHER_TENANT = "6b0f6b0f-1111-4111-8111-6b0f6b0f6b0f";
  private static final int EVENTS = 130;

  @RegisterExtension
  static final TestServer server = TestServer.withGeneratedEvents(EVENTS, 31).withHttps();

  @TempDir
  static Path files;

  @BeforeAll
  static void installProject() {
    Assumptions.assumeTrue(NodeProject.toolsInstalled(),
        "Node.js and npm are not on the PATH (apt-get install nodejs npm; .ci/run does)");
    NodeProject.PRODUCTION_CODE.installed();
  }

  @Test
  void clientSecretCredentialAndTheV1Client() {
    Map<String, String> app = Cli.appAdded(Cli.run("app", "add", "--data", server.dataDir().toString(),
        "--name", "node-collector"));
    JsonNode result = collect(app, "v1.0");
    assertEquals(EVENTS, result.get("listed").asInt(), result.toString());
    assertEquals(4, result.get("pages").asInt(), "40 a page: " + result);
    assertEquals("created by the Node collector", result.get("read").asText());
    assertEquals(200, server.http().get("/beta/deviceManagement/auditEvents/" + result.get("created").asText())
        .status(), "created in the app's tenant");
    assertTrue(result.get("refused").asText().contains("AADSTS7000215"), result.toString());
  }

  @Test
  void clientCertificateCredentialAndTheBetaClientInAnotherTenant() throws Exception {
    ClientCertificates certificate = ClientCertificates.create();
    Map<String, String> app = new HashMap<>(Cli.appAdded(Cli.run("app", "add", "--data",
        server.dataDir().toString(), "--name", "node-admin-tool", "--tenant", OTHER_TENANT, "--cert",
        certificate.writeCertificate(files).toString())));
    app.remove("AZURE_CLIENT_SECRET");
    app.put("AZURE_CLIENT_CERTIFICATE_PATH", certificate.writeKeyAndCertificate(files).toString());
    JsonNode result = collect(app, "beta");
    assertEquals(0, result.get("listed").asInt(), "its tenant holds none of the dev tenant's events: " + result);
    assertEquals("created by the Node collector", result.get("read").asText());
  }

  private static JsonNode collect(Map<String, String> app, String version) {
    Map<String, String> environment = new HashMap<>(app);
    environment.put("AZURE_AUTHORITY_HOST", server.httpsOrigin());
    environment.put("GRAPH_BASE", server.httpsOrigin());
    environment.put("GRAPH_VERSION", version);
    environment.put("NODE_EXTRA_CA_CERTS", server.dataDir().resolve(DevCertificate.CERTIFICATE).toString());
    String output = NodeProject.PRODUCTION_CODE.run(environment, "node", "collector.mjs");
    String last = output.strip().lines().reduce((a, b) -> b).orElse("");
    try {
      return Http.JSON.readTree(last);
    } catch (Exception e) {
      throw new AssertionError("collector.mjs did not end with its JSON line:\n" + output, e);
    }
  }
}
