package graphaudit.internal.pipeline;

import graphaudit.internal.request.QueryString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The path of a {@link Route}: literal segments, matched percent-decoded and in any case as Graph
 * matches them ({@code /BETA/%24batch} is {@code /beta/$batch}); {@code {name}} segments, which match
 * any one segment and capture it decoded; and a last {@code **}, which matches the rest of the path
 * (empty, or from its '/'). One trailing slash is ignored. Immutable.
 */
public final class PathPattern {

  /** What a path matched: the variables' decoded values, and the raw rest after the pattern's segments. */
  public record Match(Map<String, String> variables, String rest) {
  }

  private static final String REST = "**";

  private final String text;
  private final List<String> segments;
  private final boolean rest;

  private PathPattern(String text, List<String> segments, boolean rest) {
    this.text = text;
    this.segments = segments;
    this.rest = rest;
  }

  /** @param pattern e.g. {@code /admin/reset}, {@code /{tenant}/oauth2/v2.0/token}, {@code /beta/**} */
  public static PathPattern of(String pattern) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("a path pattern starts with '/': " + pattern);
    }
    List<String> segments = new ArrayList<>(List.of(pattern.substring(1).split("/", -1)));
    if (segments.size() == 1 && segments.get(0).isEmpty()) {
      segments.clear(); // "/"
    }
    boolean rest = !segments.isEmpty() && segments.get(segments.size() - 1).equals(REST);
    if (rest) {
      segments.remove(segments.size() - 1);
    }
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(REST)) {
        throw new IllegalArgumentException("empty segment, or '**' before the end: " + pattern);
      }
    }
    return new PathPattern(pattern, List.copyOf(segments), rest);
  }

  /** The match of {@code rawPath} (as received, percent-encoded), or null. */
  public Match match(String rawPath) {
    if (!rawPath.startsWith("/")) {
      return null;
    }
    Map<String, String> variables = null;
    int at = 1;
    for (String segment : segments) {
      if (at > rawPath.length()) {
        return null;
      }
      int end = rawPath.indexOf('/', at);
      if (end < 0) {
        end = rawPath.length();
      }
      if (!isVariable(segment) && !hasEscape(rawPath, at, end)) {
        // compared in place, without a copy: every request tries several routes
        if (end - at != segment.length() || !rawPath.regionMatches(true, at, segment, 0, segment.length())) {
          return null;
        }
        at = end + 1;
        continue;
      }
      String decoded = decode(rawPath.substring(at, end));
      if (decoded == null) {
        return null;
      }
      if (isVariable(segment)) {
        if (decoded.isEmpty()) {
          return null;
        }
        variables = variables == null ? new LinkedHashMap<>() : variables;
        variables.put(segment.substring(1, segment.length() - 1), decoded);
      } else if (!segment.equalsIgnoreCase(decoded)) {
        return null;
      }
      at = end + 1;
    }
    String remainder = at - 1 >= rawPath.length() ? "" : rawPath.substring(at - 1);
    if (segments.isEmpty()) {
      remainder = rawPath.substring(1).isEmpty() ? "" : rawPath;
    }
    if (!rest && !remainder.isEmpty() && !remainder.equals("/")) {
      return null;
    }
    return new Match(variables == null ? Map.of() : variables, rest ? remainder : "");
  }

  private static boolean hasEscape(String path, int from, int to) {
    for (int i = from; i < to; i++) {
      if (path.charAt(i) == '%') {
        return true;
      }
    }
    return false;
  }

  private static boolean isVariable(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }

  /** A path segment percent-decoded ('+' stays '+'), or null when malformed. */
  private static String decode(String segment) {
    return segment.indexOf('%') < 0 ? segment : QueryString.decode(segment.replace("+", "%2B"));
  }

  /** The variables' names, in order. */
  public List<String> variables() {
    return segments.stream().filter(PathPattern::isVariable).map(s -> s.substring(1, s.length() - 1)).toList();
  }

  /** Whether the pattern ends in {@code **}. */
  public boolean matchesRest() {
    return rest;
  }

  @Override
  public String toString() {
    return text;
  }
}
