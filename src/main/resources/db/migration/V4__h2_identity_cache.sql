-- H2 hands out positions from a cache of 32 and, each time it runs out, stores the new bound in a
-- transaction of its own, which with WRITE_DELAY=0 writes a chunk of every changed page: an extra
-- store every 32 events, a third of an import's writing. With a large cache that happens once in
-- ${seq_cache} events; a crash skips what was left of the cache, a gap in positions and nothing more.
-- PostgreSQL keeps its cache of 1 (the placeholder is 1 there): its cache is per session, and
-- positions would no longer follow the order events were stored in.
ALTER TABLE audit_event ALTER COLUMN seq SET CACHE ${seq_cache};
