package graphaudit.internal.pipeline;

import java.io.IOException;

/** Raised while reading a request body that exceeds the configured limit; answered with 413. */
final class BodyTooLargeException extends IOException {

  BodyTooLargeException(long limit) {
    super("request body exceeds " + limit + " bytes");
  }
}
