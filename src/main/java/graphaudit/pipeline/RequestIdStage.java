package graphaudit.pipeline;

import graphaudit.odata.RequestIds;

/**
 * First stage: a new {@code request-id}, the client's {@code client-request-id} echoed, both on every
 * reply; and every failure of the later stages turned into Graph's error reply by {@link ErrorMapping}.
 */
final class RequestIdStage implements Stage {

  @Override
  public GraphReply handle(Exchange exchange, Next next) {
    RequestIds ids = RequestIds.forRequest(exchange.request().headers().first(RequestIds.CLIENT_REQUEST_ID));
    exchange.ids(ids);
    GraphReply reply;
    try {
      reply = next.proceed();
    } catch (Exception e) {
      reply = ErrorMapping.reply(e, ids);
    }
    return reply.withHeader(RequestIds.REQUEST_ID, ids.requestId())
        .withHeader(RequestIds.CLIENT_REQUEST_ID, ids.clientRequestId());
  }
}
