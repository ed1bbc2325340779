package graphaudit.internal.audit;

import java.util.AbstractMap;

/**
 * An event's properties in an ordered map that no one can change, so an {@link graphaudit.AuditEvent}
 * keeps it as given instead of copying it (a copy per row read was a tenth of an export).
 */
public abstract class ReadOnlyProperties extends AbstractMap<String, Object> {
}
