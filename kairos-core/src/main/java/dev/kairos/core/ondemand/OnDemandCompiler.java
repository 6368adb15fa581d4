package dev.kairos.core.ondemand;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import dev.kairos.core.definitions.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Type-checks and compiles the CEL expressions of a request-time view.
 *
 * <p>An expression may read {@code request.<field>} for the view's request fields, {@code
 * request_time} (a timestamp; accessors such as {@code getHours(request_time)} are in UTC unless a
 * time zone is given) and {@code <view>.<feature>} for any plain or aggregated feature of a feature
 * view. Types map as: INT32 and INT64 to {@code int}, FLOAT and DOUBLE to {@code double}, STRING to
 * {@code string}, BOOL to {@code bool}, BYTES to {@code bytes}, TIMESTAMP to {@code
 * google.protobuf.Timestamp}, a list type to a {@code list} of its element. The expression's type
 * must be the CEL type of the feature's declared type. CEL has no loops or recursion (only the
 * bounded macros {@code all}, {@code exists}, {@code exists_one}, {@code map}, {@code filter}) and
 * no I/O, so an expression always terminates and cannot reach outside its inputs.
 */
public final class OnDemandCompiler {
  // Integer overflow is an error (so a null value), as the spec of request-time features says.
  static final CelOptions OPTIONS =
      CelOptions.current()
          .errorOnIntWrap(true)
          .enableTimestampEpoch(true)
          .evaluateCanonicalTypesToNativeValues(true)
          .build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addFunctionBindings(TimeFunctions.bindings())
          .build();
  private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']*)'");
  private static final Pattern DOTTED =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\s*\\.\\s*[A-Za-z_][A-Za-z0-9_]*)*");

  private OnDemandCompiler() {}

  /**
   * The problems of a view's expressions, one per bad expression, each naming the view and the
   * feature; empty when every expression compiles and has its feature's type.
   */
  public static List<String> check(OnDemandFeatureView view, Definitions defs) {
    List<String> problems = new ArrayList<>();
    Environment env = Environment.of(view, defs);
    for (ExpressionFeature f : view.features()) {
      Compiled c = compileOne(env, view, f);
      if (c.problem != null) {
        problems.add(c.problem);
      }
    }
    return problems;
  }

  /**
   * Compiles every expression of a view.
   *
   * @throws KairosException USER listing the problems {@link #check} reports
   */
  public static CompiledView compile(OnDemandFeatureView view, Definitions defs) {
    Environment env = Environment.of(view, defs);
    List<String> problems = new ArrayList<>();
    List<CelRuntime.Program> programs = new ArrayList<>();
    List<List<String>> reads = new ArrayList<>();
    for (ExpressionFeature f : view.features()) {
      Compiled c = compileOne(env, view, f);
      if (c.problem != null) {
        problems.add(c.problem);
        continue;
      }
      try {
        programs.add(RUNTIME.createProgram(c.ast));
      } catch (CelEvaluationException e) {
        problems.add(prefix(view, f) + "cannot be compiled: " + e.getMessage());
        continue;
      }
      reads.add(c.reads);
    }
    if (!problems.isEmpty()) {
      throw KairosException.user(String.join("; ", problems));
    }
    List<Input> inputs = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    List<int[]> featureInputs = new ArrayList<>();
    for (List<String> r : reads) {
      int[] idx = new int[r.size()];
      for (int i = 0; i < idx.length; i++) {
        String name = r.get(i);
        Integer at = index.get(name);
        if (at == null) {
          at = inputs.size();
          index.put(name, at);
          inputs.add(env.inputs.get(name));
        }
        idx[i] = at;
      }
      featureInputs.add(idx);
    }
    return new CompiledView(view, inputs, programs, featureInputs);
  }

  private record Compiled(CelAbstractSyntaxTree ast, List<String> reads, String problem) {
    static Compiled problem(String p) {
      return new Compiled(null, List.of(), p);
    }
  }

  private static Compiled compileOne(
      Environment env, OnDemandFeatureView view, ExpressionFeature f) {
    CelValidationResult result = env.compiler.compile(f.expression());
    if (result.hasError()) {
      return Compiled.problem(prefix(view, f) + describe(env, f.expression(), result.getErrors()));
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      return Compiled.problem(prefix(view, f) + e.getMessage());
    }
    CelType expected = CelTypes.of(f.type());
    CelType actual = ast.getResultType();
    if (!expected.equals(actual)) {
      return Compiled.problem(
          prefix(view, f)
              + "is declared "
              + f.type()
              + " (CEL "
              + expected.name()
              + ") but its expression gives "
              + actual.name());
    }
    List<String> reads = new ArrayList<>();
    for (CelReference ref : ast.getReferenceMap().values()) {
      String name = ref.name();
      if (env.inputs.containsKey(name) && !reads.contains(name)) {
        reads.add(name);
      }
    }
    return new Compiled(ast, reads, null);
  }

  private static String prefix(OnDemandFeatureView view, ExpressionFeature f) {
    return "feature '" + view.name() + ":" + f.name() + "': ";
  }

  /** CEL's first error, an unknown name told with the names close to it. */
  private static String describe(Environment env, String expression, List<CelIssue> errors) {
    CelIssue first = errors.get(0);
    Matcher m = UNDECLARED.matcher(first.getMessage());
    if (m.find()) {
      String name = nameAt(expression, first, m.group(1));
      Optional<String> near = Suggestions.nearest(name, env.inputs.keySet());
      return "unknown name '"
          + name
          + "'"
          + near.map(n -> "; did you mean '" + n + "'?").orElse("")
          + hint(env, name);
    }
    return first.getMessage()
        + " (at column "
        + (first.getSourceLocation().getColumn() + 1)
        + " of '"
        + expression
        + "')";
  }

  private static String hint(Environment env, String name) {
    if (name.startsWith(Input.REQUEST_PREFIX)) {
      return " (request fields: " + String.join(", ", env.requestFields) + ")";
    }
    return "";
  }

  /** The whole dotted name CEL reported by its first segment, e.g. request.amout for request. */
  private static String nameAt(String expression, CelIssue issue, String reported) {
    int line = issue.getSourceLocation().getLine();
    int column = issue.getSourceLocation().getColumn();
    String[] lines = expression.split("\n", -1);
    if (line >= 1 && line <= lines.length && column >= 0) {
      Matcher m = DOTTED.matcher(lines[line - 1]);
      if (m.find(column) && m.start() == column) {
        return m.group().replaceAll("\\s", "");
      }
    }
    return reported;
  }

  /** The declarations one view's expressions are checked against. */
  private record Environment(
      CelCompiler compiler, Map<String, Input> inputs, List<String> requestFields) {
    static Environment of(OnDemandFeatureView view, Definitions defs) {
      Map<String, Input> inputs = new LinkedHashMap<>();
      List<String> requestFields = new ArrayList<>();
      for (Field f : view.request()) {
        inputs.put(
            Input.REQUEST_PREFIX + f.name(),
            new Input(Input.REQUEST_PREFIX + f.name(), f.type(), f.name(), null));
        requestFields.add(f.name());
      }
      inputs.put(
          Input.REQUEST_TIME,
          new Input(Input.REQUEST_TIME, dev.kairos.api.ValueType.TIMESTAMP, null, null));
      for (FeatureView v : defs.views()) {
        for (Field f : v.fields()) {
          String name = v.name() + "." + f.name();
          inputs.putIfAbsent(
              name, new Input(name, f.type(), null, new FeatureRef(v.name(), f.name())));
        }
      }
      CelCompilerBuilder b =
          CelCompilerFactory.standardCelCompilerBuilder()
              .setOptions(OPTIONS)
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .addFunctionDeclarations(TimeFunctions.declarations());
      for (Input in : inputs.values()) {
        b.addVar(in.variable(), CelTypes.of(in.type()));
      }
      return new Environment(b.build(), inputs, requestFields);
    }
  }
}
