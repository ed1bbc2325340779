package graphaudit.internal.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and reads the opaque {@code $skiptoken}s of nextLinks: the sort key values of the last row
 * returned and how many rows the walk has returned, signed (HMAC-SHA256) together with what the token
 * is bound to (tenant and query), so a forged, altered or foreign token is rejected. Thread-safe.
 */
public final class SkipTokens {

  /** Where a walk stands: the last row's sort values as text (null for null) and rows returned so far. */
  record Position(List<String> lastValues, long returned) {
  }

  private static final String VERSION = "2";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;

  public SkipTokens(byte[] secret) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  String issue(Position position, String binding) {
    ArrayNode payload = JSON.createArrayNode().add(VERSION).add(position.returned());
    position.lastValues().forEach(payload::add);
    byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(sign(bytes, binding));
  }

  /** The position in {@code token}; {@link IllegalArgumentException} for anything not issued for this binding. */
  Position read(String token, String binding) {
    int dot = token.indexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException("not a skip token");
    }
    byte[] bytes = Base64.getUrlDecoder().decode(token.substring(0, dot));
    byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    if (!MessageDigest.isEqual(signature, sign(bytes, binding))) {
      throw new IllegalArgumentException("skip token not issued for this query");
    }
    try {
      JsonNode payload = JSON.readTree(bytes);
      if (!payload.isArray() || payload.size() < 3 || !VERSION.equals(payload.get(0).asText())) {
        throw new IllegalArgumentException("skip token of another version");
      }
      List<String> values = new ArrayList<>();
      for (int i = 2; i < payload.size(); i++) {
        values.add(payload.get(i).isNull() ? null : payload.get(i).asText());
      }
      return new Position(values, payload.get(1).asLong());
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed skip token", e);
    }
  }

  private byte[] sign(byte[] payload, String binding) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(binding.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
