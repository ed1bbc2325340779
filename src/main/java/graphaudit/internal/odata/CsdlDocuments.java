package graphaudit.internal.odata;

import graphaudit.internal.audit.ApiVersion;
import java.util.List;
import org.apache.olingo.commons.api.edm.provider.CsdlSchema;

/**
 * One CSDL document of a root, rendered once as XML and as JSON CSDL (both reviewed in
 * {@code metadata/}). Immutable.
 */
public record CsdlDocuments(byte[] xml, byte[] json) {

  /** The root's {@code $metadata}: the {@code deviceManagement} singleton with its contained auditEvents. */
  public static CsdlDocuments of(ApiVersion version) {
    return of(new AuditEdmProvider(version).getSchemas());
  }

  /** {@code /{root}/deviceManagement/$metadata}: auditEvents as an entity set, for entity-set-only generators. */
  public static CsdlDocuments entitySets(ApiVersion version) {
    return of(new AuditEdmProvider(version).entitySetSchemas());
  }

  static CsdlDocuments of(List<CsdlSchema> schemas) {
    return new CsdlDocuments(CsdlXml.of(schemas), CsdlJson.of(schemas));
  }
}
