package graphaudit.internal.store.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How an event's JSON is kept in the log: raw DEFLATE with a preset dictionary of what every event
 * shares (property names, annotations, common values; {@code dictionary-1.json}, which never changes once
 * records use it). A 2 KB event takes about 300 bytes, where DEFLATE alone left ~700 and none 2,000;
 * packing runs on the writing caller's thread, not the log's writer. Thread-safe (a coder per thread).
 */
public final class EventPacking {

  /** The dictionary's version, written before each packed event. */
  static final byte DICTIONARY_1 = 1;

  private static final byte[] DICTIONARY = dictionary();
  private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(6, true));
  private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

  private EventPacking() {
  }

  private static byte[] dictionary() {
    try (InputStream in = EventPacking.class.getResourceAsStream("dictionary-1.json")) {
      if (in == null) {
        throw new IllegalStateException("dictionary-1.json is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code utf8} packed with the dictionary. */
  public static byte[] pack(byte[] utf8) {
    Deflater deflater = DEFLATERS.get();
    deflater.reset();
    deflater.setDictionary(DICTIONARY);
    deflater.setInput(utf8);
    deflater.finish();
    byte[] buffer = BUFFERS.get();
    int length = 0;
    while (!deflater.finished()) {
      if (length == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
        BUFFERS.set(buffer);
      }
      length += deflater.deflate(buffer, length, buffer.length - length);
    }
    return Arrays.copyOf(buffer, length);
  }

  /** The {@code length} bytes that {@code packed} holds. */
  static byte[] unpack(byte[] packed, int length) {
    Inflater inflater = INFLATERS.get();
    inflater.reset();
    inflater.setDictionary(DICTIONARY);
    inflater.setInput(packed);
    byte[] out = new byte[length];
    try {
      int got = 0;
      while (got < length && !inflater.finished()) {
        int step = inflater.inflate(out, got, length - got);
        if (step == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        got += step;
      }
      if (got != length) {
        throw new IllegalArgumentException("a packed event holds " + got + " bytes, not " + length);
      }
      return out;
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("a packed event does not inflate: " + e.getMessage(), e);
    }
  }
}
