package graphaudit.internal.odata;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.openapi.OpenApiDocument;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;

/**
 * The descriptions a root serves beside its {@code $metadata}, for generators that need another one:
 * {@code /{root}/deviceManagement/$metadata}, the CSDL with auditEvents as an entity set (XML, or JSON
 * CSDL on {@code $format=json} or {@code Accept: application/json}), and {@code /{root}/$openapi}, the
 * OpenAPI description whose server is the root as the client reached it. Immutable.
 */
final class ServedDocuments {

  static final String ENTITY_SET_METADATA = "/deviceManagement/$metadata";
  static final String OPENAPI = "/$openapi";

  private final ApiVersion version;
  private final CsdlDocuments entitySets;

  ServedDocuments(ApiVersion version, CsdlDocuments entitySets) {
    this.version = version;
    this.entitySets = entitySets;
  }

  /** The answer when the request names one of these documents, else null (Olingo's turn). Only GET reaches here. */
  ODataResponse answer(ODataRequest request) {
    String path = request.getRawODataPath();
    boolean metadata = path.equalsIgnoreCase(ENTITY_SET_METADATA);
    if (!metadata && !path.equalsIgnoreCase(OPENAPI)) {
      return null;
    }
    ODataResponse response = new ODataResponse();
    boolean json = !metadata || wantsJson(request);
    byte[] body = !metadata ? OpenApiDocument.of(version, request.getRawBaseUri())
        : json ? entitySets.json() : entitySets.xml();
    response.setStatusCode(200);
    response.setHeader(HttpHeader.CONTENT_TYPE, json ? "application/json;charset=utf-8" : "application/xml;charset=utf-8");
    response.setContent(new ByteArrayInputStream(body));
    return response;
  }

  private static boolean wantsJson(ODataRequest request) {
    String query = request.getRawQueryPath() == null ? "" : request.getRawQueryPath().toLowerCase(Locale.ROOT);
    if (query.contains("$format=json") || query.contains("$format=application/json")) {
      return true;
    }
    String accept = request.getHeader(HttpHeader.ACCEPT);
    return accept != null && accept.contains("application/json") && !accept.contains("application/xml");
  }
}
