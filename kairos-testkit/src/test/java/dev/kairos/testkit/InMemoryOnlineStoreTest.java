package dev.kairos.testkit;

import dev.kairos.spi.OnlineStore;

class InMemoryOnlineStoreTest extends OnlineStoreContractTest {
  private final InMemoryOnlineStore shared = new InMemoryOnlineStore();

  @Override
  protected OnlineStore openStore(String project) {
    return shared.forProject(project);
  }
}
