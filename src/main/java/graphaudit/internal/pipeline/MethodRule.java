package graphaudit.internal.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The methods a route allows, for its method check, its {@code Allow} header and its 405 text; may
 * depend on the rest of the path (a service root allows POST on the collection, PATCH on an event).
 * HEAD is allowed wherever GET is. Implementations are immutable.
 */
@FunctionalInterface
public interface MethodRule {

  /** Any method: the fallback route's, which answers 404 whatever the method. */
  MethodRule ANY = rest -> null;

  /**
   * The methods allowed on the resource {@code rest} names, HEAD after GET, in the order {@code Allow}
   * lists them; null for any.
   *
   * @param rest the raw path after the route's pattern (a route without {@code **}: empty)
   */
  List<String> allowed(String rest);

  /** These methods wherever the route matches; HEAD is added after GET. */
  static MethodRule of(String... methods) {
    List<String> allowed = new ArrayList<>();
    for (String method : methods) {
      if (!method.equals("HEAD")) {
        allowed.add(method);
      }
      if (method.equals("GET")) {
        allowed.add("HEAD");
      }
    }
    List<String> fixed = List.copyOf(allowed);
    return rest -> fixed;
  }
}
