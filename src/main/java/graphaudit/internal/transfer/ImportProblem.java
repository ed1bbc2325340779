package graphaudit.internal.transfer;

/**
 * Something an {@link EventImport} did not store as given, where it sits in the input (a line, or page
 * and index) and why: the command prints each as a {@link #line()}, the admin request answers with them.
 */
public record ImportProblem(Kind kind, String where, String reason) {

  /** What became of the record. */
  public enum Kind {
    /** Not an event that can be stored: not stored (nor its batch, when the import says so). */
    BAD,
    /** Stored before with other content: the stored one is kept. */
    DIFFERING,
    /** A batch not stored because a bad record is among it; {@code where} spans it. */
    REFUSED
  }

  /** The line the import command prints on standard error. */
  public String line() {
    return kind == Kind.REFUSED
        ? "nothing stored of " + where + " (" + reason + "): fix the records named above and import again"
        : where + ": " + reason;
  }
}
