package graphaudit.internal.request;

import java.util.Locale;

/**
 * The {@code root} and {@code operation} of a request, from its method and raw path alone: a fixed,
 * small set of values whatever the client sends, so no metrics label ever carries an id, and what a
 * latency emulation rule names ({@code list}, {@code beta/get}). Stateless.
 */
public final class Operation {

  public static final String NO_ROOT = "none";

  private Operation() {
  }

  /** {@code v1.0}, {@code beta}, or {@code none} for paths outside the roots. */
  public static String root(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.equals("/v1.0") || lower.startsWith("/v1.0/")) {
      return "v1.0";
    }
    if (lower.equals("/beta") || lower.startsWith("/beta/")) {
      return "beta";
    }
    return NO_ROOT;
  }

  /** create, get, list, update, delete, function, batch, metadata, or other. */
  public static String of(String method, String path) {
    String root = root(path);
    if (root.equals(NO_ROOT)) {
      return "other";
    }
    String rest = path.substring(root.length() + 1).toLowerCase(Locale.ROOT).replace("%24", "$");
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.equals("/$batch")) {
      return "batch";
    }
    if (rest.isEmpty() || rest.contains("$metadata") || rest.endsWith("/$openapi")) {
      return "metadata";
    }
    if (rest.contains("getauditcategories") || rest.contains("getauditactivitytypes")) {
      return "function";
    }
    int events = rest.indexOf("/auditevents");
    if (events < 0) {
      return "other";
    }
    String after = rest.substring(events + "/auditevents".length());
    boolean collection = after.isEmpty() || after.equals("/$count");
    String verb = method.equals("HEAD") ? "GET" : method;
    return switch (verb) {
      case "GET" -> collection ? "list" : "get";
      case "POST" -> collection ? "create" : "other";
      case "PATCH", "PUT" -> collection ? "other" : "update";
      case "DELETE" -> collection ? "other" : "delete";
      default -> "other";
    };
  }
}
