package dev.kairos.server.internal;

import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.proto.v1.Contribution;
import dev.kairos.proto.v1.PredictRequest;
import dev.kairos.proto.v1.PredictResponse;
import dev.kairos.proto.v1.Prediction;
import dev.kairos.proto.v1.ServedFeature;

/** Converts {@code KairosServing/Predict} messages to and from the predict API's values. */
final class PredictProto {
  private PredictProto() {}

  static PredictQuery query(PredictRequest request) {
    return PredictExecutor.query(
        request.getModel(),
        request.getAlias(),
        KairosCodec.columns(request.getEntitiesMap()),
        KairosCodec.columns(request.getRequestDataMap()),
        request.hasExplain() ? request.getExplain() : null,
        request.hasTop() ? request.getTop() : null);
  }

  static PredictResponse response(PredictResult r) {
    PredictResponse.Builder out =
        PredictResponse.newBuilder()
            .setModel(r.model())
            .setAlias(r.alias())
            .setVersion(r.version())
            .setThreshold(r.threshold());
    if (r.runId() != null) {
      out.setRunId(r.runId());
    }
    for (dev.kairos.api.predict.Prediction p : r.predictions()) {
      Prediction.Builder row =
          out.addPredictionsBuilder()
              .setProbability(p.probability())
              .setDecision(p.decision())
              .setMargin(p.margin())
              .setBias(p.bias());
      for (dev.kairos.api.predict.ServedFeature f : p.features()) {
        ServedFeature.Builder feature =
            row.addFeaturesBuilder()
                .setName(f.name())
                .setType(KairosCodec.type(f.type()))
                .setValue(KairosCodec.toProto(f.type(), f.value()))
                .setStatus(KairosCodec.status(f.status()))
                .setInput(f.input());
        if (f.eventTimestamp() != null) {
          feature.setEventTimestamp(KairosCodec.timestamp(f.eventTimestamp()));
        }
        if (f.ageSeconds() != null) {
          feature.setAgeSeconds(f.ageSeconds());
        }
      }
      for (dev.kairos.api.predict.Contribution c : p.contributions()) {
        row.addContributions(Contribution.newBuilder().setFeature(c.feature()).setValue(c.value()));
      }
    }
    return out.build();
  }
}
