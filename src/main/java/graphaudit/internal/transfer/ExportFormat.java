package graphaudit.internal.transfer;

/** How an export writes its events. */
public enum ExportFormat {
  /** One event object per line. */
  NDJSON,
  /** One Graph list response holding every event ({@code {"@odata.context":…,"value":[…]}}). */
  GRAPH
}
