package graphaudit.internal.odata;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.AuditEventRules;
import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.InvalidInputException;
import graphaudit.internal.request.Preferences;
import graphaudit.internal.store.AuditEventStore;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Optional;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;

import org.apache.olingo.server.api.processor.EntityProcessor;
import org.apache.olingo.server.api.uri.UriInfo;

/**
 * Single auditEvents (read, create, update, delete) and the {@code deviceManagement} singleton.
 * One instance per request.
 */
final class AuditEventProcessor implements EntityProcessor {

  private final AuditEventStore store;
  private final Call call;
  private final AuditEventJsonReader reader;
  private final AuditEventJsonWriter writer;
  private OData odata;

  AuditEventProcessor(AuditEventStore store, Call call) {
    this.store = store;
    this.call = call;
    this.reader = new AuditEventJsonReader(call.version());
    this.writer = new AuditEventJsonWriter(call.version());
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
  }

  @Override
  public void readEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException {
    GraphJson.requireJson(format);
    String id = Requests.eventKey(uriInfo);
    if (id == null) {
      if (uriInfo.getExpandOption() != null) {
        // declared by Capabilities.ExpandRestrictions: a silently ignored $expand looks like an empty list
        throw new ODataApplicationException("$expand is not supported on deviceManagement; read "
            + "deviceManagement/auditEvents instead.", HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
      }
      writeSingleton(request, response, format);
      return;
    }
    AuditEvent event = store.get(call.tenantId(), id).orElseThrow(() -> notFound(id));
    Selection selection = Selection.of(uriInfo);
    respond(response, HttpStatusCode.OK, writer.entity(event,
        ContextUrls.entity(request.getRawBaseUri(), selection), selection.shape(format)), format);
  }

  @Override
  public void createEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo,
      ContentType requestFormat, ContentType responseFormat) throws ODataApplicationException {
    GraphJson.requireJson(responseFormat);
    AuditEvent event = store.create(call.tenantId(), AuditEventRules.forCreate(reader.read(Requests.body(request))));
    response.setHeader(HttpHeader.LOCATION, ContextUrls.location(request.getRawBaseUri(), event.id()));
    respond(response, HttpStatusCode.CREATED, writer.entity(event,
        ContextUrls.entity(request.getRawBaseUri(), Selection.ALL), Selection.ALL.shape(responseFormat)),
        responseFormat);
  }

  @Override
  public void updateEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo,
      ContentType requestFormat, ContentType responseFormat) throws ODataApplicationException {
    GraphJson.requireJson(responseFormat);
    String id = Requests.eventKey(uriInfo); // the route table lets PATCH and PUT through on an event only
    Map<String, Object> changes = reader.read(Requests.body(request));
    Object newId = changes.get(AuditSchema.KEY);
    if (newId != null && !newId.equals(id)) {
      throw new InvalidInputException("Property 'id' is the key and cannot be changed.");
    }
    boolean replace = request.getMethod() == HttpMethod.PUT;
    Optional<AuditEvent> updated = store.update(call.tenantId(), id, current -> {
      AuditEvent next = replace ? AuditEventRules.forCreate(withKey(changes, id)) : current.patchedWith(changes);
      AuditEventRules.requireComplete(next);
      return next;
    });
    AuditEvent event = updated.orElseThrow(() -> notFound(id));
    if (call.preferences().returning() == Preferences.Return.MINIMAL) {
      response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
      response.setHeader(HttpHeader.PREFERENCE_APPLIED, "return=minimal");
      return;
    }
    respond(response, HttpStatusCode.OK, writer.entity(event,
        ContextUrls.entity(request.getRawBaseUri(), Selection.ALL), Selection.ALL.shape(responseFormat)),
        responseFormat);
  }

  @Override
  public void deleteEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    String id = Requests.eventKey(uriInfo); // the route table lets DELETE through on an event only
    if (!store.delete(call.tenantId(), id)) {
      throw notFound(id);
    }
    response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
  }

  /** GET /deviceManagement: the tenant's singleton, whose id is the tenant id. */
  private void writeSingleton(ODataRequest request, ODataResponse response, ContentType format) {
    boolean annotations = GraphJson.annotations(format);
    byte[] body = AuditEventJsonWriter.write(g -> {
      g.writeStartObject();
      if (annotations) {
        g.writeStringField("@odata.context", request.getRawBaseUri() + "/$metadata#deviceManagement");
        g.writeStringField("@odata.type", "#" + AuditEdmProvider.DEVICE_MANAGEMENT.getFullQualifiedNameAsString());
      }
      g.writeStringField(AuditSchema.KEY, call.tenantId());
      g.writeEndObject();
    });
    respond(response, HttpStatusCode.OK, body, format);
  }

  private static Map<String, Object> withKey(Map<String, Object> body, String id) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(body);
    copy.put(AuditSchema.KEY, id);
    return copy;
  }

  static void respond(ODataResponse response, HttpStatusCode status, byte[] body, ContentType format) {
    response.setStatusCode(status.getStatusCode());
    response.setContent(new ByteArrayInputStream(body));
    response.setHeader(HttpHeader.CONTENT_TYPE, GraphJson.contentType(GraphJson.annotations(format)));
  }

  static ODataApplicationException notFound(String id) {
    return new ODataApplicationException("Resource '" + id + "' of type '"
        + AuditSchema.AUDIT_EVENT.qualifiedName() + "' was not found.",
        HttpStatusCode.NOT_FOUND.getStatusCode(), null);
  }

}
