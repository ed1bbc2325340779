package graphaudit.internal.store.sql;

/** The few SQL spellings that differ between the supported databases. */
public enum SqlDialect {
  H2,
  POSTGRESQL;

  public static SqlDialect of(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : H2;
  }
}
