package graphaudit.internal.pipeline;

import graphaudit.internal.odata.RequestIds;

/** First stage: a new {@code request-id} and the client's {@code client-request-id} echoed, on every reply. */
final class RequestIdStage implements Stage {

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    RequestIds ids = RequestIds.forRequest(exchange.headers().clientRequestId());
    exchange.ids(ids);
    return next.proceed().withHeader(RequestIds.REQUEST_ID, ids.requestId())
        .withHeader(RequestIds.CLIENT_REQUEST_ID, ids.clientRequestId());
  }
}
