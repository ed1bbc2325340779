package graphaudit.internal.odata;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResourceProperty;
import org.apache.olingo.server.api.uri.queryoption.SelectItem;
import org.apache.olingo.server.api.uri.queryoption.SelectOption;

/** The top-level properties a {@code $select} asks for; {@link #ALL} when there is none or it is '*'. */
record Selection(Set<String> properties) {

  static final Selection ALL = new Selection(null);

  static Selection of(UriInfo uriInfo) {
    SelectOption select = uriInfo.getSelectOption();
    if (select == null) {
      return ALL;
    }
    Set<String> names = new LinkedHashSet<>();
    for (SelectItem item : select.getSelectItems()) {
      if (item.isStar()) {
        return ALL;
      }
      if (item.getResourcePath() != null && !item.getResourcePath().getUriResourceParts().isEmpty()
          && item.getResourcePath().getUriResourceParts().get(0) instanceof UriResourceProperty property) {
        names.add(property.getProperty().getName());
      }
    }
    return names.isEmpty() ? ALL : new Selection(java.util.Collections.unmodifiableSet(names));
  }

  /** {@code (id,displayName)} after the context URL's collection, empty for all properties. */
  String contextSuffix() {
    return properties == null ? "" : properties.stream().collect(Collectors.joining(",", "(", ")"));
  }

  AuditEventJsonWriter.Shape shape(ContentType format) {
    return new AuditEventJsonWriter.Shape(properties, GraphJson.annotations(format));
  }
}
