package graphaudit.internal.auth;

/**
 * A request refused before it reaches a service root: 401 (no valid token), 403 (valid token without
 * the permission, or a tenant that may not call) or 503 (signing keys unavailable).
 */
public final class AccessDeniedException extends Exception {

  private final int status;

  AccessDeniedException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static AccessDeniedException unauthenticated(String message) {
    return new AccessDeniedException(401, message);
  }

  static AccessDeniedException forbidden(String message) {
    return new AccessDeniedException(403, message);
  }

  /** 401, 403 or 503. */
  public int status() {
    return status;
  }
}
