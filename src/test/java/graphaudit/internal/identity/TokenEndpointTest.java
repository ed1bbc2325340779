package graphaudit.internal.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import graphaudit.Cli;
import graphaudit.ClientCertificates;
import graphaudit.Http;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.audit.Tenants;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev-mode token endpoint over HTTP, as Azure Identity's credentials call it and as Entra ID
 * answers: discovery documents, the client credentials grant with a secret (form or Basic) and with a
 * certificate's client assertion, tokens the service then accepts, and each refusal with Entra's
 * error body, {@code AADSTS} code and status. Apps are registered with the {@code app} command.
 */
class TokenEndpointTest {

  private static final String OTHER_TENANT = "6b0f6b0f-1111-4111-8111-6b0f6b0f6b0f";
  private static final String GRAPH_SCOPE = "https://graph.microsoft.com/.default";

  @RegisterExtension
  static final TestServer server = new TestServer();

  @TempDir
  static Path files;

  private static Map<String, String> secretApp;
  private static Map<String, String> certificateApp;
  private static ClientCertificates certificate;

  @BeforeAll
  static void registerApps() throws Exception {
    secretApp = Cli.appAdded(Cli.run("app", "add", "--data", server.dataDir().toString(), "--name", "collector",
        "--roles", "DeviceManagementApps.Read.All"));
    certificate = ClientCertificates.create();
    certificateApp = Cli.appAdded(Cli.run("app", "add", "--data", server.dataDir().toString(), "--name", "writer",
        "--tenant", OTHER_TENANT, "--cert", certificate.writeCertificate(files).toString()));
  }

  @Test
  void theDiscoveryDocumentsNameThisServicesEndpointsAsEntraWritesThem() {
    JsonNode v2 = server.http().withoutToken().get("/" + Tenants.DEV + "/v2.0/.well-known/openid-configuration").json();
    String authority = server.origin() + "/" + Tenants.DEV;
    assertEquals(authority + "/oauth2/v2.0/token", v2.get("token_endpoint").asText());
    assertEquals(authority + "/oauth2/v2.0/authorize", v2.get("authorization_endpoint").asText());
    assertEquals(authority + "/discovery/v2.0/keys", v2.get("jwks_uri").asText());
    assertEquals(authority + "/v2.0", v2.get("issuer").asText());
    assertTrue(v2.get("token_endpoint_auth_methods_supported").toString().contains("private_key_jwt"));
    JsonNode v1 = server.http().withoutToken().get("/" + Tenants.DEV + "/.well-known/openid-configuration").json();
    assertEquals(authority + "/oauth2/token", v1.get("token_endpoint").asText());
    assertEquals("https://sts.windows.net/" + Tenants.DEV + "/", v1.get("issuer").asText());
    JsonNode common = server.http().withoutToken().get("/common/v2.0/.well-known/openid-configuration").json();
    assertEquals(server.origin() + "/{tenantid}/v2.0", common.get("issuer").asText());
    Http.Response unknown = server.http().withoutToken().get("/contoso.example/v2.0/.well-known/openid-configuration");
    assertEntraError(unknown, 400, "invalid_tenant", 90002, null);
  }

  @Test
  void aSecretGetsAnApplicationTokenThatTheServiceAccepts() throws Exception {
    Http.Response response = token(Tenants.DEV, form("grant_type", "client_credentials", "client_id",
        secretApp.get("AZURE_CLIENT_ID"), "client_secret", secretApp.get("AZURE_CLIENT_SECRET"), "scope", GRAPH_SCOPE));
    assertEquals(200, response.status(), response.body());
    assertEquals("no-store, no-cache", response.header("Cache-Control"));
    JsonNode body = response.json();
    assertEquals("Bearer", body.get("token_type").asText());
    assertEquals(3599, body.get("expires_in").asLong());
    assertEquals(3599, body.get("ext_expires_in").asLong());
    SignedJWT jwt = SignedJWT.parse(body.get("access_token").asText());
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertEquals(Tenants.DEV, claims.getStringClaim("tid"));
    assertEquals(secretApp.get("AZURE_CLIENT_ID"), claims.getStringClaim("appid"));
    assertEquals(List.of("DeviceManagementApps.Read.All"), claims.getStringListClaim("roles"));
    assertEquals("app", claims.getStringClaim("idtyp"));
    assertEquals("https://sts.windows.net/" + Tenants.DEV + "/", claims.getIssuer());

    Http app = server.http().withToken(body.get("access_token").asText());
    assertEquals(200, app.get("/beta/deviceManagement/auditEvents").status());
    assertEquals(403, app.post("/beta/deviceManagement/auditEvents", "{}").status(), "Read.All only reads");

    // the jwks_uri holds the key that signed it
    String keys = server.http().withoutToken().get("/" + Tenants.DEV + "/discovery/v2.0/keys").body();
    RSAKey key = JWKSet.parse(keys).getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
    assertFalse(key.isPrivate(), "only the public half is served");
    assertTrue(jwt.verify(new RSASSAVerifier(key)));
  }

  @Test
  void theSecretMayComeInHttpBasicAsClientSecretBasicSendsIt() {
    String basic = Base64.getEncoder().encodeToString((secretApp.get("AZURE_CLIENT_ID") + ":"
        + URLEncoder.encode(secretApp.get("AZURE_CLIENT_SECRET"), StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8));
    Http.Response response = server.http().withoutToken().post("/" + Tenants.DEV + "/oauth2/v2.0/token",
        form("grant_type", "client_credentials", "scope", GRAPH_SCOPE), "Content-Type",
        "application/x-www-form-urlencoded", "Authorization", "Basic " + basic);
    assertEquals(200, response.status(), response.body());
  }

  @Test
  void theV1EndpointTakesAResourceAndWritesItsNumbersAsStrings() {
    Http.Response response = token(Tenants.DEV, "/oauth2/token", form("grant_type", "client_credentials",
        "client_id", secretApp.get("AZURE_CLIENT_ID"), "client_secret", secretApp.get("AZURE_CLIENT_SECRET"),
        "resource", "https://graph.microsoft.com"));
    assertEquals(200, response.status(), response.body());
    assertEquals("3599", response.json().get("expires_in").textValue());
    assertEquals("https://graph.microsoft.com", response.json().get("resource").asText());
  }

  @Test
  void aWrongSecretIsEntras7000215WithItsTraceAndTheClientsCorrelationId() {
    String correlation = "5b0d7a4c-2f6e-4c43-8d1b-2f4d3a9e1c77";
    Http.Response response = server.http().withoutToken().post("/" + Tenants.DEV + "/oauth2/v2.0/token",
        form("grant_type", "client_credentials", "client_id", secretApp.get("AZURE_CLIENT_ID"), "client_secret",
            "not-the-secret", "scope", GRAPH_SCOPE),
        "Content-Type", "application/x-www-form-urlencoded", "client-request-id", correlation);
    JsonNode body = assertEntraError(response, 401, "invalid_client", 7000215, "Invalid client secret provided.");
    assertEquals(correlation, body.get("correlation_id").asText());
    assertEquals(response.header("request-id"), body.get("trace_id").asText());
    String description = body.get("error_description").asText();
    assertTrue(description.endsWith("\r\nTrace ID: " + body.get("trace_id").asText() + "\r\nCorrelation ID: "
        + correlation + "\r\nTimestamp: " + body.get("timestamp").asText()), description);
    assertEquals("https://login.microsoftonline.com/error?code=7000215", body.get("error_uri").asText());
  }

  @Test
  void anUnknownClientOrAnotherTenantsIsEntras700016AndAnUnknownTenant90002() {
    String secret = secretApp.get("AZURE_CLIENT_SECRET");
    assertEntraError(token(Tenants.DEV, form("grant_type", "client_credentials", "client_id",
        "00000000-0000-0000-0000-000000000001", "client_secret", secret, "scope", GRAPH_SCOPE)), 400,
        "unauthorized_client", 700016, "Application with identifier '00000000-0000-0000-0000-000000000001' was not "
            + "found in the directory '" + Tenants.DEV + "'.");
    assertEntraError(token(OTHER_TENANT, form("grant_type", "client_credentials", "client_id",
        secretApp.get("AZURE_CLIENT_ID"), "client_secret", secret, "scope", GRAPH_SCOPE)), 400,
        "unauthorized_client", 700016, null);
    assertEntraError(token("contoso.example", form("grant_type", "client_credentials", "client_id",
        secretApp.get("AZURE_CLIENT_ID"), "client_secret", secret, "scope", GRAPH_SCOPE)), 400,
        "invalid_request", 90002, "Tenant 'contoso.example' not found.");
    assertEntraError(token("common", form("grant_type", "client_credentials", "client_id",
        secretApp.get("AZURE_CLIENT_ID"), "client_secret", secret, "scope", GRAPH_SCOPE)), 400,
        "invalid_request", 90010, null);
  }

  @Test
  void missingOrUnsupportedParametersAreEntrasRequestErrors() {
    String id = secretApp.get("AZURE_CLIENT_ID");
    String secret = secretApp.get("AZURE_CLIENT_SECRET");
    assertEntraError(token(Tenants.DEV, form("client_id", id, "client_secret", secret, "scope", GRAPH_SCOPE)), 400,
        "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
    assertEntraError(token(Tenants.DEV, form("grant_type", "password", "client_id", id, "scope", GRAPH_SCOPE)), 400,
        "unsupported_grant_type", 70003, null);
    assertEntraError(token(Tenants.DEV, form("grant_type", "client_credentials", "client_secret", secret, "scope",
        GRAPH_SCOPE)), 400, "invalid_request", 900144, "'client_id'");
    assertEntraError(token(Tenants.DEV, form("grant_type", "client_credentials", "client_id", id, "client_secret",
        secret)), 400, "invalid_request", 900144, "'scope'");
    assertEntraError(token(Tenants.DEV, form("grant_type", "client_credentials", "client_id", id, "client_secret",
        secret, "scope", "https://graph.microsoft.com/AuditLog.Read.All")), 400, "invalid_scope", 1002012, null);
    assertEntraError(token(Tenants.DEV, form("grant_type", "client_credentials", "client_id", id, "client_secret",
        secret, "scope", "https://vault.azure.net/.default")), 400, "invalid_resource", 500011, null);
    assertEntraError(token(Tenants.DEV, form("grant_type", "client_credentials", "client_id", id, "scope",
        GRAPH_SCOPE)), 401, "invalid_client", 7000218, null);
    // the scopes MSAL may add are ignored; Graph by its app id is Graph
    assertEquals(200, token(Tenants.DEV, form("grant_type", "client_credentials", "client_id", id, "client_secret",
        secret, "scope", "00000003-0000-0000-c000-000000000000/.default offline_access openid profile")).status());
  }

  @Test
  void aCertificatesAssertionGetsATokenOfItsTenant() throws Exception {
    String id = certificateApp.get("AZURE_CLIENT_ID");
    Http.Response response = token(OTHER_TENANT, assertionForm(id, certificate.assertion(id, endpoint(OTHER_TENANT))));
    assertEquals(200, response.status(), response.body());
    JWTClaimsSet claims = SignedJWT.parse(response.json().get("access_token").asText()).getJWTClaimsSet();
    assertEquals(OTHER_TENANT, claims.getStringClaim("tid"));
    assertEquals(List.of(Token.READ_WRITE), claims.getStringListClaim("roles"));
    // MSAL's older header, the SHA-1 x5t, names it too
    String sha1 = certificate.assertion(id, endpoint(OTHER_TENANT), header -> {
      header.x509CertSHA256Thumbprint(null);
      header.x509CertThumbprint(certificate.sha1Thumbprint());
    }, claims2 -> { });
    assertEquals(200, token(OTHER_TENANT, assertionForm(id, sha1)).status());
  }

  @Test
  void aBadAssertionIsRefusedWithEntrasCodeForWhatIsWrong() {
    String id = certificateApp.get("AZURE_CLIENT_ID");
    String audience = endpoint(OTHER_TENANT);
    ClientCertificates stranger = ClientCertificates.create();
    assertEntraError(token(OTHER_TENANT, assertionForm(id, certificate.assertion(id, audience, header -> { },
        claims -> { }, stranger.keys))), 401, "invalid_client", 700027, "invalid signature");
    assertEntraError(token(OTHER_TENANT, assertionForm(id, stranger.assertion(id, audience))), 401, "invalid_client",
        700027, "not registered on application");
    assertEntraError(token(OTHER_TENANT, assertionForm(id, certificate.assertion(id, audience,
        header -> header.x509CertSHA256Thumbprint(null), claims -> { }))), 401, "invalid_client", 5002723, null);
    assertEntraError(token(OTHER_TENANT, assertionForm(id, certificate.assertion(id,
        server.origin() + "/" + Tenants.DEV + "/oauth2/v2.0/token"))), 401, "invalid_client", 700023, null);
    Instant past = Instant.now().minus(Duration.ofHours(2));
    assertEntraError(token(OTHER_TENANT, assertionForm(id, certificate.assertion(id, audience, header -> { },
        claims -> claims.notBeforeTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(600)))))), 401,
        "invalid_client", 700024, "not within its valid time range");
    assertEntraError(token(OTHER_TENANT, assertionForm(id, certificate.assertion(id, audience, header -> { },
        claims -> claims.issuer("someone-else").subject("someone-else")))), 401, "invalid_client", 700021, null);
    assertEntraError(token(OTHER_TENANT, assertionForm(id, "not.a.jwt")), 400, "invalid_request", 50027, null);
    assertEntraError(token(OTHER_TENANT, assertionForm(id, hmacAssertion(id, audience))), 401, "invalid_client",
        5002738, null);
  }

  @Test
  void aRemovedAppGetsNoMoreTokens() {
    Map<String, String> app = Cli.appAdded(Cli.run("app", "add", "--data", server.dataDir().toString(), "--name", "temporary"));
    Map<String, String> request = Map.of("grant_type", "client_credentials", "client_id", app.get("AZURE_CLIENT_ID"),
        "client_secret", app.get("AZURE_CLIENT_SECRET"), "scope", GRAPH_SCOPE);
    assertEquals(200, token(Tenants.DEV, form(request)).status());
    Cli.Run listed = Cli.run("app", "list", "--data", server.dataDir().toString());
    assertTrue(listed.out().contains(app.get("AZURE_CLIENT_ID") + "  temporary  tenant " + Tenants.DEV), listed.out());
    assertFalse(listed.out().contains(app.get("AZURE_CLIENT_SECRET")), "a secret is never shown again");
    Cli.Run removed = Cli.run("app", "remove", "--data", server.dataDir().toString(), "temporary");
    assertEquals(0, removed.exit(), removed.err());
    assertEntraError(token(Tenants.DEV, form(request)), 400, "unauthorized_client", 700016, null);
    Cli.Run again = Cli.run("app", "remove", "--data", server.dataDir().toString(), "temporary");
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("no app 'temporary'"), again.err());
  }

  @Test
  void theAppCommandRefusesABadTenantOrCertificateInOneLine() throws Exception {
    Cli.Run tenant = Cli.run("app", "add", "--data", files.toString(), "--name", "x", "--tenant", "contoso");
    assertEquals(1, tenant.exit());
    assertEquals(1, tenant.err().strip().lines().count(), tenant.err());
    Cli.Run cert = Cli.run("app", "add", "--data", files.toString(), "--name", "x", "--cert",
        java.nio.file.Files.writeString(files.resolve("not-a-cert.pem"), "hello").toString());
    assertEquals(1, cert.exit());
    assertTrue(cert.err().contains("no PEM certificate"), cert.err());
  }

  // ---------------------------------------------------------------- helpers

  private static String endpoint(String tenant) {
    return server.origin() + "/" + tenant + "/oauth2/v2.0/token";
  }

  private static String assertionForm(String clientId, String assertion) {
    return form("grant_type", "client_credentials", "client_id", clientId, "client_assertion_type",
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion, "scope", GRAPH_SCOPE);
  }

  private static String hmacAssertion(String clientId, String audience) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
          .x509CertSHA256Thumbprint(certificate.sha256Thumbprint()).build(),
          new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
              .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
      jwt.sign(new MACSigner(new byte[32]));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Http.Response token(String tenant, String form) {
    return token(tenant, "/oauth2/v2.0/token", form);
  }

  private static Http.Response token(String tenant, String path, String form) {
    return server.http().withoutToken().post("/" + tenant + path, form, "Content-Type",
        "application/x-www-form-urlencoded");
  }

  static String form(String... pairs) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return form(values);
  }

  static String form(Map<String, String> values) {
    return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }

  /** Entra's error body: status, error, the one code, its text, and the ids and timestamp around it. */
  static JsonNode assertEntraError(Http.Response response, int status, String error, long code, String text) {
    assertEquals(status, response.status(), response.body());
    assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
    JsonNode body = response.json();
    assertEquals(error, body.get("error").asText(), response.body());
    assertEquals("[" + code + "]", body.get("error_codes").toString(), response.body());
    String description = body.get("error_description").asText();
    assertTrue(description.startsWith("AADSTS" + code + ": "), description);
    if (text != null) {
      assertTrue(description.contains(text), description);
    }
    assertTrue(body.get("timestamp").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}Z"), response.body());
    assertTrue(body.get("trace_id").asText().matches("[0-9a-f-]{36}"), response.body());
    assertTrue(body.get("correlation_id").asText().matches("[0-9a-f-]{36}"), response.body());
    assertNull(body.get("access_token"));
    return body;
  }
}
