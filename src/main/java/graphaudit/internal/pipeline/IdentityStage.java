package graphaudit.internal.pipeline;

import graphaudit.internal.auth.AccessControl;

/** The bearer token: valid (else 401), and holding a permission for the method (else 403). */
final class IdentityStage implements Stage {

  private final AccessControl access;

  IdentityStage(AccessControl access) {
    this.access = access;
  }

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    exchange.caller(access.authorize(exchange.request().headers().first("Authorization"), exchange.method()));
    return next.proceed();
  }
}
