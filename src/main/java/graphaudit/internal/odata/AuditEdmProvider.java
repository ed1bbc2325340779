package graphaudit.internal.odata;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.StructuredType;
import graphaudit.internal.audit.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.edm.provider.CsdlAbstractEdmProvider;
import org.apache.olingo.commons.api.edm.provider.CsdlAliasInfo;
import org.apache.olingo.commons.api.edm.provider.CsdlComplexType;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainer;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainerInfo;
import org.apache.olingo.commons.api.edm.provider.CsdlEntitySet;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityType;
import org.apache.olingo.commons.api.edm.provider.CsdlFunction;
import org.apache.olingo.commons.api.edm.provider.CsdlFunctionImport;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlParameter;
import org.apache.olingo.commons.api.edm.provider.CsdlProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlPropertyRef;
import org.apache.olingo.commons.api.edm.provider.CsdlReturnType;
import org.apache.olingo.commons.api.edm.provider.CsdlSchema;
import org.apache.olingo.commons.api.edm.provider.CsdlSingleton;

/**
 * The EDM of one service root, derived from {@link AuditSchema}: namespace {@code microsoft.graph}
 * (alias {@code graph}), container {@code GraphService}, singleton {@code deviceManagement} with the
 * contained {@code auditEvents}, and Graph's two bound audit functions. Immutable, thread-safe.
 */
final class AuditEdmProvider extends CsdlAbstractEdmProvider {

  static final String NAMESPACE = StructuredType.NAMESPACE;
  static final String ALIAS = StructuredType.ALIAS;
  static final String CONTAINER_NAME = "GraphService";
  static final String SINGLETON = "deviceManagement";
  static final String NAVIGATION = "auditEvents";
  static final String GET_CATEGORIES = "getAuditCategories";
  static final String GET_ACTIVITY_TYPES = "getAuditActivityTypes";

  static final FullQualifiedName ENTITY = new FullQualifiedName(NAMESPACE, "entity");
  static final FullQualifiedName AUDIT_EVENT = fqn(AuditSchema.AUDIT_EVENT);
  static final FullQualifiedName DEVICE_MANAGEMENT = new FullQualifiedName(NAMESPACE, "deviceManagement");
  static final FullQualifiedName CONTAINER = new FullQualifiedName(NAMESPACE, CONTAINER_NAME);

  private final ApiVersion version;
  private final Map<FullQualifiedName, CsdlComplexType> complexTypes = new LinkedHashMap<>();

  AuditEdmProvider(ApiVersion version) {
    this.version = version;
    collectComplexTypes(AuditSchema.AUDIT_EVENT);
  }

  /** Only the complex types reachable in this version: roleScopeTagInfo is beta's alone. */
  private void collectComplexTypes(StructuredType type) {
    for (Property p : type.propertiesIn(version)) {
      if (p.kind().isComplex() && !complexTypes.containsKey(fqn(p.complexType()))) {
        complexTypes.put(fqn(p.complexType()), complexType(p.complexType()));
        collectComplexTypes(p.complexType());
      }
    }
  }

  private static FullQualifiedName fqn(StructuredType type) {
    return new FullQualifiedName(NAMESPACE, type.name());
  }

  private CsdlComplexType complexType(StructuredType type) {
    return new CsdlComplexType().setName(type.name()).setProperties(properties(type));
  }

  private List<CsdlProperty> properties(StructuredType type) {
    List<CsdlProperty> out = new ArrayList<>();
    for (Property p : type.propertiesIn(version)) {
      if (type == AuditSchema.AUDIT_EVENT && p.name().equals(AuditSchema.KEY)) {
        continue; // inherited from entity
      }
      CsdlProperty csdl = new CsdlProperty().setName(p.name())
          .setType(p.kind().isComplex() ? fqn(p.complexType()) : new FullQualifiedName(p.kind().edmType()))
          .setCollection(p.kind().isCollection());
      if (!p.nullable()) {
        csdl.setNullable(false);
      }
      out.add(csdl);
    }
    return out;
  }

  @Override
  public CsdlEntityType getEntityType(FullQualifiedName name) {
    if (ENTITY.equals(name)) {
      return new CsdlEntityType().setName(ENTITY.getName()).setAbstract(true)
          .setKey(List.of(new CsdlPropertyRef().setName(AuditSchema.KEY)))
          .setProperties(List.of(new CsdlProperty().setName(AuditSchema.KEY)
              .setType(new FullQualifiedName("Edm.String")).setNullable(false)
              .setAnnotations(GraphAnnotations.key())));
    }
    if (AUDIT_EVENT.equals(name)) {
      return new CsdlEntityType().setName(AUDIT_EVENT.getName()).setBaseType(ENTITY)
          .setProperties(properties(AuditSchema.AUDIT_EVENT));
    }
    if (DEVICE_MANAGEMENT.equals(name)) {
      return new CsdlEntityType().setName(DEVICE_MANAGEMENT.getName()).setBaseType(ENTITY)
          .setNavigationProperties(List.of(new CsdlNavigationProperty().setName(NAVIGATION)
              .setType(AUDIT_EVENT).setCollection(true).setContainsTarget(true)));
    }
    return null;
  }

  @Override
  public CsdlComplexType getComplexType(FullQualifiedName name) {
    return complexTypes.get(name);
  }

  @Override
  public List<CsdlFunction> getFunctions(FullQualifiedName name) {
    // binding type with the full namespace: Olingo's bound-function lookup misses aliased names
    CsdlParameter binding = new CsdlParameter().setName("bindingParameter").setType(AUDIT_EVENT)
        .setCollection(true);
    CsdlReturnType strings = new CsdlReturnType().setType(new FullQualifiedName("Edm.String")).setCollection(true);
    if (new FullQualifiedName(NAMESPACE, GET_CATEGORIES).equals(name)) {
      return List.of(new CsdlFunction().setName(GET_CATEGORIES).setBound(true)
          .setParameters(List.of(binding)).setReturnType(strings));
    }
    if (new FullQualifiedName(NAMESPACE, GET_ACTIVITY_TYPES).equals(name)) {
      return List.of(new CsdlFunction().setName(GET_ACTIVITY_TYPES).setBound(true)
          .setParameters(List.of(binding, new CsdlParameter().setName("category")
              .setType(new FullQualifiedName("Edm.String"))))
          .setReturnType(strings));
    }
    return null;
  }

  @Override
  public CsdlSingleton getSingleton(FullQualifiedName container, String name) {
    if (CONTAINER.equals(container) && SINGLETON.equals(name)) {
      return new CsdlSingleton().setName(SINGLETON).setType(DEVICE_MANAGEMENT)
          .setAnnotations(GraphAnnotations.singleton());
    }
    return null;
  }

  @Override
  public CsdlEntityContainer getEntityContainer() {
    return new CsdlEntityContainer().setName(CONTAINER_NAME)
        .setSingletons(List.of(getSingleton(CONTAINER, SINGLETON)))
        .setAnnotations(GraphAnnotations.container());
  }

  @Override
  public CsdlEntityContainerInfo getEntityContainerInfo(FullQualifiedName name) {
    if (name == null || CONTAINER.equals(name)) {
      return new CsdlEntityContainerInfo().setContainerName(CONTAINER);
    }
    return null;
  }

  @Override
  public List<CsdlAliasInfo> getAliasInfos() {
    return List.of(new CsdlAliasInfo().setNamespace(NAMESPACE).setAlias(ALIAS));
  }

  @Override
  public List<CsdlSchema> getSchemas() {
    return List.of(schema(List.of(getEntityType(ENTITY), getEntityType(AUDIT_EVENT), getEntityType(DEVICE_MANAGEMENT)),
        functions(), getEntityContainer()));
  }

  /**
   * The same model for generators that know only entity sets (SAP Cloud SDK): {@code auditEvents} as an
   * entity set of a service whose root is {@code /{root}/deviceManagement}, and the two functions as
   * function imports of that root (SAP's generator binds operations to single entities only), so
   * every path it implies ({@code auditEvents('id')}, {@code getAuditActivityTypes(category='X')}) is
   * one this service answers. Only a document: Olingo routes with {@link #getSchemas()}.
   */
  List<CsdlSchema> entitySetSchemas() {
    List<CsdlFunction> functions = new ArrayList<>();
    List<CsdlFunctionImport> imports = new ArrayList<>();
    for (CsdlFunction bound : functions()) {
      functions.add(new CsdlFunction().setName(bound.getName()).setReturnType(bound.getReturnType())
          .setParameters(bound.getParameters().subList(1, bound.getParameters().size())));
      imports.add(new CsdlFunctionImport().setName(bound.getName())
          .setFunction(new FullQualifiedName(NAMESPACE, bound.getName())));
    }
    CsdlEntityContainer container = new CsdlEntityContainer().setName(CONTAINER_NAME)
        .setEntitySets(List.of(new CsdlEntitySet().setName(NAVIGATION).setType(AUDIT_EVENT)))
        .setFunctionImports(imports)
        .setAnnotations(GraphAnnotations.container());
    return List.of(schema(List.of(getEntityType(ENTITY), getEntityType(AUDIT_EVENT)), functions, container));
  }

  private List<CsdlFunction> functions() {
    List<CsdlFunction> functions = new ArrayList<>(getFunctions(new FullQualifiedName(NAMESPACE, GET_CATEGORIES)));
    functions.addAll(getFunctions(new FullQualifiedName(NAMESPACE, GET_ACTIVITY_TYPES)));
    return functions;
  }

  private CsdlSchema schema(List<CsdlEntityType> entityTypes, List<CsdlFunction> functions,
      CsdlEntityContainer container) {
    return new CsdlSchema().setNamespace(NAMESPACE).setAlias(ALIAS)
        .setEntityTypes(entityTypes)
        .setComplexTypes(new ArrayList<>(complexTypes.values()))
        .setFunctions(functions)
        .setEntityContainer(container);
  }
}
