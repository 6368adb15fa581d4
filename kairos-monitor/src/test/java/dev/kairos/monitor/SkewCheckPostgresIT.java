package dev.kairos.monitor;

import java.nio.file.Path;

class SkewCheckPostgresIT extends SkewCheckContract {
  @Override
  SkewRepo repo(Path dir) throws Exception {
    return new SkewRepo(dir, true);
  }
}
