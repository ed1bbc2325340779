package graphaudit.internal.store.write;

import graphaudit.internal.store.log.LogRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What writes did besides their rows: the change log's records and the counts' changes. One per write
 * while it runs (dropped with it if it fails), then added to its group commit's. Writer thread only.
 */
final class Effects {

  final List<LogRecord> records = new ArrayList<>();
  final Counts counts = new Counts();

  void addAll(Effects other) {
    records.addAll(other.records);
    counts.addAll(other.counts);
  }
}
