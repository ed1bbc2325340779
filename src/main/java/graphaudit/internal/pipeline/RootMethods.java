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

  /**
   * Read from the raw path as {@link GraphPath#normalize} would read it (segments in any case, the key
   * as a segment or in parentheses, one trailing slash), without rewriting it: this runs on every
   * request, before the OData route normalises the path for Olingo.
   *
   * @param rest the raw path after the root, e.g. {@code /deviceManagement/auditEvents/abc}
   */
  @Override
  public List<String> allowed(String rest) {
    int end = rest.length() > 1 && rest.endsWith("/") ? rest.length() - 1 : rest.length();
    if (end < COLLECTION.length() || !rest.regionMatches(true, 0, COLLECTION, 0, COLLECTION.length())) {
      return READ;
    }
    if (end == COLLECTION.length()) {
      return COLLECTION_METHODS;
    }
    char next = rest.charAt(COLLECTION.length());
    int slash = rest.indexOf('/', COLLECTION.length() + 1);
    boolean below = slash >= 0 && slash < end; // a path below an event: a property, $value…
    if (next == '(') { // auditEvents('id'), auditEvents(id='id')
      return rest.charAt(end - 1) == ')' && !below ? ENTITY_METHODS : READ;
    }
    if (next != '/' || below) {
      return READ;
    }
    String key = rest.substring(COLLECTION.length() + 1, end);
    return key.isEmpty() || key.startsWith("$") || GraphPath.isFunction(key) ? READ : ENTITY_METHODS;
  }
}
