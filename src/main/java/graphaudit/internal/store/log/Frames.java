package graphaudit.internal.store.log;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/** Encodes one frame ({@link Segment}'s layout) for a group commit's records. Stateless. */
final class Frames {

  private Frames() {
  }

  /** The frame's bytes, in {@code scratch} when it is large enough, else in a new buffer; flipped. */
  static ByteBuffer encode(List<LogRecord> records, ByteBuffer scratch) {
    byte[][] packed = new byte[records.size()][];
    int length = 0;
    for (int i = 0; i < records.size(); i++) {
      packed[i] = packed(records.get(i));
      length += Segment.RECORD_HEADER + RecordCodec.size(records.get(i), packed[i]);
    }
    int total = Segment.FRAME_HEADER + length;
    ByteBuffer out = scratch != null && scratch.capacity() >= total ? scratch.clear() : ByteBuffer.allocate(total);
    out.putInt(Segment.MAGIC).putInt(length).putInt(records.size());
    CRC32C crc = new CRC32C();
    for (int i = 0; i < records.size(); i++) {
      int start = out.position();
      out.putInt(0).putInt(0);
      RecordCodec.write(records.get(i), packed[i], out);
      int recordLength = out.position() - start - Segment.RECORD_HEADER;
      crc.reset();
      crc.update(out.duplicate().position(start + Segment.RECORD_HEADER).limit(out.position()));
      out.putInt(start, recordLength).putInt(start + 4, (int) crc.getValue());
    }
    return out.flip();
  }

  /** The record's event as the log keeps it, or null for a delete. */
  static byte[] packed(LogRecord record) {
    return record instanceof LogRecord.Put put ? put.packedJson() : null;
  }
}
