package graphaudit.odata;

import graphaudit.audit.AuditEvent;
import graphaudit.store.AuditEventStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.CountEntityCollectionProcessor;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.queryoption.SystemQueryOption;
import org.apache.olingo.server.api.uri.queryoption.SystemQueryOptionKind;

/**
 * The auditEvents collection: server-driven pages with a keyset {@code $skiptoken}, {@code $top},
 * {@code $count}, {@code $select}, and {@code /$count}. One instance per request.
 */
final class AuditEventCollectionProcessor implements CountEntityCollectionProcessor {

  private final AuditEventStore store;
  private final Call call;
  private final AuditEventJsonWriter writer;
  private OData odata;

  AuditEventCollectionProcessor(AuditEventStore store, Call call) {
    this.store = store;
    this.call = call;
    this.writer = new AuditEventJsonWriter(call.version());
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
  }

  @Override
  public void readEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
      ContentType format) throws ODataApplicationException {
    GraphJson.requireJson(format);
    rejectUnsupportedOptions(uriInfo);
    Paging paging = Paging.of(uriInfo, odata.createPreferences(request.getHeaders(HttpHeader.PREFER)));
    List<AuditEvent> rows = store.page(call.tenantId(), paging.afterId(), paging.fetchSize());
    boolean more = rows.size() > paging.pageSize();
    List<AuditEvent> page = more ? rows.subList(0, paging.pageSize()) : rows;
    String nextLink = more && !page.isEmpty() ? paging.nextLink(request, page.get(page.size() - 1).id()) : null;
    Long count = uriInfo.getCountOption() != null && uriInfo.getCountOption().getValue()
        ? store.count(call.tenantId()) : null;
    Selection selection = Selection.of(uriInfo);
    AuditEventProcessor.respond(response, HttpStatusCode.OK, writer.collection(page,
        ContextUrls.collection(request.getRawBaseUri(), selection), count, nextLink, selection.shape(format)),
        format);
    if (paging.preferenceApplied() != null) {
      response.setHeader(HttpHeader.PREFERENCE_APPLIED, paging.preferenceApplied());
    }
  }

  @Override
  public void countEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    rejectUnsupportedOptions(uriInfo);
    response.setStatusCode(HttpStatusCode.OK.getStatusCode());
    response.setContent(new ByteArrayInputStream(
        Long.toString(store.count(call.tenantId())).getBytes(StandardCharsets.UTF_8)));
    response.setHeader(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
  }

  /** Options whose semantics this service does not implement yet: a 400 naming them, never ignored. */
  private static void rejectUnsupportedOptions(UriInfo uriInfo) throws ODataApplicationException {
    for (SystemQueryOption option : uriInfo.getSystemQueryOptions()) {
      SystemQueryOptionKind kind = option.getKind();
      if (kind == SystemQueryOptionKind.EXPAND) {
        throw new ODataApplicationException("auditEvent has no navigation properties; $expand is not supported.",
            HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
      }
      if (kind == SystemQueryOptionKind.FILTER || kind == SystemQueryOptionKind.ORDERBY
          || kind == SystemQueryOptionKind.SEARCH || kind == SystemQueryOptionKind.APPLY
          || kind == SystemQueryOptionKind.SKIP) {
        throw new ODataApplicationException("The query option '" + kind.toString()
            + "' is not supported on auditEvents.", HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
      }
    }
  }
}
