package graphaudit.internal.compat;

import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.StructuredType;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites the resource path after a service root into the form Olingo parses, accepting what Graph
 * accepts: segments in any case, the key as a path segment ({@code auditEvents/{id}}) or unquoted in
 * parentheses, and bound functions with or without namespace, alias or parentheses, also right after
 * {@code deviceManagement} (the function imports of the entity-set CSDL). Stateless.
 */
public final class GraphPath {

  private static final String SINGLETON = "deviceManagement";
  private static final String AUDIT_EVENTS = "auditEvents";
  private static final String NAMESPACE = StructuredType.NAMESPACE + ".";
  private static final String ALIAS = StructuredType.ALIAS + ".";
  private static final List<String> FUNCTIONS = List.of("getAuditCategories", "getAuditActivityTypes");
  private static final Map<String, String> CANONICAL = canonicalNames();

  private GraphPath() {
  }

  private static Map<String, String> canonicalNames() {
    Map<String, String> names = new HashMap<>();
    for (String name : List.of(SINGLETON, AUDIT_EVENTS, "$metadata", "$count", "$batch", "$value",
        "$ref", "$entity", "$all", "$crossjoin")) {
      names.put(name.toLowerCase(Locale.ROOT), name);
    }
    addPropertyNames(AuditSchema.AUDIT_EVENT, names);
    return Map.copyOf(names);
  }

  private static void addPropertyNames(StructuredType type, Map<String, String> names) {
    for (Property p : type.properties()) {
      names.putIfAbsent(p.name().toLowerCase(Locale.ROOT), p.name());
      if (p.complexType() != null) {
        addPropertyNames(p.complexType(), names);
      }
    }
  }

  /** {@code /DeviceManagement/auditevents/abc} → {@code /deviceManagement/auditEvents('abc')}. */
  public static String normalize(String rawPath) {
    String[] segments = rawPath.split("/", -1);
    StringBuilder out = new StringBuilder(rawPath.length() + 8);
    boolean afterCollection = false;
    boolean afterSingleton = false;
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.isEmpty() && i == segments.length - 1 && i > 1) {
        break; // a trailing slash names the same resource
      }
      String function = function(segment);
      if (function != null) {
        if (afterSingleton) {
          // the functions as the entity-set CSDL declares them, on the root /deviceManagement
          out.append('/').append(AUDIT_EVENTS);
        }
        out.append('/').append(function);
        afterCollection = false;
      } else if (afterCollection && !segment.startsWith("$")) {
        out.append("(").append(quote(decodeKey(segment)))
            .append(")");
        afterCollection = false;
      } else {
        String rewritten = canonicalSegment(segment);
        out.append('/').append(rewritten);
        afterCollection = rewritten.equals(AUDIT_EVENTS);
      }
      afterSingleton = i == 1 && segment.equalsIgnoreCase(SINGLETON);
    }
    return out.toString();
  }

  /** A segment with its name part in canonical case and an unquoted key quoted. */
  private static String canonicalSegment(String segment) {
    int paren = segment.indexOf('(');
    String name = paren < 0 ? segment : segment.substring(0, paren);
    String canonical = CANONICAL.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    if (paren < 0) {
      return canonical;
    }
    String args = segment.substring(paren);
    if (canonical.equals(AUDIT_EVENTS) && args.endsWith(")")) {
      String key = args.substring(1, args.length() - 1);
      boolean quoted = key.startsWith("'") || key.startsWith("%27") || key.contains("=");
      if (!quoted && !key.isEmpty()) {
        args = "(" + quote(decodeKey(key)) + ")";
      }
    }
    return canonical + args;
  }

  /** Whether {@code segment} calls one of the bound functions, in any of Graph's forms. */
  public static boolean isFunction(String segment) {
    return function(segment) != null;
  }

  /** The canonical call of a bound function in any of Graph's forms, or null if it names none. */
  private static String function(String segment) {
    int paren = segment.indexOf('(');
    String name = paren < 0 ? segment : segment.substring(0, paren);
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith(NAMESPACE)) {
      name = name.substring(NAMESPACE.length());
    } else if (lower.startsWith(ALIAS)) {
      name = name.substring(ALIAS.length());
    }
    for (String function : FUNCTIONS) {
      if (function.equalsIgnoreCase(name)) {
        return NAMESPACE + function + (paren < 0 ? "()" : segment.substring(paren));
      }
    }
    return null;
  }

  /** A key as sent in the path, percent-decoded ('+' stays '+'). */
  private static String decodeKey(String raw) {
    return raw.indexOf('%') < 0 ? raw : URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** An OData string literal, percent-encoded for a path: quotes doubled. */
  private static String quote(String value) {
    if (isPlain(value)) {
      return "%27" + value + "%27"; // what the encoder makes of it, for the ids almost every key is
    }
    String literal = "'" + value.replace("'", "''") + "'";
    return URLEncoder.encode(literal, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Letters, digits, '-', '.' and '_' only: characters the URL encoder leaves as they are. */
  private static boolean isPlain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
