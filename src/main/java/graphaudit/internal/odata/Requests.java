package graphaudit.internal.odata;

import graphaudit.internal.audit.AuditSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceNavigation;

/** Small readers of what Olingo parsed: the event key, the body bytes. Stateless. */
final class Requests {

  private Requests() {
  }

  /** The auditEvent key of {@code deviceManagement/auditEvents('id')}, or null when the path has none. */
  static String eventKey(UriInfo uriInfo) {
    List<UriResource> parts = uriInfo.getUriResourceParts();
    if (parts.size() < 2 || !(parts.get(1) instanceof UriResourceNavigation navigation)) {
      return null;
    }
    for (UriParameter key : navigation.getKeyPredicates()) {
      if (AuditSchema.KEY.equals(key.getName())) {
        String text = key.getText();
        return text.substring(1, text.length() - 1).replace("''", "'");
      }
    }
    return null;
  }

  static byte[] body(ODataRequest request) throws ODataApplicationException {
    try (InputStream in = request.getBody()) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new ODataApplicationException("The request body could not be read.",
          HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
    }
  }
}
