package graphaudit.cli;

import graphaudit.store.StoreDamagedException;

/** The one line a command prints when the store it was to open is damaged. */
final class StoreDamage {

  private StoreDamage() {
  }

  static CommandFailure failure(StoreDamagedException e) {
    return new CommandFailure("The store in " + e.dataDir() + " is damaged (" + e.getMessage() + "). Run `graph-audit"
        + " recover --data " + e.dataDir() + "` to salvage its events into a fresh store (the damaged file is kept aside).", e);
  }
}
