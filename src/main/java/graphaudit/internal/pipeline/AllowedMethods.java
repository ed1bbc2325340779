package graphaudit.internal.pipeline;

import graphaudit.internal.compat.GraphPath;

/** The methods a resource under a root allows, for the {@code Allow} header of a 405. Stateless. */
final class AllowedMethods {

  private static final String COLLECTION = "/deviceManagement/auditEvents";

  private AllowedMethods() {
  }

  /** @param pathInRoot the raw path after the root, e.g. {@code /deviceManagement/auditEvents/abc} */
  static String of(String pathInRoot) {
    String path;
    try {
      path = GraphPath.normalize(pathInRoot);
    } catch (IllegalArgumentException e) {
      // a malformed escape in the key (a batch request's url): still an event's path
      return pathInRoot.regionMatches(true, 0, COLLECTION + "/", 0, COLLECTION.length() + 1)
          && pathInRoot.indexOf('/', COLLECTION.length() + 1) < 0 ? entity() : "GET, HEAD";
    }
    if (path.equals(COLLECTION)) {
      return "GET, HEAD, POST";
    }
    if (path.startsWith(COLLECTION + "(") && path.endsWith(")") && path.indexOf('/', COLLECTION.length()) < 0) {
      return entity();
    }
    return "GET, HEAD"; // the service document, $metadata, the singleton, $count, the functions
  }

  private static String entity() {
    return "GET, HEAD, PATCH, PUT, DELETE";
  }
}
