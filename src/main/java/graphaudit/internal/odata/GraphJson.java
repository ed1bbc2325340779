package graphaudit.internal.odata;

import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.ODataApplicationException;

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

  /** Graph speaks JSON only: a request that negotiated anything else (e.g. {@code $format=xml}) is 406. */
  static void requireJson(ContentType format) throws ODataApplicationException {
    if (format != null && !format.isCompatible(ContentType.APPLICATION_JSON)) {
      throw new ODataApplicationException("The requested format '" + format.toContentTypeString()
          + "' is not supported; auditEvents are served as application/json.", 406, null);
    }
  }

  static String contentType(boolean annotations) {
    return annotations ? MINIMAL : NONE;
  }
}
