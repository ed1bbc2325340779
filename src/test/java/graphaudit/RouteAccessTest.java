package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.internal.audit.Tenants;
import graphaudit.internal.pipeline.Access;
import graphaudit.internal.pipeline.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks the service's route table and proves each route's access rule and methods from outside,
 * over HTTP: without a token, with a token of the wrong scope, with the wrong metrics token, outside
 * dev mode, and with a method the route does not allow. A route added to the table is checked here
 * without a line of this test changing (a new pattern variable needs a sample value below).
 */
class RouteAccessTest {

  private static final String METRICS_TOKEN = "route-test-metrics-token";
  /** A value for each pattern variable and for a {@code **} rest: a path the route's handler answers. */
  private static final Map<String, String> SAMPLES = Map.of("file", "app.js", "tenant", Tenants.DEV,
      "**", "/deviceManagement/auditEvents");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  @RegisterExtension
  static final TestServer dev = new TestServer().withConfig(config -> config.http().metricsToken(METRICS_TOKEN));

  /** The same service outside dev mode (JWKS validation: no token of ours is valid there). */
  @RegisterExtension
  static final TestServer jwks = new TestServer().withConfig(config -> config.auth().jwks(emptyKeySet()));

  static Stream<Route> routes() {
    return dev.service().routes().routes().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void theAccessRuleHoldsFromOutside(Route route) {
    String path = example(route);
    String method = allowed(route).get(0).equals("HEAD") ? "GET" : allowed(route).get(0);
    Access access = route.access();
    Http anonymous = dev.http().withoutToken();
    switch (access.credential()) {
      case NONE -> assertPasses(send(anonymous, method, path), route + ": open, yet refused without a token");
      case GRAPH_TOKEN -> {
        assertRefused(send(anonymous, method, path), 401, route + ": without a token");
        Http unrelatedScope = dev.http().withToken(dev.mint(Token.delegated(Tenants.DEV, "User.Read")));
        assertRefused(send(unrelatedScope, method, path), 403, route + ": with a token of another scope");
        if (!method.equals("GET")) {
          Http reader = dev.http().withToken(dev.mint(Token.delegated(Tenants.DEV, Token.READ)));
          assertRefused(send(reader, method, path), 403, route + ": a write with a Read token");
        }
        assertPasses(send(dev.http(), method, path), route + ": with a ReadWrite token");
      }
      case ANY_GRAPH_TOKEN -> {
        assertRefused(send(anonymous, method, path), 401, route + ": without a token");
        Http unrelatedScope = dev.http().withToken(dev.mint(Token.delegated(Tenants.DEV, "User.Read")));
        assertPasses(send(unrelatedScope, method, path), route + ": any valid token passes the gate");
      }
      case METRICS_TOKEN -> {
        assertRefused(send(anonymous, method, path), 401, route + ": without the metrics token");
        assertRefused(send(dev.http(), method, path), 401, route + ": with a Graph token instead");
        assertPasses(send(anonymous.withToken(METRICS_TOKEN), method, path), route + ": with the metrics token");
      }
    }
    Http.Response outside = send(jwks.http().withoutToken(), method, path);
    if (access.place() == Access.Place.ALWAYS) {
      assertNotEquals(403, outside.status(), route + ": served outside dev mode too");
    } else {
      assertRefused(outside, 403, route + ": outside dev mode");
      assertTrue(outside.json().at("/error/message").asText().contains("dev mode"), outside.body());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void aMethodTheRouteDoesNotAllowIs405WithTheTablesAllow(Route route) {
    List<String> allowed = allowed(route);
    String wrong = METHODS.stream().filter(m -> !allowed.contains(m)).findFirst().orElseThrow();
    Http caller = route.access().credential() == Access.Credential.METRICS_TOKEN
        ? dev.http().withToken(METRICS_TOKEN) : dev.http();
    Http.Response response = send(caller, wrong, example(route));
    GraphErrorAssert.assertGraphError(response, 405, "MethodNotAllowed");
    assertEquals(String.join(", ", allowed), response.header("Allow"), route.toString());
    assertTrue(response.json().at("/error/message").asText().contains(wrong), response.body());
  }

  @Test
  void theTableHoldsEveryKindOfRule() {
    Set<Access.Credential> credentials = EnumSet.noneOf(Access.Credential.class);
    Set<Access.Place> places = EnumSet.noneOf(Access.Place.class);
    routes().forEach(route -> {
      credentials.add(route.access().credential());
      places.add(route.access().place());
    });
    assertEquals(EnumSet.allOf(Access.Credential.class), credentials, "a kind of rule this test never proved");
    assertEquals(EnumSet.allOf(Access.Place.class), places, "a place this test never proved");
  }

  /** A path the route matches, its variables and rest filled in from {@link #SAMPLES}. */
  private static String example(Route route) {
    String pattern = route.path().toString();
    List<String> parts = new ArrayList<>();
    for (String segment : pattern.substring(1).split("/", -1)) {
      if (segment.startsWith("{")) {
        String name = segment.substring(1, segment.length() - 1);
        assertTrue(SAMPLES.containsKey(name), "no sample value for {" + name + "} in " + pattern);
        parts.add(SAMPLES.get(name));
      } else if (segment.equals("**")) {
        parts.add(SAMPLES.get("**").substring(1));
      } else {
        parts.add(segment);
      }
    }
    return "/" + String.join("/", parts);
  }

  private static List<String> allowed(Route route) {
    return route.methods().allowed(route.path().matchesRest() ? SAMPLES.get("**") : "");
  }

  private static Http.Response send(Http http, String method, String path) {
    boolean body = Set.of("POST", "PUT", "PATCH").contains(method);
    return http.onOwnConnections().send(method, path, body ? "{}" : null, "Content-Type", "application/json");
  }

  private static void assertRefused(Http.Response response, int status, String what) {
    GraphErrorAssert.assertGraphError(response, status, status == 401 ? "InvalidAuthenticationToken" : "Forbidden");
    if (status == 401) {
      assertTrue(response.header("WWW-Authenticate") != null, what + ": a 401 names its scheme");
    }
  }

  private static void assertPasses(Http.Response response, String what) {
    assertTrue(response.status() != 401 && response.status() != 403 && response.status() != 405,
        what + ": " + response.status() + " " + response.body());
  }

  private static Path emptyKeySet() {
    try {
      Path file = Files.createTempFile("route-test", ".jwks.json");
      Files.writeString(file, "{\"keys\":[]}");
      file.toFile().deleteOnExit();
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
