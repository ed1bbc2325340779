package graphaudit.internal.pipeline;

import graphaudit.internal.auth.Caller;

/** What lets a caller's request in or refuses it before it is answered (throttling, faults). Thread-safe. */
@FunctionalInterface
public interface Admission {

  /** Nothing refused. */
  Admission ALL = (caller, method) -> { };

  /**
   * Counts a request of {@code caller} and lets it through.
   *
   * @throws GraphException the refusal (a 429 with Retry-After, an injected fault)
   */
  void admit(Caller caller, String method);
}
