package graphaudit.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a crash, points an embedded H2 file's header at its newest whole chunk, before H2's SQL engine
 * opens it.
 *
 * <p>Why: after a crash H2 2.3 looks for the state to open by following a chain of chunks from the one
 * its file header names. Under {@code RETENTION_TIME=0} it may write a new chunk into the space of a
 * freed chunk on that chain and only then rewrite the header; a process killed between those two
 * writes leaves the chain broken, and H2 opens the last chunk before the break: commits it had
 * acknowledged are silently gone (seen once in CI's {@code CrashLoopIT}: 19 acknowledged writes;
 * {@code NewestChunkTest} reproduces it with H2 alone by cutting the file's writes at a header write).
 * H2's recovery mode does find the newest chunk whose chunks are all whole, by scanning the whole file,
 * but the SQL engine cannot be opened in it. So this opens the file read-only both ways, and when the
 * recovery scan finds a newer chunk than H2's own open would take, rewrites the header (both copies) to
 * name that chunk. The header stays marked as not cleanly closed: a clean mark makes H2 check the chunks
 * the newest one lists, dead ones too, and fall back to an older chunk when a dead one was overwritten.
 */
final class NewestChunk {

  private static final Logger LOG = LoggerFactory.getLogger(NewestChunk.class);
  private static final int BLOCK = 4096;
  /** H2's chunk footer: the last bytes of a chunk's last block. */
  private static final int FOOTER = 128;
  /** The most a chunk's header line takes (H2's Chunk.MAX_HEADER_LENGTH). */
  private static final int HEADER = 1024;

  private NewestChunk() {
  }

  /**
   * Makes H2's next open of {@code mvFile} (a {@code .mv.db} file not closed cleanly) start from its
   * newest whole chunk. Leaves the file as it is when it needs nothing, when another process holds it
   * (the SQL engine's open then says so) or when H2 cannot read it (the open then reports the damage).
   */
  static void restore(Path mvFile) {
    long started = System.nanoTime();
    try {
      long newest = version(mvFile, true);
      long wouldOpen = version(mvFile, false);
      if (wouldOpen >= newest) {
        LOG.info("the store was not closed cleanly; H2 opens it at its newest whole chunk (version {}; checked in {} ms)",
            newest, (System.nanoTime() - started) / 1_000_000);
        return;
      }
      Map<String, String> chunk = chunkOfVersion(mvFile, newest);
      if (chunk == null) {
        LOG.warn("{}: H2 would open version {}, its newest whole chunk is {}, but that chunk was not found",
            mvFile, wouldOpen, newest);
        return;
      }
      rewriteHeader(mvFile, chunk);
      // usually one version apart: a commit cut off by the crash; further apart, acknowledged ones too
      LOG.info("the store was not closed cleanly; H2 would have opened it at version {}, its newest whole chunk is"
          + " version {}: opening there ({} ms)", wouldOpen, newest, (System.nanoTime() - started) / 1_000_000);
    } catch (MVStoreException e) {
      if (e.getErrorCode() != DataUtils.ERROR_FILE_LOCKED) {
        LOG.warn("could not scan {} for its newest chunk: {}", mvFile, e.getMessage());
      }
    } catch (OverlappingFileLockException e) {
      // this process holds it already: its H2 owns the header
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite the header of " + mvFile, e);
    }
  }

  /** The version H2 opens the file at, in recovery mode (every chunk scanned) or as the SQL engine does. */
  private static long version(Path mvFile, boolean recoveryMode) {
    MVStore.Builder builder = new MVStore.Builder().fileName(mvFile.toString()).readOnly();
    MVStore store = (recoveryMode ? builder.recoveryMode() : builder).open();
    try {
      return store.getCurrentVersion();
    } finally {
      store.closeImmediately();
    }
  }

  /** The header fields of the whole chunk of {@code version} nearest the file's start (H2 prefers that copy). */
  private static Map<String, String> chunkOfVersion(Path mvFile, long version) throws IOException {
    try (FileChannel file = FileChannel.open(mvFile, StandardOpenOption.READ)) {
      long blocks = file.size() / BLOCK;
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      for (long block = 2; block < blocks; block++) {
        Map<String, String> header = chunkHeader(file, block * BLOCK, head);
        if (header == null || !header.containsKey("chunk") || DataUtils.readHexLong(header, "version", -1) != version) {
          continue;
        }
        long end = block + DataUtils.readHexLong(header, "len", 0);
        Map<String, String> footer = end > block && end <= blocks ? footer(file, end * BLOCK - FOOTER) : null;
        if (footer != null && header.get("chunk").equals(footer.get("chunk"))
            && header.get("version").equals(footer.get("version"))) {
          header.put("block", Long.toHexString(block));
          return header;
        }
      }
      return null;
    }
  }

  /** The fields of the chunk header starting at {@code position}, or null if none starts there. */
  private static Map<String, String> chunkHeader(FileChannel file, long position, ByteBuffer buffer) throws IOException {
    buffer.clear();
    file.read(buffer, position);
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
    int end = text.indexOf('\n');
    if (!text.startsWith("chunk:") || end < 0) {
      return null;
    }
    try {
      return DataUtils.parseMap(text.substring(0, end));
    } catch (MVStoreException e) {
      return null;
    }
  }

  private static Map<String, String> footer(FileChannel file, long position) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(FOOTER);
    file.read(buffer, position);
    return checksummed(buffer.array());
  }

  /** The key:value map on the first line of {@code bytes} if its fletcher checksum holds, else null. */
  private static Map<String, String> checksummed(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf('\n');
    int checksum = end < 0 ? -1 : text.lastIndexOf(",fletcher:", end);
    if (checksum < 0) {
      return null;
    }
    try {
      long expected = Long.parseLong(text.substring(checksum + ",fletcher:".length(), end).trim(), 16);
      if ((DataUtils.getFletcher32(bytes, 0, checksum) & 0xffffffffL) != expected) {
        return null;
      }
      return DataUtils.parseMap(text.substring(0, checksum));
    } catch (NumberFormatException | MVStoreException e) {
      return null;
    }
  }

  /** Both copies of the file header, naming {@code chunk}; every other field as it was, the checksum renewed. */
  private static void rewriteHeader(Path mvFile, Map<String, String> chunk) throws IOException {
    try (FileChannel file = FileChannel.open(mvFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
         FileLock lock = file.tryLock()) {
      if (lock == null) {
        return; // another process opened it meanwhile: its H2 owns the header now
      }
      ByteBuffer both = ByteBuffer.allocate(2 * BLOCK);
      file.read(both, 0);
      Map<String, String> old = checksummed(Arrays.copyOf(both.array(), BLOCK));
      if (old == null) {
        old = checksummed(Arrays.copyOfRange(both.array(), BLOCK, 2 * BLOCK));
      }
      if (old == null) {
        return; // neither copy is readable: H2's open reports the damage
      }
      HashMap<String, String> fields = new HashMap<>(old);
      fields.remove("clean");
      fields.put("block", chunk.get("block"));
      fields.put("chunk", chunk.get("chunk"));
      fields.put("version", chunk.get("version"));
      StringBuilder text = new StringBuilder();
      DataUtils.appendMap(text, fields);
      byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
      DataUtils.appendMap(text, "fletcher", DataUtils.getFletcher32(bytes, 0, bytes.length));
      text.append('\n');
      byte[] header = text.toString().getBytes(StandardCharsets.ISO_8859_1);
      ByteBuffer blocks = ByteBuffer.allocate(2 * BLOCK);
      blocks.put(header).position(BLOCK);
      blocks.put(header).rewind();
      while (blocks.hasRemaining()) {
        file.write(blocks, blocks.position());
      }
    }
  }
}
