package graphaudit.internal.odata;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.paging.Paging;
import graphaudit.internal.paging.SkipTokens;
import graphaudit.internal.query.QueryPlan;
import graphaudit.internal.store.AuditEventStore;
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
 * The auditEvents collection: {@code $filter}, {@code $search}, {@code $orderby}, {@code $select},
 * {@code $top}, {@code $skip}, {@code $count}, keyset pages with signed skip tokens, and
 * {@code /$count}. Every filter and sort runs in SQL. One instance per root; each request's
 * {@link Call} comes with its request. Thread-safe.
 */
final class AuditEventCollectionProcessor implements CountEntityCollectionProcessor {

  private final AuditEventStore store;
  private final SkipTokens tokens;
  private final AuditEventJsonWriter writer;

  AuditEventCollectionProcessor(AuditEventStore store, ApiVersion version, SkipTokens tokens) {
    this.store = store;
    this.tokens = tokens;
    this.writer = new AuditEventJsonWriter(version);
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    // built with all it needs; Olingo calls this before every request
  }

  @Override
  public void readEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
      ContentType format) throws ODataApplicationException {
    GraphJson.requireJson(format);
    Call call = CallRequest.of(request);
    QueryPlan plan = plan(uriInfo);
    Paging paging = Paging.of(uriInfo, call.tenantId(), call.preferences(), plan.order(), tokens);
    List<AuditEvent> rows = store.page(paging.request(plan.where(), plan.fixed()));
    boolean more = rows.size() > paging.pageSize();
    List<AuditEvent> page = more ? rows.subList(0, paging.pageSize()) : rows;
    String nextLink = more && !page.isEmpty()
        ? paging.nextLink(request, call.query(), page.get(page.size() - 1)) : null;
    Long count = uriInfo.getCountOption() != null && uriInfo.getCountOption().getValue()
        ? store.count(call.tenantId(), plan.where()) : null;
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
    Call call = CallRequest.of(request);
    QueryPlan plan = plan(uriInfo);
    response.setStatusCode(HttpStatusCode.OK.getStatusCode());
    response.setContent(new ByteArrayInputStream(
        Long.toString(store.count(call.tenantId(), plan.where())).getBytes(StandardCharsets.UTF_8)));
    response.setHeader(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
  }

  private QueryPlan plan(UriInfo uriInfo) throws ODataApplicationException {
    for (SystemQueryOption option : uriInfo.getSystemQueryOptions()) {
      SystemQueryOptionKind kind = option.getKind();
      if (kind == SystemQueryOptionKind.EXPAND) {
        throw badRequest("auditEvent has no navigation properties; $expand is not supported.");
      }
      if (kind == SystemQueryOptionKind.APPLY) {
        throw badRequest("$apply is not supported on auditEvents.");
      }
    }
    return QueryPlan.of(uriInfo, store.dialect());
  }

  private static ODataApplicationException badRequest(String message) {
    return new ODataApplicationException(message, HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
  }
}
