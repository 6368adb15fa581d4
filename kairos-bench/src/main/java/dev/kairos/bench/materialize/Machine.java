package dev.kairos.bench.materialize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line description of this machine: cores, memory, CPU model, load. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "";
    String mem = "";
    String load = "";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("");
      mem =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal"))
              .map(l -> l.replaceAll("\\D", ""))
              .map(kb -> String.format("%.0f GiB RAM", Long.parseLong(kb) / 1048576.0))
              .findFirst()
              .orElse("");
      load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      // /proc is Linux-only; describe what can be read.
    }
    return Runtime.getRuntime().availableProcessors()
        + " cores (nproc), "
        + mem
        + ", "
        + cpu
        + ", load average at the end "
        + load
        + ", Java "
        + Runtime.version();
  }
}
