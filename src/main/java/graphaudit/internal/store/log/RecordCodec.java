package graphaudit.internal.store.log;

import graphaudit.internal.audit.EventJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one {@link LogRecord}: a type byte, the lsn, the tenant and id as length-prefixed UTF-8,
 * and for a put the schema fingerprint, the beta-only spans and the event's UTF-8 JSON, packed
 * ({@link EventPacking}: its dictionary's version, the JSON's length, the packed bytes). Stateless.
 */
final class RecordCodec {

  private static final byte PUT = 1;
  private static final byte DELETE = 2;

  private RecordCodec() {
  }

  /** How many bytes {@link #write} takes for {@code record}, with its event packed as {@code packed}. */
  static int size(LogRecord record, byte[] packed) {
    int size = 1 + 8 + 2 + utf8Length(record.tenantId()) + 2 + utf8Length(record.id());
    if (record instanceof LogRecord.Put put) {
      EventJson event = put.event();
      size += 1 + event.schema().length() + 2 + 4 * event.betaOnly().length + 1 + 4 + 4 + packed.length;
    }
    return size;
  }

  /** Writes {@code record}, its event packed as {@code packed} (null for a delete). */
  static void write(LogRecord record, byte[] packed, ByteBuffer out) {
    out.put(record instanceof LogRecord.Put ? PUT : DELETE).putLong(record.lsn());
    putText(out, record.tenantId());
    putText(out, record.id());
    if (record instanceof LogRecord.Put put) {
      EventJson event = put.event();
      byte[] schema = event.schema().getBytes(StandardCharsets.US_ASCII);
      out.put((byte) schema.length).put(schema);
      out.putShort((short) event.betaOnly().length);
      for (int offset : event.betaOnly()) {
        out.putInt(offset);
      }
      out.put(EventPacking.DICTIONARY_1).putInt(event.utf8().length).putInt(packed.length).put(packed);
    }
  }

  /** The record at {@code in}'s position; throws {@link IllegalArgumentException} on bytes that are no record. */
  static LogRecord read(ByteBuffer in) {
    byte type = in.get();
    long lsn = in.getLong();
    String tenantId = text(in);
    String id = text(in);
    if (type == DELETE) {
      return new LogRecord.Delete(lsn, tenantId, id);
    }
    if (type != PUT) {
      throw new IllegalArgumentException("unknown record type " + type);
    }
    byte[] schema = new byte[in.get()];
    in.get(schema);
    int[] spans = new int[in.getShort()];
    for (int i = 0; i < spans.length; i++) {
      spans[i] = in.getInt();
    }
    byte dictionary = in.get();
    if (dictionary != EventPacking.DICTIONARY_1) {
      throw new IllegalArgumentException("unknown packing " + dictionary);
    }
    int length = in.getInt();
    byte[] packed = new byte[in.getInt()];
    in.get(packed);
    return new LogRecord.Put(lsn, tenantId, id, new EventJson(EventPacking.unpack(packed, length), spans,
        new String(schema, StandardCharsets.US_ASCII)), packed);
  }

  private static void putText(ByteBuffer out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.putShort((short) bytes.length).put(bytes);
  }

  private static String text(ByteBuffer in) {
    byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static int utf8Length(String text) {
    int length = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return text.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return length;
  }
}
