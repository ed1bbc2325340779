package graphaudit.internal.store;

import java.sql.SQLException;

/**
 * The database refused a query for the values the client put in it (SQLSTATE class 22, a data
 * exception: an overflow in {@code $filter} arithmetic, say): the client's doing, answered 400. The
 * message names the problem without the SQL.
 */
public final class UnanswerableQueryException extends RuntimeException {

  UnanswerableQueryException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The refusal {@code e} stands for, or null when it is not a data exception. */
  static UnanswerableQueryException of(SQLException e) {
    String state = e.getSQLState();
    if (state == null || !state.startsWith("22")) {
      return null;
    }
    String reason = switch (state) {
      case "22003" -> "a number in it is out of range";
      case "22012" -> "it divides by zero";
      default -> "a value in it cannot be evaluated";
    };
    return new UnanswerableQueryException("The query cannot be answered: " + reason + ".", e);
  }
}
