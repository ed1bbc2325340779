package graphaudit.internal.pipeline;

/** Throttling, then fault injection, for the caller just identified (both usually off). */
final class EmulationStage implements Stage {

  private final Emulation emulation;

  EmulationStage(Emulation emulation) {
    this.emulation = emulation;
  }

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    emulation.admit(exchange.caller(), exchange.method());
    return next.proceed();
  }
}
