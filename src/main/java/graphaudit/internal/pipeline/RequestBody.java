package graphaudit.internal.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request's body before it is read: its declared length and a way to read it once. */
public interface RequestBody {

  /** The Content-Length the client declared, or -1. */
  long declaredLength();

  InputStream open() throws IOException;

  /** A body already in memory (a batch item's). */
  static RequestBody of(byte[] bytes) {
    return new RequestBody() {
      @Override
      public long declaredLength() {
        return bytes.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }
}
