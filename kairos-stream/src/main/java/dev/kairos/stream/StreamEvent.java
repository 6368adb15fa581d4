package dev.kairos.stream;

import java.time.Instant;

/**
 * One decoded, valid event of a partition.
 *
 * @param row the source's fields in order
 * @param seq the event's ingestion sequence, derived from its partition and offset (see {@code
 *     StreamedSeq}): the same on every delivery, so no store counts it twice
 * @param producedAt the record's timestamp (when it was produced, for a CreateTime topic)
 * @param late true when it arrived more than the allowed lateness behind its partition's latest
 *     event time: written offline, not applied online
 */
record StreamEvent(
    Object[] row, Instant eventTs, long seq, int partition, Instant producedAt, boolean late) {}
