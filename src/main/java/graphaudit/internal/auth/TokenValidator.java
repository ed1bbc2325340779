package graphaudit.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates a bearer JWT with Nimbus's {@link DefaultJWTProcessor}: signed RS256 or ES256 (never
 * {@code alg: none}, HMAC or encrypted) by a key chosen by {@code kid} from the dev key or the JWKS,
 * then {@link GraphClaimsVerifier}. Thread-safe.
 */
final class TokenValidator {

  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  /** Dev mode only: its one key never leaves, while a JWKS may drop a key whose tokens must then fail. */
  private final ValidatedTokens validated;
  /** Appended to a signature failure: in dev mode the usual cause is a token of another data directory. */
  private final String signatureHint;
  /** Appended to every other refusal: where a token this service accepts comes from. */
  private final String remedy;

  private TokenValidator(AuthConfig config, JWKSource<SecurityContext> keys, String signatureHint, String remedy) {
    this.signatureHint = signatureHint;
    this.remedy = remedy;
    this.validated = config.mode() == AuthConfig.Mode.DEV ? new ValidatedTokens(Clock.systemUTC()) : null;
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    processor.setJWTClaimsSetVerifier(new GraphClaimsVerifier(config));
  }

  /** A validator for {@code config}; in dev mode it trusts the key in {@code dataDir}, creating it if needed. */
  static TokenValidator create(AuthConfig config, Path dataDir) throws IOException {
    return switch (config.mode()) {
      case DEV -> new TokenValidator(config, new ImmutableJWKSet<>(new JWKSet(DevSigningKey.loadOrCreate(dataDir)
          .toPublicJWK())), " The token was not signed by the dev key of this service's data directory ("
          + dataDir.toAbsolutePath() + "): mint one with the token command and --data " + dataDir + ".",
          " Mint a new one with the token command and --data " + dataDir + " (--expires sets its lifetime).");
      case JWKS -> new TokenValidator(config, jwks(config), "", " Get a new token from the identity provider whose keys"
          + " are at " + (config.jwksFile() != null ? config.jwksFile() : config.jwksUri()) + ".");
    };
  }

  /**
   * Keys cached for 5 minutes and refetched at once for an unknown {@code kid} (rotation). A remote
   * set is fetched at most twice per 30 s; a local file is cheap to reread, so it is not rate limited.
   */
  private static JWKSource<SecurityContext> jwks(AuthConfig config) throws IOException {
    if (config.jwksFile() != null) {
      return JWKSourceBuilder.<SecurityContext>create(config.jwksFile().toUri().toURL(), url -> {
        try {
          return new Resource(Files.readString(Path.of(url.toURI()), StandardCharsets.UTF_8), "application/json");
        } catch (URISyntaxException e) {
          throw new IOException(e);
        }
      }).rateLimited(false).build();
    }
    return JWKSourceBuilder.<SecurityContext>create(config.jwksUri().toURL()).build();
  }

  /** Where a token this service accepts comes from, as a sentence to append to a 401's message. */
  String remedy() {
    return remedy;
  }

  Caller validate(String token) throws AccessDeniedException {
    Caller known = validated == null ? null : validated.get(token);
    if (known != null) {
      return known;
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw AccessDeniedException.unauthenticated("Access token is not a well-formed JWT." + remedy);
    } catch (RateLimitReachedException e) {
      throw AccessDeniedException.unauthenticated("Access token validation failure. No key matches its kid.");
    } catch (KeySourceException e) {
      throw new AccessDeniedException(503, "The token signing keys could not be retrieved.");
    } catch (BadJOSEException | JOSEException e) {
      String hint = e.getMessage() != null && e.getMessage().startsWith("Signed JWT rejected") ? signatureHint : remedy;
      String reason = e.getMessage() == null ? "" : e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
      throw AccessDeniedException.unauthenticated("Access token validation failure. " + reason + hint);
    }
    Caller caller = caller(claims);
    if (validated != null && claims.getExpirationTime() != null) {
      validated.put(token, caller, claims.getExpirationTime().toInstant());
    }
    return caller;
  }

  private Caller caller(JWTClaimsSet claims) throws AccessDeniedException {
    try {
      String scopes = claims.getStringClaim("scp");
      List<String> roles = claims.getStringListClaim("roles");
      String appId = claims.getStringClaim("appid") != null ? claims.getStringClaim("appid") : claims.getStringClaim("azp");
      Caller.Kind kind = scopes != null ? Caller.Kind.DELEGATED : Caller.Kind.APPLICATION;
      Set<String> permissions = scopes != null ? Set.of(scopes.trim().split("\\s+"))
          : roles != null ? Set.copyOf(roles) : Set.of();
      String tenantId = claims.getStringClaim("tid").toLowerCase(Locale.ROOT);
      return new Caller(tenantId, appId == null ? "" : appId, kind, permissions);
    } catch (ParseException | RuntimeException e) {
      throw AccessDeniedException.unauthenticated("Access token validation failure. Malformed scp, roles or appid claim."
          + remedy);
    }
  }
}
