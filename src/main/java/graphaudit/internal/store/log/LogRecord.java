package graphaudit.internal.store.log;

import graphaudit.internal.audit.EventJson;

/**
 * One change as the log records it, the durable record of the store: an event stored under its
 * tenant and id (its whole canonical form, rendered as the beta root writes it under the schema its
 * {@link EventJson#schema()} names), or an id deleted. Each has its log sequence number, which is
 * also the position of the index row it wrote. Immutable.
 */
public sealed interface LogRecord {

  long lsn();

  String tenantId();

  String id();

  /**
   * The event {@code id} of the tenant is now {@code event}, whatever was stored before. {@code packed} is
   * its JSON as the log keeps it ({@link EventPacking#pack}), packed beforehand on the writing caller's
   * thread, or null (then packed when written).
   */
  record Put(long lsn, String tenantId, String id, EventJson event, byte[] packed) implements LogRecord {

    public Put(long lsn, String tenantId, String id, EventJson event) {
      this(lsn, tenantId, id, event, null);
    }

    /** {@link #packed()}, packing it now if nobody did. */
    byte[] packedJson() {
      return packed != null ? packed : EventPacking.pack(event.utf8());
    }
  }

  /** The event {@code id} of the tenant is gone. */
  record Delete(long lsn, String tenantId, String id) implements LogRecord {
  }
}
