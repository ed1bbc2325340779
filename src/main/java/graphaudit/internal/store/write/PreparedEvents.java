package graphaudit.internal.store.write;

import java.util.List;

/**
 * New events already rendered and turned into rows ({@link EventWriter#prepare}), so that a bulk
 * load can do that work on another thread than the one inserting. Immutable.
 */
public final class PreparedEvents {

  private final List<NewRow> rows;

  PreparedEvents(List<NewRow> rows) {
    this.rows = List.copyOf(rows);
  }

  List<NewRow> rows() {
    return rows;
  }

  public int size() {
    return rows.size();
  }
}
