package graphaudit.internal.store.write;

/** What an import did with one event: created it, found it stored identically, or stored with other content (kept). */
public enum ImportResult { CREATED, UNCHANGED, DIFFERS }
