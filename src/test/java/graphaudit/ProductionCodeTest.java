package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.core.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.graph.core.tasks.PageIterator;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.http.DevCertificate;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production code unchanged but for its configuration: Azure Identity for Java's
 * {@code ClientSecretCredential} and {@code ClientCertificateCredential}, with {@code authorityHost} this
 * service and instance discovery off, get their tokens from the dev-mode token endpoint (MSAL4J's own
 * requests, assertion and parsing), and the Graph Java SDKs (v1.0 and beta) built on them with
 * {@code AzureIdentityAuthenticationProvider} list, page and create events over HTTPS, trusting the
 * dev certificate. What the docs' "Run your production code against graph-audit" shows for Java.
 */
@Tag("slow")
class ProductionCodeTest {

  private static final String SCOPE = "https://graph.microsoft.com/.default";
  private static final String OTHER_TENANT = "6b0f6b0f-1111-4111-8111-6b0f6b0f6b0f";
  private static final int EVENTS = 250;

  @RegisterExtension
  static final TestServer server = TestServer.withGeneratedEvents(EVENTS, 29).withHttps();

  @TempDir
  static Path files;

  private static Map<String, String> secretApp;
  private static Map<String, String> certificateApp;
  private static Path keyAndCertificate;

  @BeforeAll
  static void registerApps() throws Exception {
    secretApp = Cli.appAdded(Cli.run("app", "add", "--data", server.dataDir().toString(), "--name",
        "siem-collector"));
    ClientCertificates certificate = ClientCertificates.create();
    certificateApp = Cli.appAdded(Cli.run("app", "add", "--data", server.dataDir().toString(), "--name",
        "admin-tool", "--tenant", OTHER_TENANT, "--cert", certificate.writeCertificate(files).toString()));
    keyAndCertificate = certificate.writeKeyAndCertificate(files);
  }

  @Test
  void clientSecretCredentialWithTheV1SdkListsPagesAndCreates() throws Exception {
    TokenCredential credential = new ClientSecretCredentialBuilder()
        .tenantId(secretApp.get("AZURE_TENANT_ID"))
        .clientId(secretApp.get("AZURE_CLIENT_ID"))
        .clientSecret(secretApp.get("AZURE_CLIENT_SECRET"))
        .authorityHost(server.httpsOrigin())
        .disableInstanceDiscovery()
        .httpClient(trustingDevCertificate())
        .build();
    var client = new com.microsoft.graph.serviceclient.GraphServiceClient(
        new AzureIdentityAuthenticationProvider(credential, new String[] {"127.0.0.1"}, SCOPE),
        SdkClients.httpsClient(server));
    client.getRequestAdapter().setBaseUrl(server.httpsOrigin() + "/v1.0");
    var events = client.deviceManagement().auditEvents();

    var firstPage = events.get(request -> request.queryParameters.top = 40);
    assertEquals(40, firstPage.getValue().size());
    Set<String> ids = new HashSet<>();
    List<String> order = new ArrayList<>();
    new PageIterator.Builder<com.microsoft.graph.models.AuditEvent,
        com.microsoft.graph.models.AuditEventCollectionResponse>()
        .client(client)
        .collectionPage(events.get())
        .collectionPageFactory(com.microsoft.graph.models.AuditEventCollectionResponse::createFromDiscriminatorValue)
        .processPageItemCallback(event -> {
          order.add(event.getId());
          return ids.add(event.getId());
        })
        .build().iterate();
    assertEquals(EVENTS, ids.size(), "every event once, over three pages");
    assertEquals(EVENTS, order.size());

    var event = new com.microsoft.graph.models.AuditEvent();
    event.setDisplayName("created by ClientSecretCredential");
    event.setActivityDateTime(OffsetDateTime.of(2024, 1, 9, 10, 0, 0, 0, ZoneOffset.UTC));
    event.setCorrelationId(UUID.randomUUID());
    var created = events.post(event);
    assertNotNull(created.getId());
    assertEquals("created by ClientSecretCredential", events.byAuditEventId(created.getId()).get().getDisplayName());
    assertEquals(200, server.http().get("/beta/deviceManagement/auditEvents/" + created.getId()).status(),
        "stored in the app's tenant, the dev tenant");
  }

  @Test
  void clientCertificateCredentialWithTheBetaSdkWorksInItsOwnTenant() throws Exception {
    TokenCredential credential = new ClientCertificateCredentialBuilder()
        .tenantId(OTHER_TENANT)
        .clientId(certificateApp.get("AZURE_CLIENT_ID"))
        .pemCertificate(keyAndCertificate.toString())
        .authorityHost(server.httpsOrigin())
        .disableInstanceDiscovery()
        .httpClient(trustingDevCertificate())
        .build();
    var client = new com.microsoft.graph.beta.serviceclient.GraphServiceClient(
        new AzureIdentityAuthenticationProvider(credential, new String[] {"127.0.0.1"}, SCOPE),
        SdkClients.httpsClient(server));
    client.getRequestAdapter().setBaseUrl(server.httpsOrigin() + "/beta");
    var events = client.deviceManagement().auditEvents();
    assertEquals(0, events.get().getValue().size(), "another tenant: none of the dev tenant's events");

    for (int i = 0; i < 3; i++) {
      var event = new com.microsoft.graph.beta.models.AuditEvent();
      event.setDisplayName("created by ClientCertificateCredential " + i);
      event.setActivityDateTime(OffsetDateTime.of(2024, 1, 9, 10, i, 0, 0, ZoneOffset.UTC));
      event.setCorrelationId(UUID.randomUUID());
      events.post(event);
    }
    var page = events.get(request -> {
      request.queryParameters.orderby = new String[] {"activityDateTime desc"};
      request.headers.add("Prefer", "odata.maxpagesize=2");
    });
    assertEquals(2, page.getValue().size());
    assertEquals("created by ClientCertificateCredential 2", page.getValue().get(0).getDisplayName());
    assertNotNull(page.getOdataNextLink(), "a next page");
    var next = events.withUrl(page.getOdataNextLink()).get();
    assertEquals("created by ClientCertificateCredential 0", next.getValue().get(0).getDisplayName());
  }

  @Test
  void aWrongSecretReachesTheCallerAsEntrasError() {
    TokenCredential credential = new ClientSecretCredentialBuilder()
        .tenantId(Tenants.DEV)
        .clientId(secretApp.get("AZURE_CLIENT_ID"))
        .clientSecret("not-the-secret")
        .authorityHost(server.httpsOrigin())
        .disableInstanceDiscovery()
        .httpClient(trustingDevCertificate())
        .build();
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> credential.getTokenSync(new TokenRequestContext().addScopes(SCOPE)));
    Throwable cause = e;
    while (!(cause instanceof MsalServiceException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    MsalServiceException entra = (MsalServiceException) cause;
    assertEquals(401, entra.statusCode());
    assertEquals("invalid_client", entra.errorCode());
    assertTrue(entra.getMessage().startsWith("AADSTS7000215: Invalid client secret provided."), entra.getMessage());
  }

  /** Azure Identity's own HTTP client (Netty), trusting the dev certificate as a truststore would. */
  private static HttpClient trustingDevCertificate() {
    Path pem = server.dataDir().resolve(DevCertificate.CERTIFICATE);
    return new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
        .secure(tls -> {
          try {
            tls.sslContext(SslContextBuilder.forClient().trustManager(pem.toFile()).build());
          } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
          }
        })).build();
  }
}
