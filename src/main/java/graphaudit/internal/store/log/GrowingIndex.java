package graphaudit.internal.store.log;

import java.util.Arrays;

/**
 * The index of the segment being written, in memory. One writer appends; readers see the entries
 * published before they looked ({@link #snapshot()}), never a half-written one. Thread-safe.
 */
final class GrowingIndex extends SegmentIndex {

  /** Arrays and the number of entries in them that are published; immutable once handed out. */
  private record Entries(long[] lsns, int[] offsets, int[] lengths, int count) {
  }

  private volatile Entries entries = new Entries(new long[1024], new int[1024], new int[1024], 0);

  /** Adds an entry; the lsn is larger than every one before. Writer only. */
  void add(long lsn, long offset, int length) {
    Entries now = entries;
    long[] lsns = now.lsns();
    int[] offsets = now.offsets();
    int[] lengths = now.lengths();
    if (now.count() == lsns.length) {
      lsns = Arrays.copyOf(lsns, lsns.length * 2);
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
      lengths = Arrays.copyOf(lengths, lengths.length * 2);
    }
    lsns[now.count()] = lsn;
    offsets[now.count()] = Math.toIntExact(offset);
    lengths[now.count()] = length;
    entries = new Entries(lsns, offsets, lengths, now.count() + 1); // the volatile write publishes the entry
  }

  /** Forgets the entries from {@code count} on (a frame that could not be written). Writer only. */
  void truncate(int count) {
    Entries now = entries;
    entries = new Entries(now.lsns(), now.offsets(), now.lengths(), Math.min(count, now.count()));
  }

  /** The entries published now, unchanging even while more are added. */
  SegmentIndex snapshot() {
    Entries now = entries;
    return new SegmentIndex() {
      @Override
      int count() {
        return now.count();
      }

      @Override
      long lsn(int entry) {
        return now.lsns()[entry];
      }

      @Override
      long offset(int entry) {
        return now.offsets()[entry];
      }

      @Override
      int length(int entry) {
        return now.lengths()[entry];
      }
    };
  }

  @Override
  int count() {
    return entries.count();
  }

  @Override
  long lsn(int entry) {
    return entries.lsns()[entry];
  }

  @Override
  long offset(int entry) {
    return entries.offsets()[entry];
  }

  @Override
  int length(int entry) {
    return entries.lengths()[entry];
  }
}
