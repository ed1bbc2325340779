package graphaudit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import graphaudit.internal.auth.AccessControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The structure the code keeps, read from the compiled classes: the API ({@code graphaudit},
 * {@code graphaudit.junit}) exposes no internal type; the layers import only downward; one gate checks
 * tokens and answers 405s. A change that breaks one fails here, naming the classes.
 */
class ArchitectureTest {

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPath(Path.of("target", "classes"));

  /** The API's model types: the values, settings and failures a caller sees; everything may use them. */
  private static final DescribedPredicate<JavaClass> API_MODEL = resideInAPackage("graphaudit")
      .and(not(belongToAnyOf(GraphAudit.class))).as("the API's model types");

  @Test
  void theApiExposesNoInternalType() {
    ArchRule rule = classes().that(resideInAnyPackage("graphaudit", "graphaudit.junit")).and().arePublic()
        .should(exposeNoInternalType());
    rule.check(MAIN);
  }

  @Test
  void layersImportOnlyDownward() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Entry").definedBy(resideInAnyPackage("graphaudit.junit..", "graphaudit.internal.cli..")
            .or(belongToAnyOf(GraphAudit.class)).as("the facade (with its nested classes), the JUnit extension, the CLI"))
        .layer("Composition").definedBy("graphaudit.internal.compose..")
        .layer("Http").definedBy("graphaudit.internal.http..")
        .layer("Handlers").definedBy("graphaudit.internal.admin..", "graphaudit.internal.batch..", "graphaudit.internal.identity..",
            "graphaudit.internal.viewer..", "graphaudit.internal.metrics..")
        .layer("Emulation").definedBy("graphaudit.internal.emulation..")
        .layer("Pipeline").definedBy("graphaudit.internal.pipeline..")
        .layer("Services").definedBy("graphaudit.internal.transfer..", "graphaudit.internal.generate..")
        .layer("OData").definedBy("graphaudit.internal.odata..", "graphaudit.internal.openapi..")
        .layer("Query").definedBy("graphaudit.internal.query..", "graphaudit.internal.compat..")
        .layer("Store").definedBy(resideInAPackage("graphaudit.internal.store..")
            .and(not(resideInAnyPackage("graphaudit.internal.store.sql..", "graphaudit.internal.store.log..")))
            .as("the store but its SQL vocabulary and change log"))
        .layer("Paging").definedBy("graphaudit.internal.paging..")
        .layer("StoreSql").definedBy("graphaudit.internal.store.sql..")
        .layer("ChangeLog").definedBy("graphaudit.internal.store.log..")
        .layer("Base").definedBy(resideInAnyPackage("graphaudit.internal.audit..", "graphaudit.internal.auth..",
            "graphaudit.internal.request..", "graphaudit.internal.accesslog..").or(API_MODEL)
            .as("the domain, identities, parsed requests, the access log and the API's model"))
        .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
        .whereLayer("Composition").mayOnlyBeAccessedByLayers("Entry")
        .whereLayer("Http").mayOnlyBeAccessedByLayers("Entry", "Composition")
        .whereLayer("Handlers").mayOnlyBeAccessedByLayers("Entry", "Composition")
        .whereLayer("Emulation").mayOnlyBeAccessedByLayers("Entry", "Composition", "Handlers")
        .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Entry", "Composition", "Http", "Handlers", "Emulation")
        .whereLayer("Services").mayOnlyBeAccessedByLayers("Entry", "Composition", "Handlers")
        .whereLayer("OData").mayOnlyBeAccessedByLayers("Entry", "Composition", "Http", "Handlers", "Pipeline",
            "Services")
        .whereLayer("Query").mayOnlyBeAccessedByLayers("Entry", "Composition", "Handlers", "Pipeline", "Services",
            "OData")
        .whereLayer("Store").mayOnlyBeAccessedByLayers("Entry", "Composition", "Handlers", "Emulation", "Pipeline",
            "Services", "OData")
        .whereLayer("Paging").mayOnlyBeAccessedByLayers("OData", "Query", "Store")
        .whereLayer("StoreSql").mayOnlyBeAccessedByLayers("Entry", "Composition", "Handlers", "Emulation", "Pipeline",
            "Services", "OData", "Query", "Store", "Paging")
        .whereLayer("ChangeLog").mayOnlyBeAccessedByLayers("Entry", "Composition", "Store", "StoreSql")
        .check(MAIN);
  }

  @Test
  void theStoresPartsAreFreeOfCycles() {
    slices().matching("graphaudit.internal.store.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  /** The facade is built on its parts; only the embedded engine, which opens a facade, sits above it. */
  @Test
  void theStoresPartsDoNotReachItsFacade() {
    noClasses().that().resideInAnyPackage("graphaudit.internal.store.write..", "graphaudit.internal.store.sql..",
        "graphaudit.internal.store.log..", "graphaudit.internal.store.legacy..")
        .should().dependOnClassesThat().resideInAPackage("graphaudit.internal.store")
        .check(MAIN);
  }

  @Test
  void onlyTheGateChecksTokens() {
    noClasses().that().resideOutsideOfPackages("graphaudit.internal.pipeline..", "graphaudit.internal.auth..")
        .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
            com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(assignableTo(AccessControl.class)))
            .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching("authorize|authenticate"))))
        .because("a route's access rule is checked by the gate (AccessStage), from the route table")
        .check(MAIN);
  }

  /** ArchUnit does not see int constants: the sources outside the gate are read for a 405 or an Allow. */
  @Test
  void onlyTheGateAnswers405() throws IOException {
    Path main = Path.of("src", "main", "java");
    Path gate = main.resolve("graphaudit/internal/pipeline");
    Pattern notAllowed = Pattern.compile("(?<![\\w.])405(?![\\w.])|METHOD_NOT_ALLOWED|\"Allow\"");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      files.filter(file -> file.toString().endsWith(".java") && !file.startsWith(gate)).forEach(file -> {
        if (notAllowed.matcher(withoutComments(read(file))).find()) {
          offenders.add(main.relativize(file).toString());
        }
      });
    }
    assertEquals(List.of(), offenders, "a 405 or its Allow built outside the gate: let the route table's methods say it");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DescribedPredicate<JavaClass> assignableTo(Class<?> type) {
    return JavaClass.Predicates.assignableTo(type);
  }

  /**
   * A public API type whose supertypes, or the signature of a public or protected member of which,
   * names a type of {@code graphaudit.internal}.
   */
  private static ArchCondition<JavaClass> exposeNoInternalType() {
    return new ArchCondition<>("expose no type of graphaudit.internal") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        List<JavaClass> supertypes = new ArrayList<>();
        type.getRawSuperclass().ifPresent(supertypes::add);
        supertypes.addAll(type.getRawInterfaces());
        report(type.getName(), supertypes, events, type);
        for (JavaField field : type.getFields()) {
          if (visible(field.getModifiers())) {
            report(field.getFullName(), field.getType().getAllInvolvedRawTypes(), events, field);
          }
        }
        for (JavaCodeUnit unit : type.getCodeUnits()) {
          if (visible(unit.getModifiers())) {
            List<JavaClass> named = new ArrayList<>(unit.getReturnType().getAllInvolvedRawTypes());
            unit.getParameterTypes().forEach(parameter -> named.addAll(parameter.getAllInvolvedRawTypes()));
            report(unit.getFullName(), named, events, unit);
          }
        }
      }
    };
  }

  private static boolean visible(Set<JavaModifier> modifiers) {
    return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
        && !modifiers.contains(JavaModifier.SYNTHETIC);
  }

  private static void report(String member, java.util.Collection<JavaClass> named, ConditionEvents events, Object at) {
    for (JavaClass type : named) {
      if (type.getPackageName().startsWith("graphaudit.internal")) {
        events.add(SimpleConditionEvent.violated(at, member + " exposes " + type.getName()));
      }
    }
  }

  /** {@code source} with its comments blanked (string and character literals kept). */
  private static String withoutComments(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '"' || c == '\'') {
        int end = i + 1;
        while (end < source.length() && source.charAt(end) != c) {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        out.append(source, i, Math.min(end + 1, source.length()));
        i = end + 1;
      } else if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length() : end + 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
