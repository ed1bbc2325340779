package graphaudit.odata;

import java.io.IOException;

/** Raised while reading a request body that exceeds the configured limit; answered with 413. */
public final class BodyTooLargeException extends IOException {

  public BodyTooLargeException(long limit) {
    super("request body exceeds " + limit + " bytes");
  }
}
