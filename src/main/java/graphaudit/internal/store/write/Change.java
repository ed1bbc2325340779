package graphaudit.internal.store.write;

/**
 * A change to the stored events, the one kind of write there is: requests, bulk loads, imports,
 * retention and the change log's replay all express theirs as changes, and {@link ChangeWriter} applies
 * them on the writer thread. Immutable.
 */
sealed interface Change {

  String tenantId();

  /** What a {@link Put} does when its id is already stored in the tenant. */
  enum IfExists {
    /** Fail with {@link DuplicateKeyException} (a create). */
    FAIL,
    /** Replace the stored event (PATCH and PUT); nothing happens when the id is not stored. */
    REPLACE,
    /** Keep the stored event and say whether it equals this one (import: idempotent by id). */
    KEEP,
    /** Replace the stored event or store it anew (the change log's replay). */
    OVERWRITE
  }

  /**
   * Stores an event, its row prepared beforehand (on the caller's thread, not the writer's), at the
   * change log's lsn {@code lsn}, or at a new one when it is 0.
   */
  record Put(String tenantId, NewRow row, IfExists ifExists, long lsn) implements Change {
    Put(String tenantId, NewRow row, IfExists ifExists) {
      this(tenantId, row, ifExists, 0);
    }
  }

  /** Deletes the event {@code id} of the tenant, with its collection rows (at lsn {@code lsn}, or a new one). */
  record Delete(String tenantId, String id, long lsn) implements Change {
    Delete(String tenantId, String id) {
      this(tenantId, id, 0);
    }
  }

  /** What applying a change did. */
  enum Outcome {
    CREATED, REPLACED,
    /** A {@link IfExists#KEEP} put of an event stored identically (in canonical form). */
    UNCHANGED,
    /** A {@link IfExists#KEEP} put of an id stored with other content: the stored one is kept. */
    DIFFERS,
    DELETED,
    /** A replace or delete of an id that is not stored. */
    ABSENT
  }
}
