package graphaudit.internal.compose;

import graphaudit.internal.admin.DataAdmin;
import graphaudit.internal.admin.EmulationAdmin;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.batch.JsonBatch;
import graphaudit.internal.identity.IdentityEndpoints;
import graphaudit.internal.odata.ServiceRoot;
import graphaudit.internal.pipeline.Access;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.ODataRoute;
import graphaudit.internal.pipeline.Route;
import graphaudit.internal.pipeline.RouteHandler;
import graphaudit.internal.pipeline.RouteTable;
import graphaudit.internal.viewer.Viewer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service's route table: every path it answers, with the methods, access rule and handler of
 * each, in the order they are tried. A new endpoint is one more entry here and its handler; the gate
 * checks methods and access for it (docs/internals.md, "Request pipeline and routes").
 */
public final class ServiceRoutes {

  private static final byte[] HEALTHY = "{\"status\":\"Healthy\"}".getBytes(StandardCharsets.UTF_8);

  /** What answers the routes. */
  public record Handlers(Map<ApiVersion, ServiceRoot> roots, Viewer viewer, DataAdmin data, EmulationAdmin emulation,
      RouteHandler metrics, IdentityEndpoints identity) {
  }

  private ServiceRoutes() {
  }

  /** @param metricsToken the token {@code /metrics} asks for, or null for none */
  public static RouteTable table(Handlers handlers, String metricsToken) {
    List<Route> routes = new ArrayList<>(List.of(
        Route.at("/health").to(exchange -> GraphReply.json(200, HEALTHY)),
        Route.at("/metrics").access(Access.metricsToken(metricsToken)).sameOriginOnly().to(handlers.metrics()),
        Route.at("/admin/emulation").allow("GET", "PATCH", "POST").access(Access.token().devOnly())
            .to(handlers.emulation()),
        Route.at("/admin/reset").allow("POST").access(Access.token().devOnly()).to(handlers.data()::reset),
        Route.at("/admin/seed").allow("POST").access(Access.token().devOnly()).to(handlers.data()::seed),
        Route.at("/admin/import").allow("POST").access(Access.token().devOnly()).to(handlers.data()::importEvents),
        Route.at("/").sameOriginOnly().to(handlers.viewer().page()),
        Route.at("/viewer").sameOriginOnly().to(handlers.viewer().page()),
        Route.at("/viewer/dev-token").allow("GET", "POST").access(Access.open().devOnlyOnLoopback()).sameOriginOnly()
            .to(handlers.viewer().devToken()),
        Route.at("/viewer/histogram").access(Access.token()).sameOriginOnly().to(handlers.viewer().histogram()),
        Route.at("/viewer/{file}").sameOriginOnly().to(handlers.viewer().file())));
    for (ApiVersion version : ApiVersion.values()) {
      String root = "/" + version.segment();
      routes.add(Route.at(root + "/$batch").allow("POST").access(Access.anyToken()).delayed()
          .to(new JsonBatch(version.segment())));
      routes.add(Route.at(root + "/**").allow(ODataRoute.METHODS).access(Access.token()).emulated().delayed()
          .to(new ODataRoute(handlers.roots().get(version))));
    }
    // Entra ID's endpoints for Azure Identity (authorityHost = this service): after the roots, whose
    // paths a {tenant} segment would otherwise also match
    IdentityEndpoints identity = handlers.identity();
    Access devOnly = Access.open().devOnly();
    routes.add(Route.at("/{tenant}/v2.0/.well-known/openid-configuration").access(devOnly).to(identity.discovery()));
    routes.add(Route.at("/{tenant}/.well-known/openid-configuration").access(devOnly).to(identity.discovery()));
    routes.add(Route.at("/{tenant}/discovery/v2.0/keys").access(devOnly).to(identity.keys()));
    routes.add(Route.at("/{tenant}/discovery/keys").access(devOnly).to(identity.keys()));
    routes.add(Route.at("/{tenant}/oauth2/v2.0/token").allow("POST").access(devOnly).to(identity.token()));
    routes.add(Route.at("/{tenant}/oauth2/token").allow("POST").access(devOnly).to(identity.token()));
    return new RouteTable(routes);
  }
}
