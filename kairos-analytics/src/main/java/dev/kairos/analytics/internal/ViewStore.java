package dev.kairos.analytics.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/** How one engine keeps the analytics views: DuckDB tables or PostgreSQL materialized views. */
interface ViewStore {
  /** Creates the analytics schema and the (empty) prediction log when missing. */
  void prepare(Connection c) throws SQLException;

  /**
   * Brings a view up to date atomically: readers see the old rows or the new ones, never an empty
   * or partial view.
   *
   * @param from rebuild only the periods from this day, or null for all; an engine may rebuild all
   * @param fingerprint identifies the view's full definition; a different one forces a rebuild
   * @return true when the whole view was rebuilt
   */
  boolean refresh(
      Connection c, View view, String qualified, ViewSql sql, LocalDate from, String fingerprint)
      throws SQLException;

  /** Whether the view exists yet. */
  boolean exists(Connection c, String qualified) throws SQLException;
}
