package graphaudit.internal.store.write;

/** A create whose id already exists in the tenant. */
public final class DuplicateKeyException extends RuntimeException {

  public DuplicateKeyException(String id) {
    super("An auditEvent with id '" + id + "' already exists.", null, false, false);
  }
}
