package dev.kairos.core.generate;

import java.io.IOException;

/** Receives generated rows in primitive form; the writers format them without boxing. */
interface RowSink {
  void accept(
      long transaction,
      int userId,
      int merchantId,
      long cents,
      long device,
      long eventSecond,
      long createdSecond,
      boolean fraud)
      throws IOException;
}
