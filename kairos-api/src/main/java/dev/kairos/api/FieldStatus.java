package dev.kairos.api;

/**
 * The status of one served value. A missing or stale value is data, not an error. Names and meaning
 * match Feast's {@code FieldStatus}.
 */
public enum FieldStatus {
  /** A value is stored, within the view's TTL, and not null. */
  PRESENT,
  /** A row is stored within the TTL, but this feature's value in it is null. */
  NULL_VALUE,
  /** No row is stored for the entity. */
  NOT_FOUND,
  /** A row is stored but its event time is older than {@code now - ttl}. */
  OUTSIDE_MAX_AGE
}
