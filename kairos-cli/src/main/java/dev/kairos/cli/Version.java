package dev.kairos.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = KairosCli.class.getPackage().getImplementationVersion();
    return new String[] {"kairos " + (v == null ? "development build" : v)};
  }
}
