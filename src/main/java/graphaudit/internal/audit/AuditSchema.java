package graphaudit.internal.audit;

import static graphaudit.internal.audit.Property.complex;
import static graphaudit.internal.audit.Property.of;
import static graphaudit.internal.audit.Property.string;

import java.util.List;

/**
 * The one declaration of every type and property of the auditEvents API, with the service roots each
 * property exists in. The EDM, the JSON reader and writer and the SQL columns are derived from it;
 * adding a property is one line here plus a migration.
 */
public final class AuditSchema {

  public static final StructuredType AUDIT_PROPERTY = new StructuredType("auditProperty", List.of(
      string("displayName"),
      string("oldValue"),
      string("newValue")));

  public static final StructuredType ROLE_SCOPE_TAG_INFO = new StructuredType("roleScopeTagInfo", List.of(
      string("displayName"),
      string("roleScopeTagId")));

  public static final StructuredType AUDIT_RESOURCE = new StructuredType("auditResource", List.of(
      string("displayName"),
      complex("modifiedProperties", ValueKind.COMPLEX_COLLECTION, AUDIT_PROPERTY),
      string("type"),
      string("auditResourceType"),
      string("resourceId")));

  public static final StructuredType AUDIT_ACTOR = new StructuredType("auditActor", List.of(
      string("type"),
      string("auditActorType"),
      of("userPermissions", ValueKind.STRING_COLLECTION),
      string("applicationId"),
      string("applicationDisplayName"),
      string("userPrincipalName"),
      string("servicePrincipalName"),
      string("ipAddress"),
      string("userId"),
      complex("userRoleScopeTags", ValueKind.COMPLEX_COLLECTION, ROLE_SCOPE_TAG_INFO).betaOnly(),
      string("remoteTenantId").betaOnly(),
      string("remoteUserId").betaOnly()));

  /** The entity type; {@code id} is inherited from the abstract {@code entity} and comes first. */
  public static final StructuredType AUDIT_EVENT = new StructuredType("auditEvent", List.of(
      string("id").required(),
      string("displayName"),
      string("componentName"),
      complex("actor", ValueKind.COMPLEX, AUDIT_ACTOR),
      string("activity"),
      of("activityDateTime", ValueKind.DATE_TIME_OFFSET).required(),
      string("activityType"),
      string("activityOperationType"),
      string("activityResult"),
      of("correlationId", ValueKind.GUID).required(),
      complex("resources", ValueKind.COMPLEX_COLLECTION, AUDIT_RESOURCE),
      string("category")));

  /** Complex types in the order {@code $metadata} declares them. */
  public static final List<StructuredType> COMPLEX_TYPES =
      List.of(AUDIT_ACTOR, AUDIT_PROPERTY, AUDIT_RESOURCE, ROLE_SCOPE_TAG_INFO);

  public static final String KEY = "id";

  private AuditSchema() {
  }
}
