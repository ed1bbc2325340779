package graphaudit.internal.pipeline;

/** One step of the {@link Pipeline}: answers the exchange itself, or passes it on to the next step. */
interface Stage {

  GraphReply handle(Exchange exchange, Next next) throws Exception;

  /** The rest of the pipeline after this stage. */
  @FunctionalInterface
  interface Next {
    GraphReply proceed() throws Exception;
  }
}
