package graphaudit.internal.query;

import static graphaudit.QueryDataset.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.Http;
import graphaudit.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seeded, bounded fuzz of the query language: well-formed but ill-typed expressions built from the
 * grammar (every property, operator, canonical function and lambda shape, with literals of every kind
 * and a few that break the database's arithmetic), combined with the other query options, on every
 * queryable resource. None may get a 5xx; every refusal must be a Graph-shaped 400. This is what found
 * Olingo's parser NPEs, H2's typing of {@code NULL || NULL} and arithmetic overflow answered as 500s.
 */
@Tag("slow")
class QueryFuzzTest {

  @RegisterExtension
  static final TestServer server = TestServer.withGeneratedEvents(300, 17);

  private static final long SEED = 20261122L;
  private static final int CASES = 2_000;
  private static final String[] PROPERTIES = {"id", "displayName", "componentName", "activity", "activityDateTime",
      "activityType", "activityOperationType", "activityResult", "correlationId", "category",
      "actor/userPrincipalName", "actor/ipAddress", "actor/remoteTenantId", "resources", "actor",
      "actor/userPermissions", "nope", "actor/nope", "resources/resourceId"};
  private static final String[] LITERALS = {"'x'", "'Device'", "2016-05-01T00:00:00Z", "2016-05-01", "null", "1", "-1",
      "1.5", "true", "'O''Brien'", "''", "52effe71-fe71-52ef-71fe-ef5271feef52", "'%_!'", "99999999999999999999",
      "9223372036854775807", "1e400", "INF", "NaN", "duration'P1D'", "now()", "binary'AA=='", "12:00:00"};
  private static final String[] OPERATORS = {"eq", "ne", "gt", "ge", "lt", "le", "has", "in", "add", "sub", "mul",
      "div", "divby", "mod"};
  private static final String[] SHAPES = {"contains({p},{l})", "startswith({p},{l})", "endswith({p},{l})",
      "tolower({p}) eq {l}", "toupper({p}) eq {l}", "length({p}) gt {l}", "trim({p}) eq {l}",
      "concat({p},{l}) eq {l}", "indexof({p},{l}) eq {l}", "substring({p},{l}) eq {l}",
      "substring({p},{l},{l}) eq {l}", "year({p}) eq {l}", "hour({p}) eq {l}", "date({p}) eq {l}",
      "time({p}) eq {l}", "round({p}) eq {l}", "cast({p},Edm.String) eq {l}", "isof({p},Edm.String)",
      "resources/any(r: r/resourceId {o} {l})", "resources/all(r:r/type {o} {l})",
      "resources/any(r: r/modifiedProperties/any(p: p/displayName {o} {l}))", "actor/userPermissions/any(p: p {o} {l})",
      "resources/$count gt {l}", "{p} in ({l},{l})", "not ({p} {o} {l})", "({p} {o} {l}) and ({p} {o} {l})",
      "{p} {o} {l} or {p} {o} {l}", "{p} {o} {p}", "{l} {o} {l}", "{p} {o} ({p} add {l})",
      "length({p}) {o} {l} {o} {l}", "{p}", "-{p} eq {l}"};
  private static final String[] RESOURCES = {"/beta/deviceManagement/auditEvents", "/v1.0/deviceManagement/auditEvents",
      "/beta/deviceManagement/auditEvents/$count", "/beta/deviceManagement/auditEvents/getAuditCategories()",
      "/v1.0/deviceManagement/auditEvents/getAuditActivityTypes(category='Device')"};

  @Test
  void noQueryGetsA5xxAndEveryRefusalIsAGraph400() {
    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    int refused = 0;
    for (int i = 0; i < CASES; i++) {
      String url = pick(random, RESOURCES) + "?" + options(random);
      Http.Response response = server.http().get(url);
      if (response.status() >= 500 || (response.status() >= 400 && !response.body().startsWith("{\"error\":{\"code\":"))) {
        failures.add(response.status() + " " + url + " " + response.body());
      } else if (response.status() >= 400) {
        assertEquals(400, response.status(), url);
        refused++;
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(refused > CASES / 10 && refused < CASES, "the fuzz reaches both answers and refusals: " + refused);
    System.out.printf("query fuzz: %d queries, %d refused with a 400%n", CASES, refused);
  }

  private static String options(Random random) {
    List<String> options = new ArrayList<>();
    if (random.nextInt(10) < 8) {
      options.add("$filter=" + enc(expression(random)));
    }
    if (random.nextInt(10) < 3) {
      options.add("$orderby=" + enc(pick(random, PROPERTIES) + pick(random, new String[] {"", " asc", " desc"})));
    }
    if (random.nextInt(10) < 2) {
      options.add("$select=" + enc(pick(random, PROPERTIES)));
    }
    if (random.nextInt(10) < 2) {
      options.add("$top=" + pick(random, new String[] {"0", "1", "5", "-1", "x", "2147483648"}));
    }
    if (random.nextInt(10) < 2) {
      options.add("$count=" + pick(random, new String[] {"true", "false", "1"}));
    }
    if (random.nextInt(10) < 2) {
      options.add("$search=" + enc(pick(random, new String[] {"\"Device\"", "a OR b", "NOT x", "\"open", "()"})));
    }
    if (random.nextInt(20) == 0) {
      options.add("$apply=" + enc("groupby((category))"));
    }
    return String.join("&", options);
  }

  private static String expression(Random random) {
    String shape = random.nextInt(10) < 7 ? pick(random, SHAPES) : "{p} {o} {l}";
    while (shape.contains("{")) {
      shape = shape.replaceFirst("\\{p}", pick(random, PROPERTIES).replace("$", "\\$"))
          .replaceFirst("\\{o}", pick(random, OPERATORS))
          .replaceFirst("\\{l}", pick(random, LITERALS).replace("$", "\\$"));
    }
    return shape;
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
