package graphaudit.internal.odata;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.request.Preferences;
import graphaudit.internal.request.QueryString;

/**
 * One request to a root as the processors see it beside Olingo's view: the tenant every read and
 * write is scoped to, the request's ids, its {@code Prefer} and its query as Olingo parsed it (for
 * the nextLink), all parsed once at the gate. Immutable.
 */
public record Call(ApiVersion version, String tenantId, RequestIds ids, Preferences preferences, QueryString query) {
}
