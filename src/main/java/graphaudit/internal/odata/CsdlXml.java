package graphaudit.internal.odata;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.edm.provider.CsdlAnnotation;
import org.apache.olingo.commons.api.edm.provider.CsdlComplexType;
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
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlConstantExpression;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlExpression;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlPropertyValue;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlRecord;

/**
 * The XML CSDL (OData 4.0) of a model, written from the EDM provider, indented so the reviewed copy in
 * {@code metadata/} diffs line by line. Ours rather than Olingo's because Olingo names types with the
 * schema's alias ({@code graph.auditEvent}), which generators such as odata2ts do not resolve: here
 * every type reference is the full {@code microsoft.graph.} name while the alias stays declared.
 * Stateless.
 */
final class CsdlXml {

  private final StringBuilder out = new StringBuilder(8192);
  private int depth;

  private CsdlXml() {
  }

  static byte[] of(List<CsdlSchema> schemas) {
    CsdlXml xml = new CsdlXml();
    xml.document(schemas);
    return xml.out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void document(List<CsdlSchema> schemas) {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    open("edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\"");
    open("edmx:DataServices");
    schemas.forEach(this::schema);
    close("edmx:DataServices");
    close("edmx:Edmx");
  }

  private void schema(CsdlSchema schema) {
    open("Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\"" + attribute("Namespace", schema.getNamespace())
        + (schema.getAlias() == null ? "" : attribute("Alias", schema.getAlias())));
    for (CsdlEntityType type : schema.getEntityTypes()) {
      open("EntityType" + attribute("Name", type.getName())
          + (type.getBaseType() == null ? "" : attribute("BaseType", type.getBaseTypeFQN().getFullQualifiedNameAsString()))
          + (type.isAbstract() ? attribute("Abstract", "true") : ""));
      if (type.getKey() != null && !type.getKey().isEmpty()) {
        open("Key");
        type.getKey().forEach(ref -> line("PropertyRef" + attribute("Name", ref.getName())));
        close("Key");
      }
      members(type);
      close("EntityType");
    }
    for (CsdlComplexType type : schema.getComplexTypes()) {
      open("ComplexType" + attribute("Name", type.getName()));
      members(type);
      close("ComplexType");
    }
    schema.getFunctions().forEach(this::function);
    container(schema.getEntityContainer());
    close("Schema");
  }

  private void members(CsdlStructuralType type) {
    for (CsdlProperty property : type.getProperties()) {
      annotated("Property" + attribute("Name", property.getName())
          + attribute("Type", type(property.getTypeAsFQNObject(), property.isCollection()))
          + (property.isNullable() ? "" : attribute("Nullable", "false")), property.getAnnotations());
    }
    for (CsdlNavigationProperty navigation : type.getNavigationProperties()) {
      line("NavigationProperty" + attribute("Name", navigation.getName())
          + attribute("Type", type(navigation.getTypeFQN(), navigation.isCollection()))
          + (navigation.isContainsTarget() ? attribute("ContainsTarget", "true") : ""));
    }
  }

  private void function(CsdlFunction function) {
    open("Function" + attribute("Name", function.getName()) + (function.isBound() ? attribute("IsBound", "true") : ""));
    for (CsdlParameter parameter : function.getParameters()) {
      line("Parameter" + attribute("Name", parameter.getName())
          + attribute("Type", type(parameter.getTypeFQN(), parameter.isCollection())));
    }
    line("ReturnType" + attribute("Type", type(function.getReturnType().getTypeFQN(),
        function.getReturnType().isCollection())));
    close("Function");
  }

  private void container(CsdlEntityContainer container) {
    open("EntityContainer" + attribute("Name", container.getName()));
    for (CsdlEntitySet set : container.getEntitySets()) {
      annotated("EntitySet" + attribute("Name", set.getName())
          + attribute("EntityType", set.getTypeFQN().getFullQualifiedNameAsString()), set.getAnnotations());
    }
    for (CsdlSingleton singleton : container.getSingletons()) {
      annotated("Singleton" + attribute("Name", singleton.getName())
          + attribute("Type", singleton.getTypeFQN().getFullQualifiedNameAsString()), singleton.getAnnotations());
    }
    for (CsdlFunctionImport function : container.getFunctionImports()) {
      line("FunctionImport" + attribute("Name", function.getName())
          + attribute("Function", function.getFunctionFQN().getFullQualifiedNameAsString()));
    }
    container.getAnnotations().forEach(this::annotation);
    close("EntityContainer");
  }

  /** An element with its annotations as children, or empty without any. */
  private void annotated(String element, List<CsdlAnnotation> annotations) {
    if (annotations.isEmpty()) {
      line(element);
      return;
    }
    open(element);
    annotations.forEach(this::annotation);
    close(element.substring(0, element.indexOf(' ')));
  }

  /** A Bool constant as an attribute, or a record of Bool property values. */
  private void annotation(CsdlAnnotation annotation) {
    String element = "Annotation" + attribute("Term", annotation.getTerm());
    CsdlExpression value = annotation.getExpression();
    if (value.isConstant()) {
      line(element + constant(value.asConstant()));
      return;
    }
    open(element);
    open("Record");
    for (CsdlPropertyValue property : ((CsdlRecord) value.asDynamic()).getPropertyValues()) {
      line("PropertyValue" + attribute("Property", property.getProperty()) + constant(property.getValue().asConstant()));
    }
    close("Record");
    close("Annotation");
  }

  private static String constant(CsdlConstantExpression value) {
    return attribute(value.getType().name(), value.getValue());
  }

  private static String type(FullQualifiedName type, boolean collection) {
    String name = type.getFullQualifiedNameAsString();
    return collection ? "Collection(" + name + ")" : name;
  }

  private static String attribute(String name, String value) {
    return " " + name + "=\"" + value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;") + "\"";
  }

  private void open(String element) {
    indent().append('<').append(element).append(">\n");
    depth++;
  }

  private void close(String name) {
    depth--;
    indent().append("</").append(name).append(">\n");
  }

  private void line(String element) {
    indent().append('<').append(element).append("/>\n");
  }

  private StringBuilder indent() {
    return out.append("  ".repeat(depth));
  }
}
