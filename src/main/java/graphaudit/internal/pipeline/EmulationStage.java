package graphaudit.internal.pipeline;

/** Throttling, then fault injection, for the caller just identified, on the routes that emulate Graph's pressure. */
final class EmulationStage implements Stage {

  private final Admission admission;

  EmulationStage(Admission admission) {
    this.admission = admission;
  }

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    if (exchange.route().emulated()) {
      admission.admit(exchange.caller(), exchange.method());
    }
    return next.proceed();
  }
}
