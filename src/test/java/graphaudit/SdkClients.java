package graphaudit;

import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import graphaudit.internal.http.DevCertificate;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The official Graph Java SDKs pointed at a {@link TestServer} (started {@code withHttps()}) exactly
 * as a customer would: Kiota's bearer provider with the server's default token, the SDK's own OkHttp
 * client and middleware (retry handler included), trusting the dev certificate.
 */
final class SdkClients {

  private SdkClients() {
  }

  static com.microsoft.graph.serviceclient.GraphServiceClient v1(TestServer server) {
    var client = new com.microsoft.graph.serviceclient.GraphServiceClient(bearerTokens(server), httpsClient(server));
    client.getRequestAdapter().setBaseUrl(server.httpsOrigin() + "/v1.0");
    return client;
  }

  static com.microsoft.graph.beta.serviceclient.GraphServiceClient beta(TestServer server) {
    var client = new com.microsoft.graph.beta.serviceclient.GraphServiceClient(bearerTokens(server), httpsClient(server));
    client.getRequestAdapter().setBaseUrl(server.httpsOrigin() + "/beta");
    return client;
  }

  /** Kiota's bearer provider with the server's default token, for 127.0.0.1 over https only. */
  private static BaseBearerTokenAuthenticationProvider bearerTokens(TestServer server) {
    AllowedHostsValidator hosts = new AllowedHostsValidator("127.0.0.1");
    return new BaseBearerTokenAuthenticationProvider(new AccessTokenProvider() {
      @Override
      public String getAuthorizationToken(URI uri, Map<String, Object> context) {
        return hosts.isUrlHostValid(uri) && "https".equals(uri.getScheme()) ? server.token() : "";
      }

      @Override
      public AllowedHostsValidator getAllowedHostsValidator() {
        return hosts;
      }
    });
  }

  /** The Graph SDK's own OkHttp client (its middleware included), trusting the dev certificate. */
  static OkHttpClient httpsClient(TestServer server) {
    try (InputStream pem = Files.newInputStream(server.dataDir().resolve(DevCertificate.CERTIFICATE))) {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("graph-audit-dev", CertificateFactory.getInstance("X.509").generateCertificate(pem));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return GraphClientFactory.create()
          .sslSocketFactory(tls.getSocketFactory(), (X509TrustManager) trust.getTrustManagers()[0]).build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot trust the dev certificate", e);
    }
  }
}
