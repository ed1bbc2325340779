package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.internal.auth.Permissions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded, seeded fuzz run: a few thousand requests made by mutating valid ones (method, path, query
 * options, headers, body, token). None may get a 5xx or hang, every error must be Graph-shaped, and
 * tenant A's events stored before the run must read back identically afterwards (the fuzzer writes
 * only as tenant B, as A with Read only, or with broken tokens). Prints its figures.
 */
@Tag("slow")
class FuzzTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  private static final long SEED = 20261121L;
  private static final int CASES = 3000;
  private static final String TENANT_A = "a0a0a0a0-1234-4567-89ab-a0a0a0a0a0a0";
  private static final String TENANT_B = "b0b0b0b0-1234-4567-89ab-b0b0b0b0b0b0";
  private static final String VALID_BODY = "{\"@odata.type\":\"#microsoft.graph.auditEvent\",\"displayName\":\"Fuzz\","
      + "\"category\":\"Fuzz\",\"actor\":{\"@odata.type\":\"microsoft.graph.auditActor\",\"userPrincipalName\":\"a@b.c\","
      + "\"userPermissions\":[\"*\"]},\"resources\":[{\"displayName\":\"r\",\"modifiedProperties\":[{\"displayName\":\"p\","
      + "\"oldValue\":\"1\",\"newValue\":\"2\"}]}],\"activityDateTime\":\"2016-12-31T23:59:51.6363086-08:00\","
      + "\"correlationId\":\"52effe71-fe71-52ef-71fe-ef5271feef52\"}";
  private static final String[] ROOTS = {"/beta", "/v1.0", "/BETA", "/v2.0", ""};
  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "POST", "PATCH", "PUT", "DELETE"};
  private static final String[] OPTIONS = {"$top", "$skip", "$count", "$select", "$filter", "$orderby", "$expand",
      "$format", "$skiptoken", "$search", "top", "filter", "$apply", "$levels", "x"};
  private static final String[] VALUES = {"-1", "0", "1", "999999999999999999999", "abc", "true", "id", "id desc,",
      "category eq 'Fuzz'", "category eq", "(((", "'", "''", "json", "xml", "%27", "%00", "null", "actor/x",
      "resources/any(r: r/x eq 1)", "\"text\"", "\u00e9\u4e2d", "$", "@p", ")"};
  private static final String[] CONTENT_TYPES = {"application/json", "application/json;odata.metadata=none",
      "text/plain", "application/xml", "multipart/mixed;boundary=x", "application/json; charset=utf-16", "", "*/*"};
  private static final String[] JSON_FRAGMENTS = {"null", "{}", "[]", "1e999", "-0", "\"\\u0000\"", "\"\\ud800\"",
      "[[[[[[[[[[]]]]]]]]]]", "{\"@odata.type\":\"#x\"}", "true", "\"x\"", "12345678901234567890123", "{\"a\":"};

  private static final List<String> idsOfA = new ArrayList<>();
  private static final Map<String, String> before = new LinkedHashMap<>();
  private static Http a;
  private static List<String> authorizations;

  @BeforeAll
  static void tenantAHasEvents() {
    a = server.http().withToken(server.mint(Token.delegated(TENANT_A, Permissions.READ_WRITE)));
    for (int i = 0; i < 20; i++) {
      Http.Response created = a.post("/beta/deviceManagement/auditEvents", VALID_BODY.replace("Fuzz", "Kept" + i));
      assertEquals(201, created.status(), created.body());
      idsOfA.add(created.json().get("id").asText());
    }
    idsOfA.add("fixed-id-kept");
    assertEquals(201, a.post("/beta/deviceManagement/auditEvents",
        "{\"id\":\"fixed-id-kept\"," + VALID_BODY.substring(1)).status());
    for (String id : idsOfA) {
      before.put(id, snapshot(id));
    }
    String readWriteOfA = server.mint(Token.delegated(TENANT_A, Permissions.READ_WRITE));
    authorizations = List.of(
        "Bearer " + server.mint(Token.application(TENANT_B, Permissions.READ_WRITE)),
        "Bearer " + server.mint(Token.delegated(TENANT_B, Permissions.READ_WRITE)),
        "Bearer " + server.mint(Token.delegated(TENANT_A, Permissions.READ)),
        "Bearer " + server.mint(Token.application(TENANT_A)),
        "Bearer " + readWriteOfA); // only ever sent mutated, see authorization()
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // backstop; each request has its own 10 s bound
  void mutatedRequestsNeverBreakTheService() {
    Random random = new Random(SEED);
    Map<Integer, Integer> statuses = new TreeMap<>();
    int serverErrors = 0;
    int notSendable = 0;
    long start = System.nanoTime();
    for (int n = 0; n < CASES; n++) {
      String method = pick(random, METHODS);
      String url = url(random);
      List<String> headers = headers(random);
      byte[] body = method.equals("GET") || method.equals("DELETE") && random.nextInt(4) > 0 ? null : body(random);
      String description = "case " + n + ": " + method + " " + url + " " + headers + " body "
          + (body == null ? "none" : new String(body, StandardCharsets.UTF_8).substring(0, Math.min(200, body.length)));
      Http.Response response;
      try {
        response = server.http().withoutToken().sendBytes(method, url, body, headers.toArray(String[]::new));
      } catch (IllegalArgumentException e) {
        notSendable++; // the client itself refuses (e.g. an illegal header); nothing reached the server
        continue;
      } catch (RuntimeException e) {
        fail("no answer (hang or dropped connection) for " + description, e);
        return;
      }
      statuses.merge(response.status(), 1, Integer::sum);
      if (response.status() >= 500) {
        serverErrors++;
      }
      assertTrue(response.status() < 500, description + " -> " + response.status() + " " + response.body());
      if (response.status() >= 400) {
        assertGraphShaped(response, description);
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.printf("fuzz: seed %d, %d cases (%d not sendable by the client) in %d ms, statuses %s, 5xx %d%n",
        SEED, CASES, notSendable, millis, statuses, serverErrors);

    for (String id : idsOfA) {
      assertEquals(before.get(id), snapshot(id), "tenant A's event " + id + " changed");
    }
    assertEquals(String.valueOf(idsOfA.size()), a.get("/beta/deviceManagement/auditEvents/$count").body());
  }

  private static String snapshot(String id) {
    Http.Response response = a.get("/beta/deviceManagement/auditEvents/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    assertEquals(200, response.status(), response.body());
    return response.body();
  }

  private static void assertGraphShaped(Http.Response response, String description) {
    String context = description + " -> " + response.status() + " " + response.body();
    assertTrue(String.valueOf(response.header("Content-Type")).startsWith("application/json"), context);
    JsonNode error = response.json().path("error");
    assertTrue(error.path("code").isTextual() && !error.path("message").asText().isBlank(), context);
    assertEquals(response.header("request-id"), error.path("innerError").path("request-id").asText(), context);
  }

  private static String url(Random random) {
    String root = pick(random, ROOTS);
    String id = random.nextInt(3) == 0 ? "nope-" + random.nextInt(100) : idsOfA.get(random.nextInt(idsOfA.size()));
    String[] paths = {"/deviceManagement/auditEvents", "/deviceManagement/auditEvents/" + encode(id),
        "/deviceManagement/auditEvents('" + encode(id.replace("'", "''")) + "')", "/deviceManagement/auditEvents/$count",
        "/deviceManagement/auditEvents/getAuditCategories()", "/deviceManagement/auditEvents/getAuditActivityTypes(category='Fuzz')",
        "/deviceManagement/auditEvents/microsoft.graph.getAuditCategories", "/$metadata", "/", "/deviceManagement",
        "/$batch", "/deviceManagement/auditEvents/" + encode(id) + "/actor", "/health"};
    StringBuilder url = new StringBuilder(root).append(pick(random, paths));
    if (random.nextInt(3) == 0) { // a random character, percent-encoded, somewhere in the path
      int at = random.nextInt(url.length() + 1);
      url.insert(at, encode(String.valueOf((char) (random.nextInt(0x2FF) + 1))));
    }
    int options = random.nextInt(4);
    for (int i = 0; i < options; i++) {
      url.append(i == 0 ? '?' : '&').append(encode(pick(random, OPTIONS))).append('=').append(encode(pick(random, VALUES)));
    }
    return url.toString().startsWith("/") ? url.toString() : "/" + url;
  }

  private static List<String> headers(Random random) {
    List<String> headers = new ArrayList<>();
    String authorization = authorization(random);
    if (authorization != null) {
      headers.add("Authorization");
      headers.add(authorization);
    }
    if (random.nextInt(4) > 0) {
      headers.add("Content-Type");
      headers.add(pick(random, CONTENT_TYPES));
    }
    String[][] extra = {{"Accept", "application/json;odata.metadata=full"}, {"Accept", "application/xml"},
        {"Prefer", "odata.maxpagesize=" + (random.nextInt(3000) - 10)}, {"Prefer", "return=minimal"},
        {"OData-MaxVersion", "4.01"}, {"OData-Version", "3.0"}, {"If-Match", "*"}, {"client-request-id", "\u00e9x"},
        {"Accept-Charset", "utf-16"}, {"X-HTTP-Method", "DELETE"}};
    int count = random.nextInt(3);
    for (int i = 0; i < count; i++) {
      String[] header = extra[random.nextInt(extra.length)];
      headers.add(header[0]);
      headers.add(header[1]);
    }
    return headers;
  }

  /** A valid token of B or a Read-only one of A, none, garbage, or tenant A's ReadWrite token broken somehow. */
  private static String authorization(Random random) {
    int choice = random.nextInt(10);
    if (choice < 4) {
      return authorizations.get(random.nextInt(4));
    }
    if (choice == 4) {
      return null;
    }
    if (choice == 5) {
      return pick(random, new String[] {"Bearer", "Bearer ", "Basic YTpi", "Bearer a.b.c", "Bearer ....", "bearer x y"});
    }
    char[] token = authorizations.get(4).toCharArray();
    int prefix = "Bearer ".length();
    int dots = 0;
    for (int i = prefix; i < token.length; i++) {
      dots += token[i] == '.' ? 1 : 0;
    }
    switch (choice) {
      case 6 -> { // one character of header, payload or signature changed
        int at = prefix + random.nextInt(token.length - prefix);
        token[at] = token[at] == 'A' ? 'B' : 'A';
        if (token[at] == '.') {
          token[at] = 'x';
        }
        return new String(token);
      }
      case 7 -> { // truncated
        return new String(token, 0, prefix + random.nextInt(token.length - prefix));
      }
      case 8 -> { // signature dropped (alg none in disguise)
        String text = new String(token);
        return text.substring(0, text.lastIndexOf('.') + 1);
      }
      default -> { // another token's signature
        String text = new String(token);
        String other = authorizations.get(random.nextInt(4));
        return dots == 2 ? text.substring(0, text.lastIndexOf('.')) + other.substring(other.lastIndexOf('.')) : text + "x";
      }
    }
  }

  private static byte[] body(Random random) {
    StringBuilder body = new StringBuilder(VALID_BODY);
    int mutations = random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      int at = random.nextInt(body.length() + 1);
      switch (random.nextInt(6)) {
        case 0 -> body.setLength(at); // truncate
        case 1 -> body.insert(at, pick(random, JSON_FRAGMENTS));
        case 2 -> {
          if (at < body.length()) {
            body.setCharAt(at, (char) (random.nextInt(0x7F - 0x20) + 0x20));
          }
        }
        case 3 -> body.insert(at, ",\"" + pick(random, new String[] {"id", "category", "actor", "resources",
            "activityDateTime", "correlationId", "x@odata.type", "@odata.context"}) + "\":" + pick(random, JSON_FRAGMENTS));
        case 4 -> body.replace(0, body.length(), pick(random, JSON_FRAGMENTS));
        default -> body.insert(at, "\"" + "s".repeat(random.nextInt(70_000)) + "\"");
      }
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(20) == 0 && bytes.length > 0) {
      bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80)); // invalid UTF-8
    }
    return bytes;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String pick(Random random, String[] from) {
    return from[random.nextInt(from.length)];
  }
}
