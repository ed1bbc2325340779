package graphaudit.internal.identity;

/**
 * A token request refused as Entra ID refuses it: the HTTP status, the OAuth {@code error}, the
 * {@code AADSTS} code and its text. {@link EntraErrors} turns it into Entra's error body.
 */
final class EntraException extends RuntimeException {

  private final int status;
  private final String error;
  private final long code;

  EntraException(int status, String error, long code, String description) {
    super("AADSTS" + code + ": " + description);
    this.status = status;
    this.error = error;
    this.code = code;
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }

  long code() {
    return code;
  }

  /** {@code AADSTS900144}: a parameter the request must carry is missing. */
  static EntraException missing(String parameter) {
    return new EntraException(400, "invalid_request", 900144,
        "The request body must contain the following parameter: '" + parameter + "'.");
  }

  /**
   * {@code AADSTS90002}: the tenant named in the path is not one this service knows.
   *
   * @param error {@code invalid_request} from the token endpoint, {@code invalid_tenant} from discovery
   */
  static EntraException tenantNotFound(String tenant, String error) {
    return new EntraException(400, error, 90002, "Tenant '" + tenant + "' not found. Check to make sure "
        + "you have the correct tenant ID and are signing into the correct cloud. Check with your subscription "
        + "administrator, this may happen if there are no active subscriptions for the tenant.");
  }
}
