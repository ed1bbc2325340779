package graphaudit.internal.auth;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import graphaudit.GraphAuditConfig;
import graphaudit.Http;
import graphaudit.Jwts;
import graphaudit.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JWKS mode against a key set served over HTTP, with a v2.0-style issuer template and a custom
 * audience: tokens are accepted, and the key set is fetched once and cached, not per request.
 */
class JwksUriTest {

  private static final String TENANT = "f2f2f2f2-6666-4666-8666-f2f2f2f2f2f2";
  private static final String ISSUER = "https://login.microsoftonline.com/{tid}/v2.0";
  private static final String AUDIENCE = "api://graph-audit";
  private static final RSAKey KEY = Jwts.newRsaKey("uri-key");
  private static final AtomicInteger FETCHES = new AtomicInteger();
  private static final HttpServer KEYS = serve(new JWKSet(KEY).toPublicJWKSet().toString());

  @RegisterExtension
  static final TestServer server = new TestServer().withConfig(config -> config.auth()
      .jwks(URI.create("http://127.0.0.1:" + KEYS.getAddress().getPort() + "/keys")).issuer(ISSUER)
      .audiences(Set.of(AUDIENCE)));

  @AfterAll
  static void stopKeyServer() {
    KEYS.stop(0);
  }

  @Test
  void keysAreFetchedOnceAndCached() {
    Http client = server.http().withToken(Jwts.rs256(KEY, claims().build()));
    for (int i = 0; i < 20; i++) {
      assertEquals(200, client.get("/beta/deviceManagement/auditEvents").status());
    }
    assertEquals(1, FETCHES.get());
  }

  @Test
  void issuerTemplateAndAudienceAreThoseConfigured() {
    assertGraphError(server.http().withToken(Jwts.rs256(KEY, claims().audience(GraphAuditConfig.Auth.GRAPH_AUDIENCE).build()))
        .get("/beta/deviceManagement/auditEvents"), 401, "InvalidAuthenticationToken");
    assertGraphError(server.http().withToken(Jwts.rs256(KEY, claims()
            .issuer("https://sts.windows.net/" + TENANT + "/").build()))
        .get("/beta/deviceManagement/auditEvents"), 401, "InvalidAuthenticationToken");
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder(Jwts.claims(TENANT, Permissions.READ).build())
        .issuer(ISSUER.replace("{tid}", TENANT)).audience(AUDIENCE);
  }

  private static HttpServer serve(String keySet) {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext("/keys", exchange -> {
        FETCHES.incrementAndGet();
        byte[] body = keySet.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      http.start();
      return http;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
