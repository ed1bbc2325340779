package graphaudit.odata;

import graphaudit.audit.ApiVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.SerializerException;

/**
 * A root's CSDL, rendered once: XML indented so the reviewed copy in {@code metadata/} diffs line by
 * line, and JSON CSDL (also reviewed there). Immutable.
 */
public record CsdlDocuments(byte[] xml, byte[] json) {

  public static CsdlDocuments of(ApiVersion version) {
    OData odata = OData.newInstance();
    AuditEdmProvider provider = new AuditEdmProvider(version);
    return of(odata, odata.createServiceMetadata(provider, List.of()), provider);
  }

  /** XML by Olingo; JSON by {@link CsdlJson}, since Olingo's gets JSON CSDL's defaults wrong. */
  static CsdlDocuments of(OData odata, ServiceMetadata metadata, AuditEdmProvider provider) {
    return new CsdlDocuments(indent(xml(odata, metadata)), CsdlJson.of(provider.getSchemas()));
  }

  private static byte[] xml(OData odata, ServiceMetadata metadata) {
    try (InputStream in = odata.createSerializer(ContentType.APPLICATION_XML).metadataDocument(metadata).getContent()) {
      return in.readAllBytes();
    } catch (SerializerException e) {
      throw new IllegalStateException("the EDM cannot be serialized", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] indent(byte[] xml) {
    try {
      Transformer transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.INDENT, "yes");
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
      ByteArrayOutputStream out = new ByteArrayOutputStream(xml.length * 2);
      transformer.transform(new StreamSource(new java.io.ByteArrayInputStream(xml)), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("Olingo's CSDL is not well-formed XML", e);
    }
  }
}
