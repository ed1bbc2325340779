package graphaudit.internal.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.Headers;
import graphaudit.internal.pipeline.RouteHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /{tenant}/discovery/v2.0/keys} (and {@code /discovery/keys}), dev mode only: the
 * {@code jwks_uri} of the discovery document, the public half of the dev signing key as a JSON Web Key
 * Set, so a relying party (another graph-audit in JWKS mode, a test's own validator) can check this
 * service's tokens as it would check Entra's. Thread-safe.
 */
public final class SigningKeys implements RouteHandler {

  private final byte[] keySet;

  public SigningKeys(RSAKey signingKey) {
    this.keySet = new JWKSet(signingKey.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public GraphReply answer(Exchange exchange) {
    return new GraphReply(200, Headers.of(Map.of("Content-Type", List.of("application/json; charset=utf-8"))), keySet);
  }
}
