package graphaudit.internal.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The OData system query options as reusable OpenAPI parameters, named as in Microsoft's description. Stateless. */
final class QueryParameters {

  private QueryParameters() {
  }

  static void addTo(ObjectNode parameters) {
    integer(parameters, "top", "Show only the first n items", 0);
    integer(parameters, "skip", "Skip the first n items", 0);
    text(parameters, "search", "Search items by search phrases");
    text(parameters, "filter", "Filter items by property values");
    parameter(parameters, "count", "Include count of items").putObject("schema").put("type", "boolean");
    list(parameters, "orderby", "Order items by property values");
    list(parameters, "select", "Select properties to be returned");
  }

  private static ObjectNode parameter(ObjectNode parameters, String name, String description) {
    return parameters.putObject(name).put("name", "$" + name).put("in", "query").put("description", description)
        .put("style", "form").put("explode", false);
  }

  private static void integer(ObjectNode parameters, String name, String description, int minimum) {
    parameter(parameters, name, description).putObject("schema").put("minimum", minimum).put("type", "integer");
  }

  private static void text(ObjectNode parameters, String name, String description) {
    parameter(parameters, name, description).putObject("schema").put("type", "string");
  }

  /** Comma-separated in one parameter ({@code $orderby=a desc,b}), as OData wants. */
  private static void list(ObjectNode parameters, String name, String description) {
    parameter(parameters, name, description).putObject("schema").put("type", "array").put("uniqueItems", true)
        .putObject("items").put("type", "string");
  }
}
