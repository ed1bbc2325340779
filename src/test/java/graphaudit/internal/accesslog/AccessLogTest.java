package graphaudit.internal.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Events;
import graphaudit.Http;
import graphaudit.TestServer;
import graphaudit.internal.audit.Tenants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --access-log FILE}: one JSON line per request with its request-id, method, path, status,
 * duration and tenant, and never the bearer token nor a secret query value.
 */
class AccessLogTest {

  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final Path LOG = logFile();

  @RegisterExtension
  static final TestServer server = new TestServer().withConfig(config -> config.http().accessLog(LOG.toString()));

  private static Path logFile() {
    try {
      return Files.createTempDirectory("graph-audit-access").resolve("access.log");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void knownRequestsAreLoggedWithoutTokenOrSecrets() throws Exception {
    Http http = server.http();
    Http.Response created = http.post(EVENTS, Events.minimal("Logged"));
    String id = created.json().get("id").asText();
    Http.Response read = http.get(EVENTS + "/" + id);
    Http.Response secret = http.get(EVENTS + "?$top=1&$skiptoken=SKIPSECRET&code=CODESECRET&api-key=KEYSECRET&$count=true");
    Http.Response anonymous = http.withoutToken().get(EVENTS + "?access_token=" + server.token());
    Map<String, JsonNode> lines = awaitLines(List.of(created, read, secret, anonymous));

    JsonNode create = lines.get(created.header("request-id"));
    assertEquals("POST", create.get("method").asText());
    assertEquals(EVENTS, create.get("path").asText());
    assertEquals(201, create.get("status").asInt());
    assertEquals(Tenants.DEV, create.get("tenant").asText());
    assertTrue(create.get("durationMs").asDouble() >= 0);
    assertEquals("127.0.0.1", create.get("remote").asText());
    JsonNode get = lines.get(read.header("request-id"));
    assertEquals(EVENTS + "/" + id, get.get("path").asText());
    assertEquals(200, get.get("status").asInt());
    assertEquals(read.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, get.get("bytes").asLong());
    JsonNode redacted = lines.get(secret.header("request-id"));
    assertEquals("$top=1&$skiptoken=REDACTED&code=REDACTED&api-key=REDACTED&$count=true", redacted.get("query").asText());
    JsonNode refused = lines.get(anonymous.header("request-id"));
    assertEquals(401, refused.get("status").asInt());
    assertNull(refused.get("tenant"), "no tenant without an accepted token");
    assertEquals("access_token=REDACTED", refused.get("query").asText());

    String text = Files.readString(LOG);
    for (String secretValue : List.of(server.token(), "SKIPSECRET", "CODESECRET", "KEYSECRET", "Bearer", "eyJ")) {
      assertFalse(text.contains(secretValue), "the log holds " + secretValue);
    }
  }

  /**
   * The lines of these requests, by request-id. Jetty writes a request's line once its response is
   * complete, which may be just after the client has read it: poll the file until all are there.
   */
  private static Map<String, JsonNode> awaitLines(List<Http.Response> responses) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      Map<String, JsonNode> lines = Files.readAllLines(LOG).stream().map(AccessLogTest::parse)
          .collect(Collectors.toMap(l -> l.get("requestId").asText(), Function.identity()));
      if (responses.stream().allMatch(r -> lines.containsKey(r.header("request-id")))
          || Instant.now().isAfter(deadline)) {
        return lines;
      }
      Thread.onSpinWait();
    }
  }

  private static JsonNode parse(String line) {
    try {
      return Http.JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
