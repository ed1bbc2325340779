package graphaudit.internal.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A short digest of a schema (every property's name, kind, nullability and roots, nested types too)
 * and of the {@link CanonicalEvent#FORMAT}: stored JSON is tagged with the fingerprint it was rendered
 * under, and a row whose tag differs from the running schema's is rendered afresh. Thread-safe.
 */
public final class SchemaFingerprint {

  private static final Map<StructuredType, String> CACHE = new ConcurrentHashMap<>();

  private SchemaFingerprint() {
  }

  /** The running service's schema. */
  public static String current() {
    return of(AuditSchema.AUDIT_EVENT);
  }

  public static String of(StructuredType root) {
    if (root == AuditSchema.AUDIT_EVENT) { // asked per row read: skip hashing the record
      return Current.VALUE;
    }
    return CACHE.computeIfAbsent(root, SchemaFingerprint::digest);
  }

  private static final class Current {
    static final String VALUE = digest(AuditSchema.AUDIT_EVENT);
  }

  private static String digest(StructuredType root) {
    StringBuilder text = new StringBuilder("format ").append(CanonicalEvent.FORMAT);
    describe(root, text);
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void describe(StructuredType type, StringBuilder text) {
    text.append(" {").append(type.name());
    for (Property p : type.properties()) {
      text.append(' ').append(p.name()).append(':').append(p.kind()).append(p.nullable() ? "?" : "!")
          .append(new TreeSet<>(p.versions()));
      if (p.complexType() != null) {
        describe(p.complexType(), text);
      }
    }
    text.append('}');
  }
}
