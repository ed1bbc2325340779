package graphaudit.internal.pipeline;

import java.util.List;
import java.util.Map;

/**
 * One entry of the {@link RouteTable}: a path pattern, the methods it allows, its access rule and its
 * handler, and whether throttling and faults apply to it ({@link #emulated()}, the Graph API's own
 * routes), whether the latency emulation delays its replies ({@link #delayed()}) and whether it is for its own origin only (no CORS headers: the viewer, {@code /metrics}).
 * Built with {@code Route.at("/admin/reset").allow("POST").access(Access.token().devOnly()).to(handler)}.
 * Immutable.
 */
public final class Route {

  private final PathPattern path;
  private final MethodRule methods;
  private final Access access;
  private final boolean emulated;
  private final boolean delayed;
  private final boolean sameOriginOnly;
  private final RouteHandler handler;

  private Route(Builder builder, RouteHandler handler) {
    this.path = builder.path;
    this.methods = builder.methods;
    this.access = builder.access;
    this.emulated = builder.emulated;
    this.delayed = builder.delayed;
    this.sameOriginOnly = builder.sameOriginOnly;
    this.handler = handler;
  }

  /** A route at {@code pattern} (see {@link PathPattern}); GET only and open unless told otherwise. */
  public static Builder at(String pattern) {
    return new Builder(PathPattern.of(pattern));
  }

  public PathPattern path() {
    return path;
  }

  public MethodRule methods() {
    return methods;
  }

  public Access access() {
    return access;
  }

  /** Whether throttling and fault injection apply (to the caller the access rule identified). */
  public boolean emulated() {
    return emulated;
  }

  /** Whether the latency emulation holds its replies back ({@link Delays}). */
  public boolean delayed() {
    return delayed;
  }

  /** Whether replies never carry CORS headers, whatever origins are allowed elsewhere. */
  public boolean sameOriginOnly() {
    return sameOriginOnly;
  }

  public RouteHandler handler() {
    return handler;
  }

  /** Whether {@code method} (HEAD already read as GET) is allowed on the resource {@code rest} names. */
  boolean allows(String method, String rest) {
    List<String> allowed = methods.allowed(rest);
    return allowed == null || allowed.contains(method);
  }

  /** The one 405 of the service: its text and {@code Allow} come from this route's methods. */
  GraphException notAllowed(String method, String rest) {
    List<String> allowed = methods.allowed(rest);
    String allow = String.join(", ", allowed);
    String last = allowed.get(allowed.size() - 1);
    String listed = allowed.size() == 1 ? last
        : String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + last;
    return new GraphException(405, "The HTTP method '" + method + "' is not allowed on this resource; use " + listed
        + ".", Map.of("Allow", allow));
  }

  @Override
  public String toString() {
    return path + " " + methods.allowed("") + " " + access;
  }

  /** A route being described; {@link #to} ends it. */
  public static final class Builder {
    private final PathPattern path;
    private MethodRule methods = MethodRule.of("GET");
    private Access access = Access.open();
    private boolean emulated;
    private boolean delayed;
    private boolean sameOriginOnly;

    private Builder(PathPattern path) {
      this.path = path;
    }

    /** The methods allowed (HEAD comes with GET). */
    public Builder allow(String... methods) {
      this.methods = MethodRule.of(methods);
      return this;
    }

    /** The methods allowed, by resource. */
    public Builder allow(MethodRule methods) {
      this.methods = methods;
      return this;
    }

    public Builder access(Access access) {
      this.access = access;
      return this;
    }

    /** Throttling and fault injection apply to this route's requests. */
    public Builder emulated() {
      this.emulated = true;
      return this;
    }

    /** The latency emulation holds this route's replies back (a whole batch once, not each of its requests). */
    public Builder delayed() {
      this.delayed = true;
      return this;
    }

    /** No CORS headers on this route's replies (a page whose answers another site must not read). */
    public Builder sameOriginOnly() {
      this.sameOriginOnly = true;
      return this;
    }

    public Route to(RouteHandler handler) {
      return new Route(this, handler);
    }
  }
}
