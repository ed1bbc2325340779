package graphaudit.internal.audit;

/** The shape of a property's value, as far as JSON, SQL and the EDM care. */
public enum ValueKind {
  STRING("Edm.String"),
  GUID("Edm.Guid"),
  DATE_TIME_OFFSET("Edm.DateTimeOffset"),
  STRING_COLLECTION("Edm.String"),
  COMPLEX(null),
  COMPLEX_COLLECTION(null);

  private final String edmType;

  ValueKind(String edmType) {
    this.edmType = edmType;
  }

  /** The EDM primitive type name, or null for complex kinds. */
  public String edmType() {
    return edmType;
  }

  public boolean isCollection() {
    return this == STRING_COLLECTION || this == COMPLEX_COLLECTION;
  }

  public boolean isComplex() {
    return this == COMPLEX || this == COMPLEX_COLLECTION;
  }
}
