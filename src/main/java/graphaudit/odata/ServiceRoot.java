package graphaudit.odata;

import graphaudit.audit.ApiVersion;
import graphaudit.store.AuditEventStore;
import java.util.List;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataHandler;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;

/**
 * One service root ({@code /v1.0} or {@code /beta}): its EDM and metadata, built once, and a fresh
 * Olingo handler with this request's processors per call. Thread-safe.
 */
public final class ServiceRoot {

  private final ApiVersion version;
  private final OData odata;
  private final ServiceMetadata metadata;
  private final CsdlDocuments csdl;
  private final ServedDocuments documents;
  private final AuditEventStore store;
  private final SkipTokens skipTokens;

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
  }

  /** @param skipTokenKey secret that signs nextLinks, shared by both roots */
  public ServiceRoot(Model model, AuditEventStore store, byte[] skipTokenKey) {
    this.version = model.version;
    this.odata = model.odata;
    this.metadata = model.metadata;
    this.csdl = model.csdl;
    this.documents = model.documents;
    this.store = store;
    this.skipTokens = new SkipTokens(skipTokenKey);
  }

  public ApiVersion version() {
    return version;
  }

  public ODataResponse handle(ODataRequest request, String tenantId, RequestIds ids) {
    ODataResponse document = documents.answer(request, ids);
    if (document != null) {
      return document;
    }
    Call call = new Call(version, tenantId, ids);
    ODataHandler handler = odata.createRawHandler(metadata);
    handler.register(new AuditEventProcessor(store, call));
    handler.register(new AuditEventCollectionProcessor(store, call, skipTokens));
    handler.register(new AuditFunctionProcessor(store, call));
    handler.register(new CsdlProcessor(csdl));
    handler.register(new GraphErrorProcessor(ids));
    return handler.process(request);
  }
}
