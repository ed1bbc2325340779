package graphaudit.internal.identity;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tenant segment of an authority ({@code https://host/{tenant}/…}) as Entra ID reads it: a tenant
 * id (a GUID: every GUID is a tenant here, as tokens of any tenant are accepted), one of the
 * multi-tenant aliases ({@code common}, {@code organizations}, {@code consumers}), or a name this
 * service does not know (Entra would look up a domain; here it is a tenant not found). Stateless.
 */
final class TenantSegment {

  private static final Pattern GUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Set<String> ALIASES = Set.of("common", "organizations", "consumers");

  private TenantSegment() {
  }

  static boolean isTenantId(String segment) {
    return GUID.matcher(segment).matches();
  }

  static boolean isAlias(String segment) {
    return ALIASES.contains(segment.toLowerCase(Locale.ROOT));
  }
}
