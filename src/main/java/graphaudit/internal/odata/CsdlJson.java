package graphaudit.internal.odata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.edm.provider.CsdlAnnotation;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainer;
import org.apache.olingo.commons.api.edm.provider.CsdlEntitySet;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityType;
import org.apache.olingo.commons.api.edm.provider.CsdlFunction;
import org.apache.olingo.commons.api.edm.provider.CsdlFunctionImport;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlParameter;
import org.apache.olingo.commons.api.edm.provider.CsdlProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlSchema;
import org.apache.olingo.commons.api.edm.provider.CsdlSingleton;
import org.apache.olingo.commons.api.edm.provider.CsdlStructuralType;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlExpression;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlPropertyValue;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlRecord;

/**
 * The JSON CSDL of a model (OData CSDL JSON 4.01, describing this OData 4.0 service), written from the
 * EDM provider. Olingo's own JSON CSDL leaves out {@code $EntityContainer} and writes nullability with
 * XML's defaults, where JSON's are the reverse: absent {@code $Nullable} means not nullable, so it
 * declared every optional property required. Types are named in full ({@code microsoft.graph.auditEvent}),
 * as in the XML. Stateless.
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
    ObjectNode out = NODES.objectNode();
    if (schema.getAlias() != null) {
      out.put("$Alias", schema.getAlias());
    }
    for (CsdlEntityType type : schema.getEntityTypes()) {
      ObjectNode entity = out.putObject(type.getName()).put("$Kind", "EntityType");
      if (type.getBaseType() != null) {
        entity.put("$BaseType", name(type.getBaseTypeFQN()));
      }
      if (type.isAbstract()) {
        entity.put("$Abstract", true);
      }
      if (type.getKey() != null && !type.getKey().isEmpty()) {
        ArrayNode key = entity.putArray("$Key");
        type.getKey().forEach(ref -> key.add(ref.getName()));
      }
      members(entity, type);
    }
    schema.getComplexTypes().forEach(type -> members(out.putObject(type.getName()).put("$Kind", "ComplexType"),
        type));
    for (CsdlFunction function : schema.getFunctions()) {
      ArrayNode overloads = out.has(function.getName()) ? (ArrayNode) out.get(function.getName())
          : out.putArray(function.getName());
      overloads.add(function(function));
    }
    CsdlEntityContainer container = schema.getEntityContainer();
    if (container != null) {
      ObjectNode node = out.putObject(container.getName()).put("$Kind", "EntityContainer");
      for (CsdlEntitySet set : container.getEntitySets()) {
        ObjectNode member = node.putObject(set.getName()).put("$Collection", true).put("$Type", name(set.getTypeFQN()));
        annotate(member, set.getAnnotations());
      }
      for (CsdlSingleton singleton : container.getSingletons()) {
        annotate(node.putObject(singleton.getName()).put("$Type", name(singleton.getTypeFQN())),
            singleton.getAnnotations());
      }
      for (CsdlFunctionImport function : container.getFunctionImports()) {
        node.putObject(function.getName()).put("$Function", name(function.getFunctionFQN()));
      }
      annotate(node, container.getAnnotations());
    }
    return out;
  }

  private static void members(ObjectNode out, CsdlStructuralType type) {
    for (CsdlProperty property : type.getProperties()) {
      ObjectNode node = out.putObject(property.getName());
      typed(node, property.getTypeAsFQNObject(), property.isCollection(), property.isNullable());
      annotate(node, property.getAnnotations());
    }
    for (CsdlNavigationProperty navigation : type.getNavigationProperties()) {
      ObjectNode node = out.putObject(navigation.getName()).put("$Kind", "NavigationProperty")
          .put("$Type", name(navigation.getTypeFQN()));
      if (navigation.isCollection()) {
        node.put("$Collection", true);
      }
      if (navigation.isContainsTarget()) {
        node.put("$ContainsTarget", true);
      }
    }
  }

  private static ObjectNode function(CsdlFunction function) {
    ObjectNode out = NODES.objectNode().put("$Kind", "Function");
    if (function.isBound()) {
      out.put("$IsBound", true);
    }
    ArrayNode parameters = out.putArray("$Parameter");
    for (CsdlParameter parameter : function.getParameters()) {
      typed(parameters.addObject().put("$Name", parameter.getName()), parameter.getTypeFQN(),
          parameter.isCollection(), parameter.isNullable());
    }
    typed(out.putObject("$ReturnType"), function.getReturnType().getTypeFQN(),
        function.getReturnType().isCollection(), function.getReturnType().isNullable());
    return out;
  }

  /**
   * {@code $Type} (left out for Edm.String, the default), {@code $Collection}, and {@code $Nullable}
   * for a nullable single value (a collection's is about its items, which XML CSDL 4.0 leaves open).
   */
  private static void typed(ObjectNode out, FullQualifiedName type, boolean collection, boolean nullable) {
    if (!STRING.equals(type.getFullQualifiedNameAsString())) {
      out.put("$Type", name(type));
    }
    if (collection) {
      out.put("$Collection", true);
    } else if (nullable) {
      out.put("$Nullable", true);
    }
  }

  private static String name(FullQualifiedName name) {
    return name.getFullQualifiedNameAsString();
  }

  /** {@code "@Core.ComputedDefaultValue": true}, or a record of Bool property values. */
  private static void annotate(ObjectNode out, List<CsdlAnnotation> annotations) {
    for (CsdlAnnotation annotation : annotations) {
      CsdlExpression value = annotation.getExpression();
      if (value.isConstant()) {
        out.put("@" + annotation.getTerm(), Boolean.parseBoolean(value.asConstant().getValue()));
      } else {
        ObjectNode record = out.putObject("@" + annotation.getTerm());
        for (CsdlPropertyValue property : ((CsdlRecord) value.asDynamic()).getPropertyValues()) {
          record.put(property.getProperty(), Boolean.parseBoolean(property.getValue().asConstant().getValue()));
        }
      }
    }
  }
}
