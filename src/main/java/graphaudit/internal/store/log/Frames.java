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
    int length = 0;
    for (LogRecord record : records) {
      length += Segment.RECORD_HEADER + RecordCodec.size(record);
    }
    int total = Segment.FRAME_HEADER + length;
    ByteBuffer out = scratch != null && scratch.capacity() >= total ? scratch.clear() : ByteBuffer.allocate(total);
    out.putInt(Segment.MAGIC).putInt(length).putInt(records.size());
    CRC32C crc = new CRC32C();
    for (LogRecord record : records) {
      int start = out.position();
      out.putInt(0).putInt(0);
      RecordCodec.write(record, out);
      int recordLength = out.position() - start - Segment.RECORD_HEADER;
      crc.reset();
      crc.update(out.duplicate().position(start + Segment.RECORD_HEADER).limit(out.position()));
      out.putInt(start, recordLength).putInt(start + 4, (int) crc.getValue());
    }
    return out.flip();
  }
}
