package graphaudit.store;

/** How property names become SQL column names: {@code actor/userPrincipalName} → {@code actor_user_principal_name}. */
final class ColumnNames {

  private ColumnNames() {
  }

  static String of(String propertyName) {
    StringBuilder out = new StringBuilder(propertyName.length() + 8);
    for (char c : propertyName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static String of(String prefix, String propertyName) {
    return of(prefix) + "_" + of(propertyName);
  }
}
