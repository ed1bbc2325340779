package graphaudit.internal.transfer;

import java.nio.file.Path;

/** How an import file holds its events. */
public enum ImportFormat {
  /** Graph list responses ({@code {"@odata.context":…,"value":[…],"@odata.nextLink":…}}), one or many, concatenated. */
  GRAPH,
  /** One event object per line. */
  NDJSON;

  /** NDJSON for {@code .ndjson} and {@code .jsonl} files, Graph responses otherwise (standard input too). */
  public static ImportFormat byName(Path file) {
    String name = file == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".ndjson") || name.endsWith(".jsonl") ? NDJSON : GRAPH;
  }
}
