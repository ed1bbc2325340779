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

  /** The event {@code id} of the tenant is now {@code event}, whatever was stored before. */
  record Put(long lsn, String tenantId, String id, EventJson event) implements LogRecord {
  }

  /** The event {@code id} of the tenant is gone. */
  record Delete(long lsn, String tenantId, String id) implements LogRecord {
  }
}
