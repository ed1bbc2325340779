package graphaudit.internal.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (set by the build). */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"graph-audit " + (version == null ? "development" : version)};
  }
}
