package graphaudit.internal.auth;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import graphaudit.GraphAuditConfig;
import graphaudit.Http;
import graphaudit.Jwts;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.audit.Tenants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract §7 as a status matrix over the wire: every operation × every way a token can be invalid
 * (401 {@code InvalidAuthenticationToken} with a Bearer challenge, nothing changed), and every operation
 * × delegated/application × Read/ReadWrite/no permission (success or 403 {@code Forbidden} naming the
 * permissions that would allow it).
 */
class AuthMatrixTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String BODY =
      "{\"category\":\"Matrix\",\"activityType\":\"Probe\",\"activityDateTime\":\"2024-01-09T00:00:00Z\","
          + "\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"}";

  /** Every operation of contract §3 (and the documents), with its success status. */
  enum Operation {
    LIST("GET", EVENTS, 200),
    LIST_V1("GET", "/v1.0/deviceManagement/auditEvents?$top=1", 200),
    GET("GET", EVENTS + "/{id}", 200),
    COUNT("GET", EVENTS + "/$count", 200),
    CATEGORIES("GET", EVENTS + "/getAuditCategories()", 200),
    ACTIVITY_TYPES("GET", EVENTS + "/getAuditActivityTypes(category='Matrix')", 200),
    METADATA("GET", "/beta/$metadata", 200),
    SERVICE_DOCUMENT("GET", "/v1.0/", 200),
    CREATE("POST", EVENTS, 201),
    UPDATE("PATCH", EVENTS + "/{id}", 200),
    REPLACE("PUT", EVENTS + "/{id}", 200),
    DELETE("DELETE", EVENTS + "/{id}", 204);

    final String method;
    final String path;
    final int success;

    Operation(String method, String path, int success) {
      this.method = method;
      this.path = path;
      this.success = success;
    }

    boolean writes() {
      return !method.equals("GET");
    }

    /** Sends this operation, on a fresh event, with {@code authorization} (null: no header). */
    Http.Response send(String authorization) {
      String id = server.http().post(EVENTS, BODY).json().get("id").asText();
      String body = method.equals("POST") || method.equals("PATCH") || method.equals("PUT") ? BODY : null;
      Http client = server.http().withoutToken();
      String url = path.replace("{id}", id);
      return authorization == null
          ? client.send(method, url, body, "Content-Type", "application/json")
          : client.send(method, url, body, "Content-Type", "application/json", "Authorization", authorization);
    }
  }

  // ---------------------------------------------------------------- 401

  private static final String OTHER_TENANT = "2f4a9c1e-0b3d-4e5f-8a7b-6c9d0e1f2a3b";

  /** A way a bearer token (or the header) can be wrong, given the dev key. */
  private record BadToken(String name, Function<RSAKey, String> authorization) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<BadToken> BAD_TOKENS = List.of(
      new BadToken("missing", key -> null),
      new BadToken("empty bearer", key -> "Bearer "),
      new BadToken("basic scheme", key -> "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8))),
      new BadToken("not a JWT", key -> "Bearer not-a-jwt"),
      new BadToken("garbage parts", key -> "Bearer a.b.c"),
      new BadToken("expired", key -> bearer(key, c -> c
          .issueTime(minutesFromNow(-70)).notBeforeTime(minutesFromNow(-70)).expirationTime(minutesFromNow(-10)))),
      new BadToken("not yet valid", key -> bearer(key, c -> c.notBeforeTime(minutesFromNow(10)))),
      new BadToken("wrong audience", key -> bearer(key, c -> c.audience("https://management.azure.com"))),
      new BadToken("wrong issuer", key -> bearer(key, c -> c.issuer("https://login.example.com/" + Tenants.DEV + "/"))),
      new BadToken("issuer of another tenant", key -> bearer(key, c -> c.issuer("https://sts.windows.net/" + OTHER_TENANT + "/"))),
      new BadToken("no tid", key -> bearer(key, c -> c.claim("tid", null))),
      new BadToken("no exp", key -> bearer(key, c -> c.expirationTime(null))),
      new BadToken("wrong signature", key -> "Bearer " + Jwts.rs256(Jwts.newRsaKey(key.getKeyID()), readWrite().build())),
      new BadToken("tampered payload", key -> tampered(Jwts.rs256(key, readWrite().build()))),
      new BadToken("alg none", key -> "Bearer " + Jwts.unsigned(readWrite().build())),
      new BadToken("alg none with signature", key -> "Bearer " + Jwts.unsigned(readWrite().build())
          + Jwts.rs256(key, readWrite().build()).replaceAll(".*\\.", "")),
      new BadToken("HS256 keyed with the public key", key -> "Bearer "
          + Jwts.hs256(publicKeyBytes(key), key.getKeyID(), readWrite().build())));

  static Stream<Arguments> operationsTimesBadTokens() {
    List<Arguments> cases = new ArrayList<>();
    for (Operation operation : Operation.values()) {
      for (BadToken bad : BAD_TOKENS) {
        cases.add(Arguments.of(operation, bad));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} with {1} token")
  @MethodSource("operationsTimesBadTokens")
  void invalidTokenIs401WithABearerChallenge(Operation operation, BadToken bad) {
    String count = server.http().get(EVENTS + "/$count").body();
    Http.Response response = operation.send(bad.authorization().apply(devKey()));

    String message = assertGraphError(response, 401, "InvalidAuthenticationToken");
    // each 401 says where a good token comes from, as the wrong-key one always did
    assertTrue(message.contains("with the token command and --data "), message);
    assertEquals(AccessControl.CHALLENGE, response.header("WWW-Authenticate"));
    assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"));
    int created = 1; // Operation.send creates the event it works on, with the default token
    assertEquals(Long.parseLong(count) + created, Long.parseLong(server.http().get(EVENTS + "/$count").body()),
        "a refused request changes nothing");
  }

  // ---------------------------------------------------------------- 200 / 403

  enum Grant {
    READ(Permissions.READ), READ_WRITE(Permissions.READ_WRITE), NONE(), UNRELATED("User.Read", "Mail.Send");

    final String[] permissions;

    Grant(String... permissions) {
      this.permissions = permissions;
    }
  }

  static Stream<Arguments> operationsTimesKindsTimesGrants() {
    List<Arguments> cases = new ArrayList<>();
    for (Operation operation : Operation.values()) {
      for (boolean application : new boolean[] {false, true}) {
        for (Grant grant : Grant.values()) {
          cases.add(Arguments.of(operation, application ? "application" : "delegated", grant));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} by {1} token with {2}")
  @MethodSource("operationsTimesKindsTimesGrants")
  void permissionDecidesBetweenSuccessAnd403(Operation operation, String kind, Grant grant) {
    Token token = kind.equals("application")
        ? Token.application(Tenants.DEV, grant.permissions)
        : Token.delegated(Tenants.DEV, grant.permissions);
    boolean allowed = grant == Grant.READ_WRITE || (grant == Grant.READ && !operation.writes());

    Http.Response response = operation.send("Bearer " + server.mint(token));

    if (allowed) {
      assertEquals(operation.success, response.status(), response.body());
      assertNull(response.header("WWW-Authenticate"));
    } else {
      String message = assertGraphError(response, 403, "Forbidden");
      assertTrue(message.contains(Permissions.READ_WRITE), message);
      assertEquals(!operation.writes(), message.contains(Permissions.READ + ","), message);
      assertTrue(message.contains(kind.equals("application") ? "'roles'" : "'scp'"), message);
    }
  }

  // ---------------------------------------------------------------- tenants, audiences, health

  @ParameterizedTest
  @EnumSource(value = Operation.class, names = {"LIST", "GET", "CREATE", "DELETE", "METADATA"})
  void personalAccountTenantIs403(Operation operation) {
    String delegated = jwt(c -> c.claim("tid", AccessControl.PERSONAL_ACCOUNTS_TENANT)
        .issuer("https://sts.windows.net/" + AccessControl.PERSONAL_ACCOUNTS_TENANT + "/"));
    String application = "Bearer " + server.mint(
        Token.application(AccessControl.PERSONAL_ACCOUNTS_TENANT, Permissions.READ_WRITE));

    for (String authorization : List.of("Bearer " + delegated, application)) {
      String message = assertGraphError(operation.send(authorization), 403, "Forbidden");
      assertTrue(message.contains(AccessControl.PERSONAL_ACCOUNTS_TENANT), message);
    }
  }

  @Test
  void bothGraphAudiencesAreAccepted() {
    for (String audience : new GraphAuditConfig().auth().audiences()) {
      assertEquals(200, Operation.LIST.send("Bearer " + jwt(c -> c.audience(audience))).status(), audience);
    }
    assertEquals(200, Operation.LIST.send("Bearer " + jwt(c -> c.audience(List.of("api://other",
        GraphAuditConfig.Auth.GRAPH_APP_ID)))).status(), "one accepted audience among several");
  }

  @Test
  void clockSkewOfAFewMinutesIsTolerated() {
    assertEquals(200, Operation.LIST.send("Bearer " + jwt(c -> c.expirationTime(minutesFromNow(-2)))).status());
    assertEquals(200, Operation.LIST.send("Bearer " + jwt(c -> c.notBeforeTime(minutesFromNow(2)))).status());
  }

  @Test
  void bearerSchemeIsCaseInsensitive() {
    assertEquals(200, Operation.LIST.send("bearer " + server.token()).status());
  }

  @Test
  void healthNeedsNoToken() {
    assertEquals(200, server.http().withoutToken().get("/health").status());
  }

  @Test
  void unauthorizedErrorsCarryRequestIds() {
    Http.Response response = server.http().withoutToken().get(EVENTS, "client-request-id", "mine-123");
    assertGraphError(response, 401, "InvalidAuthenticationToken");
    assertEquals("mine-123", response.header("client-request-id"));
  }

  // ---------------------------------------------------------------- tokens

  private static RSAKey devKey() {
    try {
      return DevSigningKey.loadOrCreate(server.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JWTClaimsSet.Builder readWrite() {
    return Jwts.claims(Tenants.DEV, Permissions.READ_WRITE);
  }

  /** A ReadWrite dev-key token with {@code change} applied to its claims. */
  private static String jwt(Function<JWTClaimsSet.Builder, JWTClaimsSet.Builder> change) {
    return Jwts.rs256(devKey(), change.apply(readWrite()).build());
  }

  private static String bearer(RSAKey key, Function<JWTClaimsSet.Builder, JWTClaimsSet.Builder> change) {
    return "Bearer " + Jwts.rs256(key, change.apply(readWrite()).build());
  }

  /** The token with its payload swapped for one granting another tenant, signature kept. */
  private static String tampered(String token) {
    String[] parts = token.split("\\.");
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        Jwts.claims(OTHER_TENANT, Permissions.READ_WRITE).build().toString().getBytes(StandardCharsets.UTF_8));
    return "Bearer " + parts[0] + "." + payload + "." + parts[2];
  }

  private static byte[] publicKeyBytes(RSAKey key) {
    return key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
  }

  private static Date minutesFromNow(int minutes) {
    return Date.from(Instant.now().plus(Duration.ofMinutes(minutes)));
  }
}
