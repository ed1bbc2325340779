package graphaudit.internal.odata;

import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.StructuredType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.olingo.server.core.uri.parser.UriParserException;

/**
 * Explains a {@code $filter} that Olingo's parser refused, as its writer needs it: at which position (the
 * character, counted from 1 in the $filter's own text) and what was expected there, with the remedy for
 * the mistakes people bring from SQL, JSON or other query languages: double quotes, {@code =} and
 * {@code &&}, quoted dates, a misspelled or capitalised operator, a dangling operator, unbalanced
 * parentheses, an unquoted string value or a misspelled property. Olingo's messages say none of this
 * ("The URI is malformed.", "types 'Edm.Boolean' and 'Edm.String' are not compatible"). A light scan
 * of the text, not a second parser: it speaks only when it finds one of these, else the caller keeps
 * Olingo's message. Stateless.
 */
public final class FilterDiagnosis {

  private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
  /** In the order a misspelling is resolved in when two are as near: and before add, for "adn". */
  private static final Set<String> BINARY = new LinkedHashSet<>(List.of("and", "or", "eq", "ne", "gt", "ge", "lt",
      "le", "in", "has", "add", "sub", "mul", "div", "divby", "mod"));
  private static final Set<String> LITERAL_WORDS = Set.of("true", "false", "null", "INF", "NaN");
  private static final String OPERATORS = "eq, ne, gt, ge, lt, le, and, or, in, has, add, sub, mul, div, mod";
  /** SQL's, C's and JSON tools' operators, and the OData word for each. */
  private static final Map<String, String> SYMBOLS = Map.ofEntries(Map.entry("=", "eq"), Map.entry("==", "eq"),
      Map.entry("===", "eq"), Map.entry("!=", "ne"), Map.entry("<>", "ne"), Map.entry("<", "lt"),
      Map.entry("<=", "le"), Map.entry(">", "gt"), Map.entry(">=", "ge"), Map.entry("&&", "and"), Map.entry("&", "and"),
      Map.entry("||", "or"), Map.entry("|", "or"), Map.entry("!", "not"));
  private static final Pattern DATE_LIKE =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?");
  private static final Pattern UNDEFINED_PROPERTY = Pattern.compile("The property '([^']+)', used in a query "
      + "expression, is not defined");

  private FilterDiagnosis() {
  }

  private enum Kind { STRING, UNCLOSED_STRING, DOUBLE_QUOTED, WORD, LITERAL, OPEN, CLOSE, COMMA, COLON, SYMBOL, OTHER }

  /** A token and where it starts (from 0). */
  private record Token(Kind kind, String text, int at) {
    boolean isWord(Set<String> words) {
      return kind == Kind.WORD && words.contains(text);
    }
  }

  /**
   * Olingo's refusal of a request whose raw query is {@code rawQuery}, explained when the query's
   * {@code $filter} holds one of the mistakes this scan knows; else Olingo's own.
   */
  static ODataFailure refined(ODataFailure failure, String rawQuery, Throwable olingo) {
    if (failure.status() != 400 || !(olingo instanceof UriParserException) || rawQuery == null) {
      return failure;
    }
    for (String parameter : rawQuery.split("&")) {
      int equals = parameter.indexOf('=');
      // as Graph takes it: $filter, filter, $Filter
      if (equals > 0 && decoded(parameter.substring(0, equals)).replaceFirst("^\\$", "").equalsIgnoreCase("filter")) {
        String explained = explain(decoded(parameter.substring(equals + 1)), failure.getMessage());
        return explained == null ? failure : new ODataFailure(400, explained, olingo);
      }
    }
    return failure;
  }

  /** The query of a raw request URI (after its '?'), or null. */
  static String queryOf(String rawRequestUri) {
    int question = rawRequestUri == null ? -1 : rawRequestUri.indexOf('?');
    return question < 0 ? null : rawRequestUri.substring(question + 1);
  }

  private static String decoded(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /**
   * The explanation of why {@code filter} was refused, given Olingo's message for it; null when this scan
   * finds none of the mistakes it knows (Olingo's message stands then).
   */
  public static String explain(String filter, String olingoMessage) {
    List<Token> tokens = tokens(filter);
    String found = lexical(tokens);
    if (found == null) {
      found = structural(tokens);
    }
    if (found == null && olingoMessage != null) {
      found = undefinedProperty(tokens, olingoMessage);
    }
    return found;
  }

  private static String at(Token token, String problem) {
    return "The $filter is not valid at position " + (token.at() + 1) + ": " + problem;
  }

  /** Characters that are no part of OData's syntax: double quotes, symbol operators, an unclosed string. */
  private static String lexical(List<Token> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      switch (token.kind()) {
        case DOUBLE_QUOTED -> {
          String inner = token.text().replaceAll("^\"|\"$", "");
          return at(token, token.text() + " is in double quotes; OData strings take single quotes: '"
              + inner.replace("'", "''") + "'.");
        }
        case UNCLOSED_STRING -> {
          return at(token, "the string " + token.text() + " is not closed; end it with ' (a quote inside a string"
              + " is written '').");
        }
        case SYMBOL -> {
          String word = SYMBOLS.get(token.text());
          return at(token, "'" + token.text() + "' is not an OData operator" + (word == null ? "" : "; write "
              + word + (COMPARISONS.contains(word) ? " (comparisons are eq, ne, gt, ge, lt, le)" : "")
              + (word.equals("and") || word.equals("or") || word.equals("not") ? " (logic is and, or, not)" : ""))
              + ".");
        }
        case STRING -> {
          if (quotedDate(tokens, i)) {
            String date = token.text().substring(1, token.text().length() - 1);
            return at(token, token.text() + " is a string; dates and times are written without quotes: "
                + tokens.get(i - 2).text() + " " + tokens.get(i - 1).text() + " " + date + ".");
          }
        }
        case LITERAL -> {
          if (DATE_LIKE.matcher(token.text()).matches() && !isDate(token.text())) {
            return at(token, "'" + token.text() + "' is not a date and time; write 2016-10-01 or "
                + "2016-10-01T08:00:00Z.");
          }
        }
        default -> {
        }
      }
    }
    return null;
  }

  /** A quoted date compared with a property: {@code activityDateTime ge '2016-10-01'}. */
  private static boolean quotedDate(List<Token> tokens, int i) {
    String text = tokens.get(i).text();
    return i >= 2 && DATE_LIKE.matcher(text.substring(1, text.length() - 1)).matches()
        && tokens.get(i - 1).isWord(COMPARISONS) && tokens.get(i - 2).kind() == Kind.WORD;
  }

  private static boolean isDate(String text) {
    try {
      if (text.length() == 10) {
        LocalDate.parse(text);
      } else {
        OffsetDateTime.parse(text);
      }
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /**
   * Operands and operators out of turn: a word where an operator belongs that is none (misspelled or
   * capitalised), an expression ending in an operator, parentheses that do not pair.
   */
  private static String structural(List<Token> tokens) {
    boolean expectOperand = true;
    List<Token> open = new ArrayList<>();
    Token previous = null;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      switch (token.kind()) {
        case OPEN -> {
          open.add(token);
          expectOperand = true;
        }
        case CLOSE -> {
          if (open.isEmpty()) {
            return at(token, "')' closes no '('.");
          }
          open.remove(open.size() - 1);
          expectOperand = false;
        }
        case COMMA, COLON -> expectOperand = true;
        case STRING, LITERAL -> expectOperand = false;
        case WORD -> {
          if (expectOperand) {
            // a unary not, a function or lambda (its parenthesis opens next), or an operand
            expectOperand = token.text().equals("not") || (next != null && next.kind() == Kind.OPEN)
                || (next != null && next.kind() == Kind.COLON);
          } else if (BINARY.contains(token.text())) {
            expectOperand = true;
          } else {
            return at(token, "an operator was expected (" + OPERATORS + "), not '" + token.text() + "'."
                + suggestion(token.text(), BINARY, "operators are written in lower case"));
          }
        }
        default -> {
          return null; // something this scan does not follow: leave it to Olingo's message
        }
      }
      previous = token;
    }
    if (!open.isEmpty()) {
      return at(open.get(open.size() - 1), "'(' is never closed.");
    }
    if (expectOperand && previous != null && previous.kind() == Kind.WORD
        && (BINARY.contains(previous.text()) || previous.text().equals("not"))) {
      return at(previous, "the $filter ends after '" + previous.text() + "'; an operand was expected after it.");
    }
    return null;
  }

  /** Olingo's "property not defined": a misspelled property, or a string value without its quotes. */
  private static String undefinedProperty(List<Token> tokens, String olingoMessage) {
    Matcher m = UNDEFINED_PROPERTY.matcher(olingoMessage);
    if (!m.find()) {
      return null;
    }
    String name = m.group(1);
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.kind() == Kind.WORD && (token.text().equals(name) || token.text().endsWith("/" + name))) {
        if (i > 0 && tokens.get(i - 1).isWord(COMPARISONS)) {
          return at(token, "there is no property '" + name + "'; a string value takes single quotes: " + tokens
              .get(i - 2 >= 0 ? i - 2 : i).text() + " " + tokens.get(i - 1).text() + " '" + name + "'.");
        }
        return at(token, "there is no property '" + name + "'." + suggestion(name, propertyNames(), null));
      }
    }
    return null;
  }

  /** " Did you mean 'x'?" for the nearest of {@code known} within two edits, else "". */
  private static String suggestion(String word, Set<String> known, String caseNote) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (caseNote != null && known.contains(lower)) {
      return " Did you mean '" + lower + "'? (" + caseNote + ")";
    }
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : " Did you mean '" + best + "'?";
  }

  /** Damerau-Levenshtein (optimal string alignment) distance: a swap of two letters ("adn") is one edit. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** The properties a $filter can name: the event's, and the actor's and a resource's as paths. */
  private static Set<String> propertyNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Property property : AuditSchema.AUDIT_EVENT.properties()) {
      names.add(property.name());
    }
    for (StructuredType type : List.of(AuditSchema.AUDIT_ACTOR, AuditSchema.AUDIT_RESOURCE)) {
      for (Property property : type.properties()) {
        names.add(property.name());
      }
    }
    return names;
  }

  /** The $filter cut into tokens; whatever OData has no token for becomes OTHER. */
  private static List<Token> tokens(String filter) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < filter.length()) {
      char c = filter.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '\'') {
        i++;
        while (i < filter.length() && !(filter.charAt(i) == '\'' && (i + 1 >= filter.length()
            || filter.charAt(i + 1) != '\''))) {
          i += filter.charAt(i) == '\'' ? 2 : 1;
        }
        boolean closed = i < filter.length();
        i = Math.min(i + 1, filter.length());
        tokens.add(new Token(closed ? Kind.STRING : Kind.UNCLOSED_STRING, filter.substring(start, i), start));
      } else if (c == '"') {
        int close = filter.indexOf('"', i + 1);
        i = close < 0 ? filter.length() : close + 1;
        tokens.add(new Token(Kind.DOUBLE_QUOTED, filter.substring(start, i), start));
      } else if (Character.isDigit(c) || (c == '-' && i + 1 < filter.length() && Character.isDigit(filter.charAt(i + 1)))) {
        i++;
        while (i < filter.length() && (Character.isLetterOrDigit(filter.charAt(i)) || ":.-+".indexOf(filter.charAt(i)) >= 0)) {
          i++;
        }
        tokens.add(new Token(Kind.LITERAL, filter.substring(start, i), start));
      } else if (Character.isLetter(c) || c == '_' || c == '$' || c == '@') {
        i++;
        while (i < filter.length() && (Character.isLetterOrDigit(filter.charAt(i)) || "_./".indexOf(filter.charAt(i)) >= 0)) {
          i++;
        }
        // a typed literal (duration'P1D', binary'…', a GUID) or a word
        if (i < filter.length() && filter.charAt(i) == '\'') {
          int close = filter.indexOf('\'', i + 1);
          i = close < 0 ? filter.length() : close + 1;
          tokens.add(new Token(Kind.LITERAL, filter.substring(start, i), start));
        } else {
          String word = filter.substring(start, i);
          tokens.add(new Token(LITERAL_WORDS.contains(word) ? Kind.LITERAL : Kind.WORD, word, start));
        }
      } else if ("=!<>&|".indexOf(c) >= 0) {
        while (i < filter.length() && "=!<>&|".indexOf(filter.charAt(i)) >= 0) {
          i++;
        }
        tokens.add(new Token(Kind.SYMBOL, filter.substring(start, i), start));
      } else {
        i++;
        Kind kind = switch (c) {
          case '(' -> Kind.OPEN;
          case ')' -> Kind.CLOSE;
          case ',' -> Kind.COMMA;
          case ':' -> Kind.COLON;
          default -> Kind.OTHER;
        };
        tokens.add(new Token(kind, String.valueOf(c), start));
      }
    }
    return tokens;
  }
}
