package graphaudit.internal.odata;

import java.util.List;
import org.apache.olingo.commons.api.edm.provider.CsdlAnnotation;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlConstantExpression;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlConstantExpression.ConstantExpressionType;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlExpression;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlPropertyValue;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlRecord;

/**
 * The vocabulary annotations our CSDL adds to Graph's, each where this service behaves otherwise than
 * OData's defaults say (docs/sdks.md lists them as the differences from Graph's own CSDL). Terms carry
 * their vocabulary's full namespace and no {@code edmx:Reference} is declared, as in Graph's CSDL: a
 * client that follows references (Olingo's does) would otherwise fetch the vocabularies from the
 * internet before it can read the model. Stateless.
 */
final class GraphAnnotations {

  private static final String CORE = "Org.OData.Core.V1.";
  private static final String CAPABILITIES = "Org.OData.Capabilities.V1.";

  private GraphAnnotations() {
  }

  /**
   * On {@code entity/id}: the server makes one when a create leaves it out, and a client may still give
   * its own. Without it OpenAPI converters make {@code id} required on create.
   */
  static List<CsdlAnnotation> key() {
    return List.of(term(CORE + "ComputedDefaultValue", bool(true)));
  }

  /** On the container: keys are accepted as path segments ({@code auditEvents/{id}}), as Graph SDKs send them. */
  static List<CsdlAnnotation> container() {
    return List.of(term(CAPABILITIES + "KeyAsSegmentSupported", bool(true)));
  }

  /** On {@code deviceManagement}: a PATCH of the singleton is a 405 and {@code $expand} on it a 400. */
  static List<CsdlAnnotation> singleton() {
    return List.of(
        term(CAPABILITIES + "UpdateRestrictions", record("Updatable", false)),
        term(CAPABILITIES + "ExpandRestrictions", record("Expandable", false)));
  }

  private static CsdlAnnotation term(String term, CsdlExpression value) {
    return new CsdlAnnotation().setTerm(term).setExpression(value);
  }

  private static CsdlConstantExpression bool(boolean value) {
    return new CsdlConstantExpression(ConstantExpressionType.Bool, Boolean.toString(value));
  }

  private static CsdlRecord record(String property, boolean value) {
    return new CsdlRecord().setPropertyValues(List.of(
        new CsdlPropertyValue().setProperty(property).setValue(bool(value))));
  }
}
