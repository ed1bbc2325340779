package graphaudit.internal.auth;

import java.util.List;
import java.util.Locale;

/**
 * The Graph permissions that allow each operation (contract §7), decided by HTTP method: reads need
 * {@code DeviceManagementApps.Read.All} or {@code .ReadWrite.All}, writes need {@code .ReadWrite.All}.
 * Stateless.
 */
public final class Permissions {

  public static final String READ = graphaudit.Token.READ;
  public static final String READ_WRITE = graphaudit.Token.READ_WRITE;

  private static final List<String> READERS = List.of(READ, READ_WRITE);
  private static final List<String> WRITERS = List.of(READ_WRITE);

  private Permissions() {
  }

  /** The permissions any one of which allows {@code method}; GET reads, every other method writes. */
  static List<String> allowing(String method) {
    return method.toUpperCase(Locale.ROOT).equals("GET") ? READERS : WRITERS;
  }

  /** Refuses a caller that holds none of the permissions allowing {@code method}. */
  static void require(Caller caller, String method) throws AccessDeniedException {
    List<String> allowing = allowing(method);
    for (String permission : allowing) {
      if (caller.permissions().contains(permission)) {
        return;
      }
    }
    throw AccessDeniedException.forbidden("Missing permission: " + method.toUpperCase(Locale.ROOT)
        + " needs one of " + String.join(", ", allowing) + " in the token's '" + caller.kind().claim()
        + "' claim.");
  }
}
