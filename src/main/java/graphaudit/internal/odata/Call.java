package graphaudit.internal.odata;

import graphaudit.internal.audit.ApiVersion;

/** Who is calling which root: the tenant every read and write is scoped to, and the request's ids. */
public record Call(ApiVersion version, String tenantId, RequestIds ids) {
}
