package dev.kairos.core.ondemand;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled expressions of one request-time view: the one evaluator both the training set
 * builder and the feature server use. Immutable and safe to share between threads.
 *
 * <p>{@link #evaluate} gives one value per feature, in declaration order. A feature's value is null
 * (status {@link FieldStatus#NULL_VALUE}) when an input its expression reads is null, when
 * evaluating it fails (integer division by zero, an overflow, an unknown time zone) or when the
 * result does not fit its type (a non-finite double, an INT32 out of range). Evaluation never
 * throws for data.
 */
public final class CompiledView {
  private final OnDemandFeatureView view;
  private final List<Input> inputs;
  private final List<CelRuntime.Program> programs;
  private final List<int[]> featureInputs;

  CompiledView(
      OnDemandFeatureView view,
      List<Input> inputs,
      List<CelRuntime.Program> programs,
      List<int[]> featureInputs) {
    this.view = view;
    this.inputs = List.copyOf(inputs);
    this.programs = List.copyOf(programs);
    this.featureInputs = List.copyOf(featureInputs);
  }

  public OnDemandFeatureView view() {
    return view;
  }

  /** What the expressions read, in the order {@link #evaluate(Object[])} takes them. */
  public List<Input> inputs() {
    return inputs;
  }

  /**
   * What the named features read, in {@link #inputs()} order: a request needs only these (other
   * inputs may be null, which makes only the features that read them null).
   */
  public List<Input> inputsOf(Collection<String> features) {
    boolean[] used = new boolean[inputs.size()];
    for (String f : features) {
      int at = indexOf(f);
      if (at < 0) {
        throw new IllegalArgumentException("view '" + view.name() + "' has no feature '" + f + "'");
      }
      for (int i : featureInputs.get(at)) {
        used[i] = true;
      }
    }
    List<Input> out = new ArrayList<>();
    for (int i = 0; i < used.length; i++) {
      if (used[i]) {
        out.add(inputs.get(i));
      }
    }
    return out;
  }

  /** Position of a feature in {@link #evaluate}'s result, or -1. */
  public int indexOf(String feature) {
    List<ExpressionFeature> fs = view.features();
    for (int i = 0; i < fs.size(); i++) {
      if (fs.get(i).name().equals(feature)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Evaluates every feature for one row.
   *
   * @param values one value per {@link #inputs()} entry, in its Kairos Java representation (see
   *     {@link dev.kairos.api.ValueType}), null when missing; the request time is an Instant
   * @return one value per feature of the view, in declaration order, null as described above
   */
  public Object[] evaluate(Object[] values) {
    if (values.length != inputs.size()) {
      throw new IllegalArgumentException(
          "view '" + view.name() + "' reads " + inputs.size() + " inputs, got " + values.length);
    }
    Object[] cel = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      cel[i] = values[i] == null ? null : CelTypes.toCel(values[i], inputs.get(i).type());
    }
    Object[] out = new Object[programs.size()];
    for (int f = 0; f < out.length; f++) {
      out[f] = evaluateOne(f, cel);
    }
    return out;
  }

  /** {@link #evaluate(Object[])} with the inputs by variable name; an absent name is null. */
  public Object[] evaluate(Map<String, ?> values) {
    Object[] in = new Object[inputs.size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = values.get(inputs.get(i).variable());
    }
    return evaluate(in);
  }

  private Object evaluateOne(int feature, Object[] cel) {
    int[] reads = featureInputs.get(feature);
    Map<String, Object> vars = new HashMap<>(reads.length * 2);
    for (int i : reads) {
      if (cel[i] == null) {
        return null;
      }
      vars.put(inputs.get(i).variable(), cel[i]);
    }
    Object result;
    try {
      result = programs.get(feature).eval(vars);
    } catch (CelEvaluationException | RuntimeException e) {
      // A value that cannot be computed is data (NULL_VALUE), never a failed request.
      return null;
    }
    return CelTypes.fromCel(result, view.features().get(feature).type());
  }
}
