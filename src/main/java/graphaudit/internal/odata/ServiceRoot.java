package graphaudit.internal.odata;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.paging.SkipTokens;
import graphaudit.internal.query.QueryPlan;
import graphaudit.internal.request.QueryString;
import graphaudit.internal.store.AuditEventStore;
import java.util.List;
import org.apache.olingo.commons.api.edm.constants.ODataServiceVersion;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.core.ODataDispatcher;
import org.apache.olingo.server.core.ODataHandlerImpl;
import org.apache.olingo.server.core.debug.ServerCoreDebugger;
import org.apache.olingo.server.core.uri.parser.Parser;
import org.apache.olingo.server.core.uri.validator.UriValidator;

/**
 * One service root ({@code /v1.0} or {@code /beta}): its EDM, metadata, processors and Olingo handler,
 * built once; each request carries its {@link Call} to the processors ({@link #request}). Thread-safe.
 *
 * <p>A request runs Olingo's own steps (parse the URI, validate it, dispatch to a processor) here
 * rather than in {@code ODataHandlerImpl.process}, so that the parser's unchecked failures are caught
 * where they happen, and every failure leaves as an exception for the pipeline's one error mapping.
 */
public final class ServiceRoot {

  private final ApiVersion version;
  private final OData odata;
  private final ServiceMetadata metadata;
  private final ServedDocuments documents;
  private final AuditEventStore store;
  private final ODataHandlerImpl handler;

  /** The part of a root that needs no database: its EDM, metadata and CSDL documents. */
  public static final class Model {
    private final ApiVersion version;
    private final OData odata;
    private final ServiceMetadata metadata;
    private final CsdlDocuments csdl;
    private final ServedDocuments documents;

    public Model(ApiVersion version) {
      this.version = version;
      this.odata = OData.newInstance();
      AuditEdmProvider provider = new AuditEdmProvider(version);
      this.metadata = odata.createServiceMetadata(provider, List.of());
      this.csdl = CsdlDocuments.of(provider.getSchemas());
      this.documents = new ServedDocuments(version, CsdlDocuments.of(provider.entitySetSchemas()));
    }

    ApiVersion version() {
      return version;
    }

    OData odata() {
      return odata;
    }

    ServiceMetadata metadata() {
      return metadata;
    }
  }

  /** @param skipTokenKey secret that signs nextLinks, shared by both roots */
  public ServiceRoot(Model model, AuditEventStore store, byte[] skipTokenKey) {
    this.version = model.version;
    this.odata = model.odata;
    this.metadata = model.metadata;
    this.documents = model.documents;
    this.store = store;
    // Olingo's handler here only holds the processors for its dispatcher: no state of a request
    this.handler = new ODataHandlerImpl(odata, metadata, new ServerCoreDebugger(odata));
    handler.register(new AuditEventProcessor(store, version));
    handler.register(new AuditEventCollectionProcessor(store, version, new SkipTokens(skipTokenKey)));
    handler.register(new AuditFunctionProcessor(store));
    handler.register(new CsdlProcessor(model.csdl));
  }

  /** An empty Olingo request for {@code call}, to fill and {@link #handle}. */
  public ODataRequest request(Call call) {
    return new CallRequest(call);
  }

  public ApiVersion version() {
    return version;
  }

  /**
   * Olingo's answer to {@code request}, made by {@link #request}.
   *
   * @throws ODataFailure when Olingo or a processor refuses the request
   * @throws UnparsableQueryException when Olingo's URI parser fails on the query unchecked
   * @throws RuntimeException a domain or store exception out of a processor, as thrown
   */
  public ODataResponse handle(ODataRequest request) {
    ODataResponse document = documents.answer(request);
    if (document != null) {
      return document;
    }
    ODataResponse response = new ODataResponse();
    response.setHeader(HttpHeader.ODATA_VERSION, ODataServiceVersion.V40.toString());
    try {
      UriInfo uri = parse(request);
      new UriValidator().validate(uri, request.getMethod());
      new ODataDispatcher(uri, handler).dispatch(request, response);
      return response;
    } catch (ODataLibraryException | ODataApplicationException e) {
      throw FilterDiagnosis.refined(ODataFailure.of(e), FilterDiagnosis.queryOf(request.getRawRequestUri()), e);
    }
  }

  /**
   * The plan of the collection's query options (already normalised, as {@code GraphRequests} does),
   * for answers computed beside OData's, such as the viewer's chart.
   *
   * @throws ODataFailure or {@link UnparsableQueryException} as {@link #handle} does for a bad query
   */
  public QueryPlan collectionPlan(QueryString query) {
    UriInfo uri;
    try {
      uri = new Parser(metadata.getEdm(), odata).parseUri(COLLECTION, query.raw(), null, "");
      new UriValidator().validate(uri, org.apache.olingo.commons.api.http.HttpMethod.GET);
    } catch (ODataLibraryException e) {
      throw FilterDiagnosis.refined(ODataFailure.of(e), query.raw(), e);
    } catch (RuntimeException e) {
      throw new UnparsableQueryException(e);
    }
    return QueryPlan.of(uri, store.dialect());
  }

  private static final String COLLECTION = "/deviceManagement/auditEvents";

  private UriInfo parse(ODataRequest request) throws ODataLibraryException {
    try {
      return new Parser(metadata.getEdm(), odata).parseUri(request.getRawODataPath(), request.getRawQueryPath(),
          null, request.getRawBaseUri());
    } catch (RuntimeException e) {
      throw new UnparsableQueryException(e);
    }
  }
}
