package graphaudit.internal.audit;

import java.util.EnumSet;
import java.util.Set;

/**
 * One declared property of a structured type: its name, value shape, nullability and the service
 * roots it exists in. Complex kinds name their {@link StructuredType}.
 */
public record Property(String name, ValueKind kind, StructuredType complexType, boolean nullable,
    Set<ApiVersion> versions) {

  public Property {
    versions = Set.copyOf(versions);
  }

  public static Property string(String name) {
    return new Property(name, ValueKind.STRING, null, true, EnumSet.allOf(ApiVersion.class));
  }

  public static Property of(String name, ValueKind kind) {
    return new Property(name, kind, null, true, EnumSet.allOf(ApiVersion.class));
  }

  public static Property complex(String name, ValueKind kind, StructuredType type) {
    return new Property(name, kind, type, true, EnumSet.allOf(ApiVersion.class));
  }

  public Property required() {
    return new Property(name, kind, complexType, false, versions);
  }

  public Property betaOnly() {
    return new Property(name, kind, complexType, nullable, EnumSet.of(ApiVersion.BETA));
  }

  public boolean existsIn(ApiVersion version) {
    return versions.contains(version);
  }
}
