package graphaudit.internal.auth;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import graphaudit.GraphErrorAssert;
import graphaudit.Http;
import graphaudit.Jwts;
import graphaudit.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JWKS mode against a local key set file holding two keys (RSA and EC): tokens signed by either are
 * accepted, the key is chosen by kid, and a rotation of the file (a new kid in, an old one out) takes
 * effect without a restart. Tokens signed by any other key are 401.
 */
class JwksFileTest {

  private static final String TENANT = "e1e1e1e1-5555-4555-8555-e1e1e1e1e1e1";
  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final RSAKey RSA_1 = Jwts.newRsaKey("rsa-1");
  private static final ECKey EC_2 = Jwts.newEcKey("ec-2");
  private static final RSAKey RSA_3 = Jwts.newRsaKey("rsa-3");
  private static final Path JWKS = writeKeySet(tempFile(), RSA_1, EC_2);

  @RegisterExtension
  static final TestServer server = new TestServer().withConfig(config -> config.auth().jwks(JWKS));

  @AfterEach
  void restoreTheTwoKeys() {
    writeKeySet(JWKS, RSA_1, EC_2);
  }

  @Test
  void tokensSignedByEitherKeyOfTheSetAreAccepted() {
    assertEquals(201, as(Jwts.rs256(RSA_1, claims())).post(EVENTS, event()).status());
    assertEquals(201, as(Jwts.es256(EC_2, claims())).post(EVENTS, event()).status());
    assertEquals(200, as(Jwts.es256(EC_2, claims())).get(EVENTS).status());
  }

  @Test
  void tokensOfOtherKeysAreRefused() {
    assertGraphError(as(Jwts.rs256(RSA_3, claims())).get(EVENTS), 401, "InvalidAuthenticationToken");
    assertGraphError(as(Jwts.rs256(Jwts.newRsaKey("rsa-1"), claims())).get(EVENTS), 401,
        "InvalidAuthenticationToken"); // right kid, wrong key
    assertGraphError(as(Jwts.unsigned(claims())).get(EVENTS), 401, "InvalidAuthenticationToken");
    assertGraphError(server.http().get(EVENTS), 401, "InvalidAuthenticationToken"); // no token at all
  }

  @Test
  void rotationTakesEffectWithoutARestart() {
    assertEquals(200, as(Jwts.rs256(RSA_1, claims())).get(EVENTS).status());

    writeKeySet(JWKS, EC_2, RSA_3); // rsa-3 in, rsa-1 out

    assertEquals(200, as(Jwts.rs256(RSA_3, claims())).get(EVENTS).status(), "an unknown kid refreshes the set");
    assertEquals(200, as(Jwts.es256(EC_2, claims())).get(EVENTS).status(), "a kept key still works");
    assertGraphError(as(Jwts.rs256(RSA_1, claims())).get(EVENTS), 401, "InvalidAuthenticationToken");
  }

  @Test
  void claimsAreCheckedAsInDevMode() {
    assertGraphError(as(Jwts.rs256(RSA_1, new JWTClaimsSet.Builder(claims()).audience("api://other").build()))
        .get(EVENTS), 401, "InvalidAuthenticationToken");
    assertGraphError(as(Jwts.rs256(RSA_1, new JWTClaimsSet.Builder(claims()).issuer("https://evil.example/").build()))
        .get(EVENTS), 401, "InvalidAuthenticationToken");
    assertGraphError(as(Jwts.rs256(RSA_1, Jwts.claims(TENANT, Permissions.READ).build())).delete(EVENTS + "/x"),
        403, "Forbidden");
  }

  private static Http as(String token) {
    return server.http().withToken(token);
  }

  private static JWTClaimsSet claims() {
    return Jwts.claims(TENANT, Permissions.READ_WRITE).build();
  }

  private static String event() {
    return "{\"activityDateTime\":\"2024-01-09T00:00:00Z\",\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"}";
  }

  private static Path tempFile() {
    try {
      Path file = Files.createTempFile("graph-audit-jwks", ".json");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the public halves of {@code keys} as a JWKS document. */
  static Path writeKeySet(Path file, JWK... keys) {
    try {
      Files.writeString(file, new JWKSet(List.of(keys)).toPublicJWKSet().toString(), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theEmulationAdminRequestIsRefusedOutsideDevMode() {
    assertGraphError(as(Jwts.rs256(RSA_1, claims())).get("/admin/emulation"), 403, "Forbidden");
  }

  @Test
  void theResetSeedAndImportRequestsAreRefusedOutsideDevMode() {
    assertGraphError(as(Jwts.rs256(RSA_1, claims())).post("/admin/reset", ""), 403, "Forbidden");
    assertGraphError(as(Jwts.rs256(RSA_1, claims())).post("/admin/seed", "{\"events\":5}"), 403, "Forbidden");
    String line = "{\"id\":\"outside-dev\"," + event().substring(1);
    assertGraphError(as(Jwts.rs256(RSA_1, claims())).post("/admin/import?format=ndjson", line), 403, "Forbidden");
    assertEquals(404, as(Jwts.rs256(RSA_1, claims())).get(EVENTS + "/outside-dev").status(), "nothing imported");
  }

  @Test
  void noCrossOriginAccessOutsideDevModeUnlessListed() {
    assertEquals(null, as(Jwts.rs256(RSA_1, claims())).get(EVENTS, "Origin", "https://app.example")
        .header("Access-Control-Allow-Origin"));
  }

  @Test
  void theViewersDevTokenIsRefusedOutsideDevMode() {
    Http.Response refused = server.http().withoutToken().post("/viewer/dev-token", "{\"tenant\":\"" + TENANT + "\"}");
    GraphErrorAssert.assertGraphError(refused, 403, "Forbidden");
    org.junit.jupiter.api.Assertions.assertTrue(refused.json().at("/error/message").asText().contains("dev mode"));
  }
}
