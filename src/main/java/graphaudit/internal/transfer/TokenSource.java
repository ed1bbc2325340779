package graphaudit.internal.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Where {@link GraphPull} gets its bearer token: one given as it is, or Entra ID's client credentials
 * grant ({@code POST {authority}/{tenant}/oauth2/v2.0/token} with a client secret, scope Graph's
 * {@code /.default}), kept until five minutes before it expires and fetched anew when Graph refuses it.
 * Not thread-safe.
 */
public interface TokenSource {

  /** The token to send now. @throws PullFailure when none can be had */
  String token();

  /** Graph refused the last token (401): whether a new one may help. */
  boolean renew();

  /** A token given as it is (from {@code --token} or the environment); a refusal is final. */
  static TokenSource fixed(String token) {
    return new TokenSource() {
      @Override
      public String token() {
        return token;
      }

      @Override
      public boolean renew() {
        return false;
      }
    };
  }

  /** Tokens of the client credentials grant against {@code authority} (e.g. https://login.microsoftonline.com). */
  static TokenSource clientCredentials(HttpClient http, URI authority, String tenantId, String clientId,
      String clientSecret, Clock clock) {
    return new ClientCredentials(http, authority, tenantId, clientId, clientSecret, clock);
  }

  /** The client credentials grant, its token kept while it is valid. */
  final class ClientCredentials implements TokenSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MARGIN = Duration.ofMinutes(5);

    private final HttpClient http;
    private final URI endpoint;
    private final String form;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    private ClientCredentials(HttpClient http, URI authority, String tenantId, String clientId, String clientSecret,
        Clock clock) {
      this.http = http;
      String base = authority.toString().replaceAll("/+$", "");
      this.endpoint = URI.create(base + "/" + URLEncoder.encode(tenantId, StandardCharsets.UTF_8) + "/oauth2/v2.0/token");
      this.form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
          + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)
          + "&scope=" + URLEncoder.encode("https://graph.microsoft.com/.default", StandardCharsets.UTF_8);
      this.clock = clock;
    }

    @Override
    public String token() {
      if (token == null || !clock.instant().isBefore(renewAt)) {
        fetch();
      }
      return token;
    }

    @Override
    public boolean renew() {
      token = null;
      return true;
    }

    private void fetch() {
      HttpResponse<String> response;
      try {
        response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofMinutes(1))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new PullFailure("cannot reach the token endpoint " + endpoint + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PullFailure("interrupted", e);
      }
      JsonNode body;
      try {
        body = JSON.readTree(response.body());
      } catch (IOException e) {
        body = null;
      }
      if (response.statusCode() != 200 || body == null || !body.path("access_token").isTextual()) {
        String described = body == null ? response.body() : body.path("error_description").asText(response.body());
        throw new PullFailure("the token endpoint " + endpoint + " refused the client credentials ("
            + response.statusCode() + "): " + described.lines().findFirst().orElse(""), null);
      }
      token = body.get("access_token").asText();
      long seconds = body.path("expires_in").asLong(3599);
      renewAt = clock.instant().plusSeconds(seconds).minus(MARGIN);
    }
  }
}
