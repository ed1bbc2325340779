package graphaudit.internal.transfer;

/** What an import stores when some of its records are bad (never the bad ones themselves). */
public enum OnBad {
  /** Every good record: a bad one is reported and skipped (the import command's default). */
  SKIP,
  /** Nothing of a bad record's batch of {@value EventImport#BATCH}; the other batches (the admin request's way). */
  BATCH,
  /** Nothing at all when any record is bad: the input is checked whole before anything is stored. */
  ALL
}
