package dev.kairos.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

class XgbSmokeTest {
  @Test
  void trains() throws Exception {
    int n = 1000, f = 3;
    float[] x = new float[n * f];
    float[] y = new float[n];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) x[i * f + j] = r.nextFloat();
      y[i] = x[i * f] > 0.5 ? 1 : 0;
    }
    DMatrix d = new DMatrix(x, n, f, Float.NaN);
    d.setLabel(y);
    Map<String, Object> p = new HashMap<>();
    p.put("objective", "binary:logistic");
    p.put("nthread", 1);
    Booster b = XGBoost.train(d, p, 10, Map.of("train", d), null, null);
    float[][] pred = b.predict(d);
    assertThat(pred[0][0]).isBetween(0f, 1f);
    System.out.println(new String(b.toByteArray("json")).substring(0, 600));
  }
}
