package graphaudit.internal.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A fragment of SQL text with its positional bind parameters, in order. Immutable. */
public record Sql(String text, List<Object> params) {

  public static final Sql TRUE = new Sql("TRUE", List.of());

  public Sql {
    params = Collections.unmodifiableList(new ArrayList<>(params));
  }

  public static Sql of(String text, Object... params) {
    return new Sql(text, List.of(params));
  }

  /** {@code this} and {@code other} joined by {@code separator}, parameters concatenated. */
  public Sql join(String separator, Sql other) {
    List<Object> all = new ArrayList<>(params);
    all.addAll(other.params);
    return new Sql(text + separator + other.text, all);
  }

  public Sql wrap(String before, String after) {
    return new Sql(before + text + after, params);
  }

  /** This statement prepared on {@code connection}, its parameters bound by position. */
  public PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(text);
    try {
      for (int i = 0; i < params.size(); i++) {
        statement.setObject(i + 1, params.get(i));
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
  }
}
