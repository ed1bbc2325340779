package graphaudit.internal.query;

import graphaudit.internal.query.SqlValue.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;

/** Converts Olingo's parsed literals to typed bind values, and re-types them against a column. */
final class Literals {

  private Literals() {
  }

  static SqlValue of(Literal literal) {
    String text = literal.getText();
    EdmType type = literal.getType();
    if (type == null || "null".equals(text)) {
      return SqlValue.literal(null, Type.NULL);
    }
    try {
      return switch (type.getName()) {
        case "String" -> SqlValue.literal(noNul(text.substring(1, text.length() - 1).replace("''", "'")), Type.STRING);
        case "DateTimeOffset" -> SqlValue.literal(OffsetDateTime.parse(text), Type.DATE_TIME);
        case "Date" -> SqlValue.literal(LocalDate.parse(text), Type.DATE);
        case "Guid" -> SqlValue.literal(UUID.fromString(text), Type.GUID);
        case "Boolean" -> SqlValue.literal(Boolean.parseBoolean(text), Type.BOOLEAN);
        // integers stay integers, so div truncates and overflow is refused alike on H2 and PostgreSQL
        case "Byte", "SByte", "Int16", "Int32", "Int64" -> SqlValue.literal(Long.valueOf(text), Type.NUMBER);
        case "Decimal", "Double", "Single" -> SqlValue.literal(new BigDecimal(text), Type.NUMBER);
        default -> throw new InvalidQueryException("Literals of type Edm." + type.getName() + " are not supported.");
      };
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidQueryException("The literal " + text + " is not a valid Edm." + type.getName() + ".");
    }
  }

  /**
   * No stored string holds a NUL (creates refuse it) and PostgreSQL refuses one in a query: a 400 on
   * every store rather than an empty answer on one and an error on the other.
   */
  static String noNul(String text) {
    if (text.indexOf('\u0000') >= 0) {
      throw new InvalidQueryException("String literals and search terms must not contain the NUL character (U+0000).");
    }
    return text;
  }

  /**
   * The literal as a value comparable with {@code target}: a date against a DateTimeOffset means
   * midnight UTC, a quoted string against a GUID or DateTimeOffset column is parsed.
   */
  static SqlValue retype(SqlValue literal, Type target) {
    if (!literal.isLiteral() || literal.isNullLiteral() || literal.type() == target) {
      return literal;
    }
    Object value = literal.literal();
    try {
      if (target == Type.DATE_TIME && value instanceof LocalDate date) {
        return SqlValue.literal(date.atStartOfDay().atOffset(ZoneOffset.UTC), Type.DATE_TIME);
      }
      if (target == Type.DATE_TIME && value instanceof String text) {
        return SqlValue.literal(OffsetDateTime.parse(text), Type.DATE_TIME);
      }
      if (target == Type.GUID && value instanceof String text) {
        return SqlValue.literal(UUID.fromString(text), Type.GUID);
      }
      if (target == Type.STRING && value instanceof UUID uuid) {
        return SqlValue.literal(uuid.toString(), Type.STRING);
      }
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new InvalidQueryException("The literal '" + value + "' cannot be compared with a " + target + " value.");
    }
    return literal;
  }
}
