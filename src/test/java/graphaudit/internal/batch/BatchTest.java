package graphaudit.internal.batch;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.Events;
import graphaudit.Http;
import graphaudit.RawHttp;
import graphaudit.TestServer;
import graphaudit.Token;
import graphaudit.internal.audit.Tenants;
import graphaudit.internal.auth.Permissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Graph's JSON batch through HTTP: the forms real clients send (numeric ids, urls without '/'), every
 * method and function in one batch, dependsOn chains and 424s, the 20-request limit, each request's
 * own permission check, tenant, request id and limits, and a 400 naming the request for every
 * malformed batch.
 */
class BatchTest {

  private static final String OTHER_TENANT = "0b7a1f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

  @RegisterExtension
  static final TestServer server = new TestServer(64 * 1024);

  private static Http.Response batch(String root, String body) {
    return server.http().post("/" + root + "/$batch", body);
  }

  private static JsonNode responses(Http.Response response) {
    assertEquals(200, response.status(), response.body());
    assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
    return response.json().get("responses");
  }

  @Test
  void numericIdsAndUrlsWithoutSlashAsIntuneCdSendsThem() {
    server.http().post("/beta/deviceManagement/auditEvents", Events.minimal("IntuneCD"));
    JsonNode responses = responses(batch("beta", "{\"requests\":[{\"id\":1,\"method\":\"GET\","
        + "\"url\":\"deviceManagement/auditEvents?$top=1\"},{\"id\":2,\"method\":\"GET\","
        + "\"url\":\"/deviceManagement/auditEvents/getAuditCategories()\"}]}"));

    assertEquals(2, responses.size());
    assertTrue(responses.get(0).get("id").isTextual(), "ids are echoed as strings");
    assertEquals("1", responses.get(0).get("id").asText());
    assertEquals(200, responses.get(0).get("status").asInt());
    assertTrue(responses.get(0).get("body").isObject(), "bodies are JSON, not strings");
    assertEquals(1, responses.get(0).get("body").get("value").size());
    assertEquals("2", responses.get(1).get("id").asText());
    assertTrue(responses.get(1).get("body").get("value").toString().contains("IntuneCD"));
  }

  @Test
  void oneBatchCreatesReadsPatchesCountsCallsFunctionsAndDeletes() {
    String id = "batch-" + UUID.randomUUID();
    String category = "Mixed-" + UUID.randomUUID();
    String events = "deviceManagement/auditEvents";
    JsonNode responses = responses(batch("v1.0", "{\"requests\":["
        + "{\"id\":\"create\",\"method\":\"POST\",\"url\":\"/" + events + "\",\"headers\":{\"Content-Type\":\"application/json\"},"
        + "\"body\":" + Events.withId(id).replace("\"Device\"", "\"" + category + "\"") + "},"
        + "{\"id\":\"read\",\"method\":\"GET\",\"url\":\"/" + events + "/" + id + "\",\"dependsOn\":[\"create\"]},"
        + "{\"id\":\"patch\",\"method\":\"PATCH\",\"url\":\"" + events + "/" + id + "\",\"body\":{\"displayName\":\"patched\"},"
        + "\"dependsOn\":[\"read\"]},"
        + "{\"id\":\"count\",\"method\":\"GET\",\"url\":\"" + events + "/$count?$filter=category eq '" + category + "'\","
        + "\"dependsOn\":[\"create\"]},"
        + "{\"id\":\"types\",\"method\":\"GET\",\"url\":\"" + events + "/getAuditActivityTypes(category='" + category + "')\"},"
        + "{\"id\":\"delete\",\"method\":\"DELETE\",\"url\":\"" + events + "/" + id + "\",\"dependsOn\":[\"patch\",\"count\"]},"
        + "{\"id\":\"gone\",\"method\":\"GET\",\"url\":\"" + events + "/" + id + "\",\"dependsOn\":[\"delete\"]}]}"));

    assertEquals(List.of("create", "read", "patch", "count", "types", "delete", "gone"), ids(responses));
    assertEquals(List.of(201, 200, 200, 200, 200, 204, 404), statuses(responses));
    JsonNode created = responses.get(0);
    assertEquals(id, created.get("body").get("id").asText());
    assertTrue(created.get("headers").get("Location").asText().endsWith("auditEvents('" + id + "')"));
    assertEquals(category, responses.get(1).get("body").get("category").asText());
    assertEquals("patched", responses.get(2).get("body").get("displayName").asText());
    assertEquals("1", responses.get(3).get("body").asText(), "$count's text/plain body as a string");
    assertTrue(responses.get(4).get("body").get("value").isArray());
    assertNull(responses.get(5).get("body"), "a 204 has no body");
    assertEquals("ResourceNotFound", responses.get(6).get("body").get("error").get("code").asText());
    assertEquals(404, server.http().get("/v1.0/" + events + "/" + id).status(), "the batch's writes are real");
  }

  @Test
  void failedDependencyIs424AndSoAreItsDependents() {
    JsonNode responses = responses(batch("beta", "{\"requests\":["
        + "{\"id\":\"a\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents/no-such-event\"},"
        + "{\"id\":\"b\",\"method\":\"POST\",\"url\":\"deviceManagement/auditEvents\",\"body\":" + Events.minimal("x")
        + ",\"dependsOn\":[\"a\"]},"
        + "{\"id\":\"c\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents?$top=1\",\"dependsOn\":[\"b\"]},"
        + "{\"id\":\"d\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents?$top=1\"}]}"));

    assertEquals(List.of(404, 424, 424, 200), statuses(responses));
    JsonNode error = responses.get(1).get("body").get("error");
    assertEquals("FailedDependency", error.get("code").asText());
    assertTrue(error.get("message").asText().contains("'a'"), error.toString());
    assertEquals(responses.get(1).get("headers").get("request-id").asText(),
        error.get("innerError").get("request-id").asText());
  }

  @Test
  void twentyRequestsRunAndTwentyOneAreRefused() {
    assertEquals(20, responses(batch("beta", gets(20))).size());
    String message = assertGraphError(batch("beta", gets(21)), 400, "BadRequest");
    assertTrue(message.contains("20"), message);
  }

  @Test
  void everyRequestHasItsOwnRequestIdAndClientRequestIdIsEchoed() {
    Http.Response response = batch("beta", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"deviceManagement\"},"
        + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"deviceManagement\",\"headers\":{\"client-request-id\":\"mine\"}}]}");
    JsonNode responses = responses(response);
    Set<String> requestIds = new HashSet<>(Set.of(response.header("request-id")));
    for (JsonNode item : responses) {
      assertTrue(requestIds.add(item.get("headers").get("request-id").asText()), "a new id per request");
    }
    assertEquals("mine", responses.get(1).get("headers").get("client-request-id").asText());
  }

  @Test
  void eachRequestIsCheckedForItsOwnPermission() {
    Http reader = server.http().withToken(server.mint(Token.application(Tenants.DEV, Permissions.READ)));
    JsonNode responses = responses(reader.post("/beta/$batch", "{\"requests\":["
        + "{\"id\":\"read\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents?$top=1\"},"
        + "{\"id\":\"write\",\"method\":\"POST\",\"url\":\"deviceManagement/auditEvents\",\"body\":" + Events.minimal("x") + "},"
        + "{\"id\":\"delete\",\"method\":\"DELETE\",\"url\":\"deviceManagement/auditEvents/x\"}]}"));

    assertEquals(List.of(200, 403, 403), statuses(responses));
    assertTrue(responses.get(1).get("body").get("error").get("message").asText().contains(Permissions.READ_WRITE));
  }

  @Test
  void eachRequestRunsInTheTokensTenant() {
    String id = server.http().post("/beta/deviceManagement/auditEvents", Events.minimal("mine")).json().get("id").asText();
    Http other = server.http().withToken(server.mint(Token.delegated(OTHER_TENANT, Permissions.READ_WRITE)));
    JsonNode responses = responses(other.post("/beta/$batch", "{\"requests\":["
        + "{\"id\":\"get\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents/" + id + "\"},"
        + "{\"id\":\"delete\",\"method\":\"DELETE\",\"url\":\"deviceManagement/auditEvents/" + id + "\"},"
        + "{\"id\":\"who\",\"method\":\"GET\",\"url\":\"deviceManagement\"}]}"));

    assertEquals(List.of(404, 404, 200), statuses(responses));
    assertEquals(OTHER_TENANT, responses.get(2).get("body").get("id").asText());
    assertEquals(200, server.http().get("/beta/deviceManagement/auditEvents/" + id).status(), "untouched");
  }

  @Test
  void eachRequestObeysTheSingleRequestLimits() {
    JsonNode responses = responses(batch("beta", "{\"requests\":["
        + "{\"id\":\"long\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents/" + "a".repeat(20_000) + "\"},"
        + "{\"id\":\"xml\",\"method\":\"POST\",\"url\":\"deviceManagement/auditEvents\",\"headers\":{\"Content-Type\":\"application/xml\"},\"body\":\"<a/>\"},"
        + "{\"id\":\"filter\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents?$filter=" + "(".repeat(40) + "\"},"
        + "{\"id\":\"options\",\"method\":\"OPTIONS\",\"url\":\"deviceManagement/auditEvents\"}]}"));

    assertEquals(List.of(414, 415, 400, 405), statuses(responses));
  }

  @Test
  void malformedUrlsOfRequestsAreTheirOwn4xx() {
    JsonNode responses = responses(batch("beta", "{\"requests\":["
        + "{\"id\":\"key\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents/%ZZ\"},"
        + "{\"id\":\"filter\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents?$filter=%ZZ\"},"
        + "{\"id\":\"trace\",\"method\":\"TRACE\",\"url\":\"deviceManagement/auditEvents/%ZZ\"},"
        + "{\"id\":\"space\",\"method\":\"GET\",\"url\":\"device Management\"}]}"));

    assertEquals(List.of(400, 400, 405, 400), statuses(responses));
    assertEquals("GET, HEAD, PATCH, PUT, DELETE", responses.get(2).get("headers").get("Allow").asText());
  }

  @Test
  void theBatchBodyObeysMaxBodyBytes() {
    assertGraphError(RawHttp.postOversized(server, "/beta/$batch", 70 * 1024), 413, "RequestEntityTooLarge");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/BETA/$Batch", "/v1.0/%24batch", "/Beta/$BATCH/", "/V1.0/$batch"})
  void rootsAndBatchInAnyCase(String path) {
    Http.Response response = server.http().post(path, "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"deviceManagement\"}]}");
    assertEquals(200, responses(response).get(0).get("status").asInt());
  }

  @Test
  void aBatchWithoutAValidTokenIsOne401() {
    Http.Response response = server.http().withoutToken().post("/beta/$batch", gets(2));
    assertGraphError(response, 401, "InvalidAuthenticationToken");
    assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"));
  }

  @Test
  void onlyPostIsAllowedOnBatch() {
    Http.Response response = server.http().get("/beta/$batch");
    assertGraphError(response, 405, "MethodNotAllowed");
    assertEquals("POST", response.header("Allow"));
  }

  @Test
  void aBatchThatIsNotJsonIs415() {
    assertGraphError(server.http().post("/beta/$batch", gets(1), "Content-Type", "text/plain"), 415,
        "UnsupportedMediaType");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "duplicate ids      | [{'id':'1','method':'GET','url':'deviceManagement'},{'id':'1','method':'GET','url':'deviceManagement'}] | '1'",
      "unknown dependency | [{'id':'1','method':'GET','url':'deviceManagement','dependsOn':['9']}] | '9'",
      "later dependency   | [{'id':'1','method':'GET','url':'deviceManagement','dependsOn':['2']},{'id':'2','method':'GET','url':'deviceManagement'}] | later",
      "cycle              | [{'id':'1','method':'GET','url':'deviceManagement','dependsOn':['2']},{'id':'2','method':'GET','url':'deviceManagement','dependsOn':['1']}] | cycle",
      "self dependency    | [{'id':'1','method':'GET','url':'deviceManagement','dependsOn':['1']}] | cycle",
      "empty              | [] | no requests",
      "nested batch       | [{'id':'n','method':'POST','url':'/$batch','body':{'requests':[]}}] | 'n'",
      "missing url        | [{'id':'u','method':'GET'}] | 'u'",
      "missing id         | [{'method':'GET','url':'deviceManagement'}] | '#1'",
      "object id          | [{'id':{},'method':'GET','url':'deviceManagement'}] | '#1'",
      "not an object      | [42] | '#1'",
      "own authorization  | [{'id':'a','method':'GET','url':'deviceManagement','headers':{'Authorization':'Bearer x'}}] | 'a'",
      "absolute url       | [{'id':'abs','method':'GET','url':'https://graph.microsoft.com/beta/deviceManagement'}] | 'abs'",
      "bad dependsOn      | [{'id':'d','method':'GET','url':'deviceManagement','dependsOn':'x'}] | 'd'"})
  void malformedBatchIs400NamingTheRequest(String name, String requests, String named) {
    String message = assertGraphError(batch("beta", "{\"requests\":" + requests.replace('\'', '"') + "}"), 400,
        "BadRequest");
    assertTrue(message.contains(named), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[]", "{}", "{\"requests\":{}}", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":"})
  void unreadableBatchIs400(String body) {
    assertGraphError(batch("beta", body), 400, "BadRequest");
  }

  private static String gets(int count) {
    List<String> requests = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      requests.add("{\"id\":\"" + i + "\",\"method\":\"GET\",\"url\":\"deviceManagement/auditEvents?$top=1\"}");
    }
    return "{\"requests\":[" + String.join(",", requests) + "]}";
  }

  private static List<String> ids(JsonNode responses) {
    List<String> ids = new ArrayList<>();
    responses.forEach(r -> ids.add(r.get("id").asText()));
    return ids;
  }

  private static List<Integer> statuses(JsonNode responses) {
    List<Integer> statuses = new ArrayList<>();
    responses.forEach(r -> statuses.add(r.get("status").asInt()));
    assertFalse(statuses.isEmpty());
    return statuses;
  }
}
