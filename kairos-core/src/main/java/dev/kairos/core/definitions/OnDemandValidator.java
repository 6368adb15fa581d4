package dev.kairos.core.definitions;

import dev.kairos.api.Definitions;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import dev.kairos.core.definitions.Declared.ExpressionDecl;
import dev.kairos.core.definitions.Declared.FieldDecl;
import dev.kairos.core.definitions.Declared.Named;
import dev.kairos.core.definitions.Declared.OnDemandDecl;
import dev.kairos.core.definitions.Declared.ViewDecl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks on-demand views: unique request fields and features, and that every {@code
 * request.<field>} and {@code <view>.<feature>} an expression reads exists. Expressions are
 * scanned, not parsed: a dotted name outside string literals whose last part is not called as a
 * method is a reference. Types are checked afterwards by {@link ExpressionCheck}.
 */
final class OnDemandValidator {
  /** A dotted name not preceded by a dot or a name character, and whether a call follows. */
  private static final Pattern REF =
      Pattern.compile("(?<![\\w.])([A-Za-z_]\\w*)\\s*\\.\\s*([A-Za-z_]\\w*)(\\s*\\()?");

  private static final Set<String> BUILT_INS = Set.of("request_time");

  private final Problems problems;
  private final Map<String, ViewDecl> views;
  private final Map<String, OnDemandDecl> onDemand;
  private final Function<ViewDecl, Map<String, ?>> featuresOf;

  OnDemandValidator(
      Problems problems,
      Map<String, ViewDecl> views,
      Map<String, OnDemandDecl> onDemand,
      Function<ViewDecl, Map<String, ?>> featuresOf) {
    this.problems = problems;
    this.views = views;
    this.onDemand = onDemand;
    this.featuresOf = featuresOf;
  }

  void check(OnDemandDecl v, UniqueNames unique) {
    String label = "on-demand view '" + v.name().name() + "'";
    Map<String, FieldDecl> request =
        unique.of(v.request(), FieldDecl::name, "request field", " in " + label);
    unique.of(v.features(), ExpressionDecl::name, "feature", " in " + label);
    for (ExpressionDecl f : v.features()) {
      references(label, f, request);
    }
  }

  private void references(String label, ExpressionDecl f, Map<String, FieldDecl> request) {
    String what = "the expression of feature '" + f.name().name() + "' of " + label;
    Matcher m = REF.matcher(withoutStrings(f.expression()));
    while (m.find()) {
      String head = m.group(1);
      String member = m.group(2);
      Pos at = at(f, m.start());
      if (m.group(3) != null || BUILT_INS.contains(head)) {
        continue;
      }
      if (head.equals("request")) {
        if (!request.containsKey(member)) {
          problems.add(
              at,
              what
                  + " reads request."
                  + member
                  + ", which "
                  + label
                  + " does not declare"
                  + DefinitionsValidator.hint(
                      member,
                      request,
                      "add it to request:, whose fields are "
                          + DefinitionsValidator.known(request)));
        }
        continue;
      }
      ViewDecl view = views.get(head);
      if (view == null) {
        String why =
            onDemand.containsKey(head)
                ? "; an expression can read feature views only, not other on-demand views"
                : DefinitionsValidator.hint(
                    head,
                    views,
                    "write request.<field>, request_time or <view>.<feature>; known views: "
                        + DefinitionsValidator.known(views));
        problems.add(at, what + " reads unknown feature view '" + head + "'" + why);
        continue;
      }
      Map<String, ?> features = featuresOf.apply(view);
      if (features != null && !features.containsKey(member)) {
        problems.add(
            at,
            what
                + " reads unknown feature '"
                + member
                + "' of view '"
                + head
                + "'"
                + DefinitionsValidator.hint(
                    member, features, "its features: " + DefinitionsValidator.known(features)));
      }
    }
  }

  /** Runs {@link ExpressionCheck} feature by feature on definitions that passed every check. */
  static void typeCheck(
      List<OnDemandDecl> decls,
      Definitions defs,
      Problems problems,
      ExpressionCheck.Checker expressions) {
    for (OnDemandDecl decl : decls) {
      OnDemandFeatureView view = defs.onDemandView(decl.name().name()).orElseThrow();
      for (ExpressionDecl f : decl.features()) {
        ExpressionFeature feature = view.feature(f.name().name()).orElseThrow();
        OnDemandFeatureView one =
            new OnDemandFeatureView(
                view.name(), view.request(), List.of(feature), view.description());
        expressions.check(one, defs).forEach(msg -> problems.add(at(f, 0), msg));
      }
    }
  }

  static OnDemandFeatureView build(OnDemandDecl v) {
    List<ExpressionFeature> features = new ArrayList<>();
    v.features()
        .forEach(
            f -> features.add(new ExpressionFeature(f.name().name(), f.type(), f.expression())));
    List<dev.kairos.api.Field> request = new ArrayList<>();
    v.request().forEach(r -> request.add(new dev.kairos.api.Field(r.name().name(), r.type())));
    return new OnDemandFeatureView(v.name().name(), request, features, v.description());
  }

  /** Where offset {@code i} of the expression's text is, when the text maps to columns. */
  private static Pos at(ExpressionDecl f, int i) {
    Pos p = f.expressionPos();
    return f.expressionColumnShift() < 0
        ? p
        : new Pos(p.file(), p.line(), p.column() + f.expressionColumnShift() + i);
  }

  /** The text with every string literal's content blanked, so offsets stay the same. */
  static String withoutStrings(String text) {
    StringBuilder out = new StringBuilder(text);
    char quote = 0;
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (quote == 0) {
        if (c == '"' || c == '\'') {
          quote = c;
        }
      } else if (c == '\\' && i + 1 < out.length()) {
        out.setCharAt(i, ' ');
        out.setCharAt(++i, ' ');
      } else if (c == quote) {
        quote = 0;
      } else {
        out.setCharAt(i, ' ');
      }
    }
    return out.toString();
  }

  /** The validator's duplicate check, shared so messages read the same everywhere. */
  interface UniqueNames {
    <T> Map<String, T> of(List<T> items, Function<T, Named> name, String kind, String context);
  }

  static <T> Map<String, T> index(List<T> items, Function<T, Named> name) {
    Map<String, T> out = new LinkedHashMap<>();
    items.forEach(i -> out.putIfAbsent(name.apply(i).name(), i));
    return out;
  }
}
