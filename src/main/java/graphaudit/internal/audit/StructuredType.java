package graphaudit.internal.audit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/** An entity or complex type of namespace {@code microsoft.graph}, with its properties in wire order. */
public record StructuredType(String name, List<Property> properties) {

  public static final String NAMESPACE = "microsoft.graph";
  public static final String ALIAS = "graph";

  public StructuredType {
    properties = List.copyOf(properties);
  }

  /** {@code microsoft.graph.auditActor}. */
  public String qualifiedName() {
    return NAMESPACE + "." + name;
  }

  /** A type's properties in one root, cached with the type they belong to. */
  private record InVersion(StructuredType type, List<Property> properties) {
  }

  /**
   * Per root, type name → its properties there (asked for every value written, where hashing the
   * record would cost): a cached entry serves only the very type it was made for, so a test schema
   * declaring another type of the same name is computed afresh.
   */
  private static final Map<ApiVersion, Map<String, InVersion>> IN_VERSION = new EnumMap<>(Map.of(
      ApiVersion.V1_0, new ConcurrentHashMap<>(), ApiVersion.BETA, new ConcurrentHashMap<>()));

  /** The properties this type has in one service root, in wire order. */
  public List<Property> propertiesIn(ApiVersion version) {
    InVersion cached = IN_VERSION.get(version).computeIfAbsent(name,
        n -> new InVersion(this, properties.stream().filter(p -> p.existsIn(version)).toList()));
    return cached.type() == this ? cached.properties()
        : properties.stream().filter(p -> p.existsIn(version)).toList();
  }

  /**
   * The property named {@code propertyName} in one root. A loop: it is asked for every property read,
   * and a stream here took 12 % of an import's reading thread (JFR).
   */
  public Optional<Property> property(String propertyName, ApiVersion version) {
    for (Property p : properties) {
      if (p.name().equals(propertyName) && p.existsIn(version)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code typeName} (qualified or aliased, with or without '#') names this type. */
  public boolean isNamedBy(String typeName) {
    String name = typeName.startsWith("#") ? typeName.substring(1) : typeName;
    return name.equals(qualifiedName()) || name.equals(ALIAS + "." + this.name);
  }
}
