package graphaudit.odata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainer;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityType;
import org.apache.olingo.commons.api.edm.provider.CsdlFunction;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlParameter;
import org.apache.olingo.commons.api.edm.provider.CsdlProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlSchema;
import org.apache.olingo.commons.api.edm.provider.CsdlSingleton;
import org.apache.olingo.commons.api.edm.provider.CsdlStructuralType;

/**
 * The JSON CSDL of a model (OData CSDL JSON 4.01, describing this OData 4.0 service), written from the
 * EDM provider. Olingo's own JSON CSDL leaves out {@code $EntityContainer} and writes nullability with
 * XML's defaults, where JSON's are the reverse: absent {@code $Nullable} means not nullable, so it
 * declared every optional property required. Types are named with the schema's alias, as in the XML.
 * Stateless.
 */
final class CsdlJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String STRING = "Edm.String";

  private CsdlJson() {
  }

  static byte[] of(List<CsdlSchema> schemas) {
    ObjectNode document = NODES.objectNode().put("$Version", "4.0");
    for (CsdlSchema schema : schemas) {
      if (schema.getEntityContainer() != null) {
        document.put("$EntityContainer", schema.getNamespace() + "." + schema.getEntityContainer().getName());
      }
    }
    for (CsdlSchema schema : schemas) {
      document.set(schema.getNamespace(), schema(schema));
    }
    try {
      return JSON.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON CSDL cannot be written", e);
    }
  }

  private static ObjectNode schema(CsdlSchema schema) {
    Names names = new Names(schema.getNamespace(), schema.getAlias());
    ObjectNode out = NODES.objectNode();
    if (schema.getAlias() != null) {
      out.put("$Alias", schema.getAlias());
    }
    for (CsdlEntityType type : schema.getEntityTypes()) {
      ObjectNode entity = out.putObject(type.getName()).put("$Kind", "EntityType");
      if (type.getBaseType() != null) {
        entity.put("$BaseType", names.of(type.getBaseTypeFQN()));
      }
      if (type.isAbstract()) {
        entity.put("$Abstract", true);
      }
      if (type.getKey() != null && !type.getKey().isEmpty()) {
        ArrayNode key = entity.putArray("$Key");
        type.getKey().forEach(ref -> key.add(ref.getName()));
      }
      members(entity, type, names);
    }
    schema.getComplexTypes().forEach(type -> members(out.putObject(type.getName()).put("$Kind", "ComplexType"),
        type, names));
    for (CsdlFunction function : schema.getFunctions()) {
      ArrayNode overloads = out.has(function.getName()) ? (ArrayNode) out.get(function.getName())
          : out.putArray(function.getName());
      overloads.add(function(function, names));
    }
    CsdlEntityContainer container = schema.getEntityContainer();
    if (container != null) {
      ObjectNode node = out.putObject(container.getName()).put("$Kind", "EntityContainer");
      for (CsdlSingleton singleton : container.getSingletons()) {
        node.putObject(singleton.getName()).put("$Type", names.of(singleton.getTypeFQN()));
      }
    }
    return out;
  }

  private static void members(ObjectNode out, CsdlStructuralType type, Names names) {
    for (CsdlProperty property : type.getProperties()) {
      typed(out.putObject(property.getName()), property.getTypeAsFQNObject(), property.isCollection(),
          property.isNullable(), names);
    }
    for (CsdlNavigationProperty navigation : type.getNavigationProperties()) {
      ObjectNode node = out.putObject(navigation.getName()).put("$Kind", "NavigationProperty")
          .put("$Type", names.of(navigation.getTypeFQN()));
      if (navigation.isCollection()) {
        node.put("$Collection", true);
      }
      if (navigation.isContainsTarget()) {
        node.put("$ContainsTarget", true);
      }
    }
  }

  private static ObjectNode function(CsdlFunction function, Names names) {
    ObjectNode out = NODES.objectNode().put("$Kind", "Function");
    if (function.isBound()) {
      out.put("$IsBound", true);
    }
    ArrayNode parameters = out.putArray("$Parameter");
    for (CsdlParameter parameter : function.getParameters()) {
      typed(parameters.addObject().put("$Name", parameter.getName()), parameter.getTypeFQN(),
          parameter.isCollection(), parameter.isNullable(), names);
    }
    typed(out.putObject("$ReturnType"), function.getReturnType().getTypeFQN(),
        function.getReturnType().isCollection(), function.getReturnType().isNullable(), names);
    return out;
  }

  /**
   * {@code $Type} (left out for Edm.String, the default), {@code $Collection}, and {@code $Nullable}
   * for a nullable single value (a collection's is about its items, which XML CSDL 4.0 leaves open).
   */
  private static void typed(ObjectNode out, FullQualifiedName type, boolean collection, boolean nullable,
      Names names) {
    if (!STRING.equals(type.getFullQualifiedNameAsString())) {
      out.put("$Type", names.of(type));
    }
    if (collection) {
      out.put("$Collection", true);
    } else if (nullable) {
      out.put("$Nullable", true);
    }
  }

  /** Type names of the schema's own namespace written with its alias, as the XML CSDL has them. */
  private record Names(String namespace, String alias) {
    String of(FullQualifiedName name) {
      return alias != null && namespace.equals(name.getNamespace()) ? alias + "." + name.getName()
          : name.getFullQualifiedNameAsString();
    }
  }
}
