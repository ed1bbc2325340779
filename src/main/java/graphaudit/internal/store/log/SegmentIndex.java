package graphaudit.internal.store.log;

/**
 * Where each event record of one segment sits, in lsn order: its lsn, the offset of its bytes in the
 * segment file and their length. Deletes are not indexed: only stored events are read by lsn.
 */
abstract class SegmentIndex {

  /** How many records it holds. */
  abstract int count();

  abstract long lsn(int entry);

  abstract long offset(int entry);

  abstract int length(int entry);

  /** The entry of {@code lsn}, or -1. */
  final int find(long lsn) {
    int low = 0;
    int high = count() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      long found = lsn(middle);
      if (found < lsn) {
        low = middle + 1;
      } else if (found > lsn) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -1;
  }
}
