package graphaudit.internal.store.write;

/**
 * A write refused because the data directory's file system is (nearly) full: nothing of it was
 * stored, and writes succeed again once space is freed.
 */
public final class StoreFullException extends RuntimeException {

  StoreFullException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
