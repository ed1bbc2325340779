package graphaudit.internal.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every header field a route reads, parsed once at the gate, each within its own bound: a longer one
 * (all its values together) makes the request a 431 naming it ({@link #oversized()}), and is read here
 * as absent. Headers no route reads are not kept. Immutable.
 */
public final class RequestHeaders {

  public static final String AUTHORIZATION = "Authorization";
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String ACCEPT = "Accept";
  public static final String ACCEPT_CHARSET = "Accept-Charset";
  public static final String PREFER = "Prefer";
  public static final String IF_MATCH = "If-Match";
  public static final String IF_NONE_MATCH = "If-None-Match";
  public static final String CLIENT_REQUEST_ID = "client-request-id";
  public static final String ORIGIN = "Origin";
  public static final String SEC_FETCH_SITE = "Sec-Fetch-Site";
  public static final String ACCESS_CONTROL_REQUEST_METHOD = "Access-Control-Request-Method";

  /**
   * The longest value of each field read, in characters. A bearer token of Entra ID with many claims
   * stays under 8 KB; a client-request-id is a GUID; the rest are short by nature. To read another
   * header, add it here (and a getter): nothing else reads the raw fields.
   */
  public static final Map<String, Integer> BOUNDS = bounds();

  private static Map<String, Integer> bounds() {
    Map<String, Integer> bounds = new LinkedHashMap<>();
    bounds.put(AUTHORIZATION, 8192);
    bounds.put(CONTENT_TYPE, 256);
    bounds.put(ACCEPT, 1024);
    bounds.put(ACCEPT_CHARSET, 256);
    bounds.put(PREFER, 1024);
    bounds.put(IF_MATCH, 1024);
    bounds.put(IF_NONE_MATCH, 1024);
    bounds.put(CLIENT_REQUEST_ID, 256);
    bounds.put(ORIGIN, 512);
    bounds.put(SEC_FETCH_SITE, 64);
    bounds.put(ACCESS_CONTROL_REQUEST_METHOD, 64);
    return java.util.Collections.unmodifiableMap(bounds);
  }

  private final Map<String, List<String>> fields;
  private final String oversized;
  private final MediaType contentType;
  private final Preferences preferences;

  private RequestHeaders(Map<String, List<String>> fields, String oversized) {
    this.fields = fields;
    this.oversized = oversized;
    this.contentType = MediaType.parse(first(CONTENT_TYPE));
    this.preferences = Preferences.parse(fields.get(PREFER));
  }

  /**
   * The fields read, from {@code all} (the request's fields by name, looked up case-insensitively).
   * Never fails.
   */
  public static RequestHeaders parse(Function<String, List<String>> all) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String oversized = null;
    for (Map.Entry<String, Integer> bound : BOUNDS.entrySet()) {
      List<String> values = all.apply(bound.getKey());
      if (values == null || values.isEmpty()) {
        continue;
      }
      long length = 0;
      for (String value : values) {
        length += value.length();
      }
      if (length > bound.getValue()) {
        oversized = oversized == null ? bound.getKey() : oversized;
      } else {
        fields.put(bound.getKey(), List.copyOf(values));
      }
    }
    return new RequestHeaders(fields, oversized);
  }

  /** The first field (in {@link #BOUNDS}' order) longer than its bound, or null. */
  public String oversized() {
    return oversized;
  }

  public String authorization() {
    return first(AUTHORIZATION);
  }

  /** The body's media type, or null when none is named. */
  public MediaType contentType() {
    return contentType;
  }

  public Preferences preferences() {
    return preferences;
  }

  /** The client's request id, or null when none or it holds a control character (it is echoed in a header). */
  public String clientRequestId() {
    String id = first(CLIENT_REQUEST_ID);
    if (id == null || id.isBlank()) {
      return null;
    }
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) < 0x20 || id.charAt(i) == 0x7f) {
        return null;
      }
    }
    return id;
  }

  public String origin() {
    return first(ORIGIN);
  }

  public String secFetchSite() {
    return first(SEC_FETCH_SITE);
  }

  public String accessControlRequestMethod() {
    return first(ACCESS_CONTROL_REQUEST_METHOD);
  }

  /** The values of a field of {@link #BOUNDS} as sent (within its bound), or null. */
  public List<String> values(String name) {
    return fields.get(name);
  }

  private String first(String name) {
    List<String> values = fields.get(name);
    return values == null ? null : values.get(0);
  }
}
