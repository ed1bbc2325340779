package graphaudit.internal.pipeline;

import graphaudit.internal.compat.GraphPath;
import java.util.List;

/**
 * The methods each resource under a service root allows: the collection is read and created, an
 * event read, updated and deleted, everything else (service document, {@code $metadata}, the
 * singleton, {@code $count}, the functions) only read. Stateless.
 */
final class RootMethods implements MethodRule {

  static final RootMethods INSTANCE = new RootMethods();

  private static final String COLLECTION = "/deviceManagement/auditEvents";
  private static final List<String> READ = List.of("GET", "HEAD");
  private static final List<String> COLLECTION_METHODS = List.of("GET", "HEAD", "POST");
  private static final List<String> ENTITY_METHODS = List.of("GET", "HEAD", "PATCH", "PUT", "DELETE");

  private RootMethods() {
  }

  /** @param rest the raw path after the root, e.g. {@code /deviceManagement/auditEvents/abc} */
  @Override
  public List<String> allowed(String rest) {
    String path;
    try {
      path = GraphPath.normalize(rest);
    } catch (IllegalArgumentException e) {
      // a malformed escape in the key (a batch request's url): still an event's path
      return rest.regionMatches(true, 0, COLLECTION + "/", 0, COLLECTION.length() + 1)
          && rest.indexOf('/', COLLECTION.length() + 1) < 0 ? ENTITY_METHODS : READ;
    }
    if (path.equals(COLLECTION)) {
      return COLLECTION_METHODS;
    }
    if (path.startsWith(COLLECTION + "(") && path.endsWith(")") && path.indexOf('/', COLLECTION.length()) < 0) {
      return ENTITY_METHODS;
    }
    return READ;
  }
}
