package graphaudit.internal.store;

/**
 * A change to the stored events, the one kind of write there is: requests, bulk loads, imports and
 * retention all express theirs as changes, and {@link ChangeWriter} applies them on the writer thread.
 * Immutable.
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
    KEEP
  }

  /** Stores an event, its row prepared beforehand (on the caller's thread, not the writer's). */
  record Put(String tenantId, NewRow row, IfExists ifExists) implements Change {
  }

  /** Deletes the event {@code id} of the tenant, with its collection rows. */
  record Delete(String tenantId, String id) implements Change {
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
