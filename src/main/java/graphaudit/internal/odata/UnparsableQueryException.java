package graphaudit.internal.odata;

/**
 * Olingo's URI parser failed with an unchecked exception (an NPE or IllegalArgumentException on some
 * ill-typed expressions: {@code displayName add null}, {@code resources in ('a')}, {@code $apply} on a
 * function) instead of its parse error: the query is the client's, so it is a 400.
 */
public final class UnparsableQueryException extends RuntimeException {

  UnparsableQueryException(RuntimeException cause) {
    super("The query cannot be parsed: an operator, function or option is applied to operands or a"
        + " resource it does not take.", cause);
  }
}
