package graphaudit.odata;

import org.apache.olingo.commons.api.format.ContentType;

/** The Content-Type strings Graph sends with JSON payloads, per metadata level asked for. */
final class GraphJson {

  static final String MINIMAL =
      "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
  static final String NONE =
      "application/json;odata.metadata=none;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

  private GraphJson() {
  }

  /** Whether the negotiated format asks for annotations ({@code odata.metadata} other than none). */
  static boolean annotations(ContentType format) {
    return format == null || !"none".equalsIgnoreCase(format.getParameter(ContentType.PARAMETER_ODATA_METADATA));
  }

  static String contentType(boolean annotations) {
    return annotations ? MINIMAL : NONE;
  }
}
