package graphaudit.internal.odata;

import java.io.ByteArrayInputStream;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.MetadataProcessor;
import org.apache.olingo.server.api.uri.UriInfo;

/** {@code $metadata}: the root's pre-rendered CSDL, XML by default, JSON CSDL when negotiated. */
final class CsdlProcessor implements MetadataProcessor {

  private final CsdlDocuments documents;

  CsdlProcessor(CsdlDocuments documents) {
    this.documents = documents;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    // documents are rendered at start-up
  }

  @Override
  public void readMetadata(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format) {
    boolean json = format.isCompatible(ContentType.APPLICATION_JSON);
    response.setStatusCode(HttpStatusCode.OK.getStatusCode());
    response.setContent(new ByteArrayInputStream(json ? documents.json() : documents.xml()));
    response.setHeader(HttpHeader.CONTENT_TYPE, json ? "application/json;charset=utf-8" : "application/xml;charset=utf-8");
  }
}
