package dev.kairos.core.ondemand;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The timestamp accessors of CEL's standard library ({@code ts.getHours()}) also in the global form
 * {@code getHours(ts)} and {@code getHours(ts, "Europe/Paris")}, with the same meaning: UTC unless
 * a time zone is given, months, days of the year and days of the month 0-based, {@code getDate}
 * 1-based, {@code getDayOfWeek} 0 for Sunday.
 */
final class TimeFunctions {
  private TimeFunctions() {}

  private record Accessor(String name, ToLongFunction<ZonedDateTime> get) {}

  private static final List<Accessor> ACCESSORS =
      List.of(
          new Accessor("getFullYear", ZonedDateTime::getYear),
          new Accessor("getMonth", t -> t.getMonthValue() - 1),
          new Accessor("getDayOfYear", t -> t.getDayOfYear() - 1),
          new Accessor("getDayOfMonth", t -> t.getDayOfMonth() - 1),
          new Accessor("getDate", ZonedDateTime::getDayOfMonth),
          new Accessor("getDayOfWeek", t -> t.getDayOfWeek().getValue() % 7),
          new Accessor("getHours", ZonedDateTime::getHour),
          new Accessor("getMinutes", ZonedDateTime::getMinute),
          new Accessor("getSeconds", ZonedDateTime::getSecond),
          new Accessor("getMilliseconds", t -> t.getNano() / 1_000_000));

  static List<CelFunctionDecl> declarations() {
    List<CelFunctionDecl> out = new ArrayList<>();
    for (Accessor a : ACCESSORS) {
      out.add(
          CelFunctionDecl.newFunctionDeclaration(
              a.name(),
              CelOverloadDecl.newGlobalOverload(id(a, false), SimpleType.INT, SimpleType.TIMESTAMP),
              CelOverloadDecl.newGlobalOverload(
                  id(a, true), SimpleType.INT, SimpleType.TIMESTAMP, SimpleType.STRING)));
    }
    return out;
  }

  static List<CelFunctionBinding> bindings() {
    List<CelFunctionBinding> out = new ArrayList<>();
    for (Accessor a : ACCESSORS) {
      out.add(
          CelFunctionBinding.from(
              id(a, false), Instant.class, ts -> a.get().applyAsLong(ts.atZone(ZoneOffset.UTC))));
      out.add(
          CelFunctionBinding.from(
              id(a, true),
              Instant.class,
              String.class,
              (ts, zone) -> a.get().applyAsLong(ts.atZone(zone(zone)))));
    }
    return out;
  }

  private static ZoneId zone(String zone) throws CelEvaluationException {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new CelEvaluationException("unknown time zone '" + zone + "'", e);
    }
  }

  private static String id(Accessor a, boolean withZone) {
    return "kairos_" + a.name() + (withZone ? "_timestamp_string" : "_timestamp");
  }
}
