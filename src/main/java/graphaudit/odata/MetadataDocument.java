package graphaudit.odata;

import graphaudit.audit.ApiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.serializer.SerializerException;

/** The CSDL XML of one root, exactly as {@code $metadata} serves it (the source of {@code metadata/*.xml}). */
public final class MetadataDocument {

  private MetadataDocument() {
  }

  public static byte[] xml(ApiVersion version) {
    OData odata = OData.newInstance();
    try (InputStream in = odata.createSerializer(ContentType.APPLICATION_XML)
        .metadataDocument(odata.createServiceMetadata(new AuditEdmProvider(version), List.of()))
        .getContent()) {
      return in.readAllBytes();
    } catch (SerializerException e) {
      throw new IllegalStateException("the EDM cannot be serialized", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
