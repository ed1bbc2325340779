package graphaudit.internal.request;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A query string split into its parameters once, each as sent (still percent-encoded) and decoded
 * (UTF-8, {@code '+'} a space, as form encoding and Graph have it). The one parser of query strings:
 * the gate reads the request's with it (a malformed escape is then a 400), the OData root rewrites
 * Graph's forms from it, paging, the limits, the admin requests, the chart and the access log read it.
 * Immutable.
 */
public final class QueryString {

  /**
   * One {@code name=value} part.
   *
   * @param rawName  the name as sent
   * @param rawValue the value as sent, or null when the part has no {@code '='}
   * @param name     the name decoded, or null when its percent-encoding is malformed
   * @param value    the value decoded (null without {@code '='} or when malformed)
   */
  public record Parameter(String rawName, String rawValue, String name, String value) {

    /** Whether both name and value decode. */
    public boolean decodes() {
      return name != null && (rawValue == null || value != null);
    }

    /** {@code rawName=rawValue} as sent. */
    public String raw() {
      return rawValue == null ? rawName : rawName + "=" + rawValue;
    }
  }

  /** No query string at all. */
  public static final QueryString NONE = new QueryString(null, List.of());

  private final String raw;
  private final List<Parameter> parameters;

  private QueryString(String raw, List<Parameter> parameters) {
    this.raw = raw;
    this.parameters = parameters;
  }

  /** {@code raw} split at {@code '&'} and decoded; empty parts are dropped. Never fails: see {@link #malformed()}. */
  public static QueryString parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return raw == null ? NONE : new QueryString("", List.of());
    }
    List<Parameter> parameters = new ArrayList<>();
    int start = 0;
    while (start <= raw.length()) {
      int end = raw.indexOf('&', start);
      if (end < 0) {
        end = raw.length();
      }
      if (end > start) {
        parameters.add(parameter(raw.substring(start, end)));
      }
      start = end + 1;
    }
    return new QueryString(raw, List.copyOf(parameters));
  }

  private static Parameter parameter(String part) {
    int eq = part.indexOf('=');
    String rawName = eq < 0 ? part : part.substring(0, eq);
    String rawValue = eq < 0 ? null : part.substring(eq + 1);
    return new Parameter(rawName, rawValue, decode(rawName), rawValue == null ? null : decode(rawValue));
  }

  /**
   * {@code text} percent-decoded as UTF-8 with {@code '+'} a space, or null when an escape is not
   * {@code '%'} and two hex digits. Bytes that are not UTF-8 become U+FFFD.
   */
  public static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
          return null;
        }
        bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
        continue;
      }
      flush(bytes, out);
      out.append(c == '+' ? ' ' : c);
    }
    flush(bytes, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /** The query string as sent, or null for none. */
  public String raw() {
    return raw;
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  public boolean isEmpty() {
    return parameters.isEmpty();
  }

  /** The first part whose name or value does not decode, or null when all do. */
  public Parameter malformed() {
    for (Parameter parameter : parameters) {
      if (!parameter.decodes()) {
        return parameter;
      }
    }
    return null;
  }

  /** The decoded value of the first parameter whose decoded name is {@code name}, or null. */
  public String value(String name) {
    for (Parameter parameter : parameters) {
      if (name.equals(parameter.name())) {
        return parameter.value();
      }
    }
    return null;
  }

  /** These parameters without those {@code drop} matches, joined as sent (null when none remain). */
  public QueryString without(Predicate<Parameter> drop) {
    List<Parameter> kept = new ArrayList<>(parameters.size());
    StringBuilder raw = new StringBuilder();
    for (Parameter parameter : parameters) {
      if (!drop.test(parameter)) {
        kept.add(parameter);
        raw.append(raw.length() == 0 ? "" : "&").append(parameter.raw());
      }
    }
    return kept.isEmpty() ? NONE : new QueryString(raw.toString(), List.copyOf(kept));
  }

  @Override
  public String toString() {
    return raw == null ? "" : raw;
  }
}
