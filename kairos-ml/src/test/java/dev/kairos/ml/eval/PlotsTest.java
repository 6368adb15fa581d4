package dev.kairos.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @TempDir Path dir;

  static final float[] LABELS = new float[5000];
  static final double[] MODEL = new double[LABELS.length];
  static final double[] BASELINE = new double[LABELS.length];

  static {
    // A model that separates the classes well and a baseline that barely does.
    Random random = new Random(42);
    for (int i = 0; i < LABELS.length; i++) {
      LABELS[i] = random.nextDouble() < 0.05 ? 1 : 0;
      MODEL[i] = sigmoid(random.nextGaussian() - 3 + 3 * LABELS[i]);
      BASELINE[i] = sigmoid(random.nextGaussian() - 3 + 0.7 * LABELS[i]);
    }
  }

  static List<NamedCurve> rocCurves() {
    return List.of(
        NamedCurve.roc("fraud-xgb", LABELS, MODEL),
        NamedCurve.roc("amount only", LABELS, BASELINE));
  }

  @Test
  void roc_writesAPngOfTheRequestedSize_andNothingElse() throws IOException {
    Path file = dir.resolve("roc.png");

    Plots.roc(file, rocCurves());

    assertImage(file);
    assertThat(listing()).containsExactly("roc.png");
  }

  @Test
  void precisionRecall_writesAPngOfTheRequestedSize() throws IOException {
    Path file = dir.resolve("plots/pr.png");

    Plots.precisionRecall(
        file,
        List.of(
            NamedCurve.precisionRecall("fraud-xgb", LABELS, MODEL),
            NamedCurve.precisionRecall("amount only", LABELS, BASELINE)));

    assertImage(file);
  }

  @Test
  void importance_writesAPngOfTheRequestedSize() throws IOException {
    Path file = dir.resolve("importance.png");

    Plots.importance(
        file,
        Map.of(
            "txn:amount",
            120.5,
            "user:txn_count_7d",
            80.0,
            "user:age_days",
            3.25,
            "merchant:risk",
            40.0),
        3);

    assertImage(file);
    assertThat(listing()).containsExactly("importance.png");
  }

  @Test
  void importance_withNoFeatures_stillWritesAPicture() throws IOException {
    Path file = dir.resolve("importance.png");

    Plots.importance(file, Map.of(), 10);

    assertImage(file);
  }

  @Test
  void roc_replacesAnExistingFile_leavingNoTemporaryFile() throws IOException {
    Path file = dir.resolve("roc.png");
    Files.writeString(file, "not a picture");

    Plots.roc(file, rocCurves());

    assertImage(file);
    assertThat(listing()).containsExactly("roc.png");
  }

  @Test
  void roc_whileRewritten_isAlwaysACompletePicture() throws Exception {
    Path file = dir.resolve("roc.png");
    List<NamedCurve> curves = rocCurves();
    Plots.roc(file, curves);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              while (writing.get()) {
                try {
                  BufferedImage image;
                  try (var in = Files.newInputStream(file)) {
                    image = ImageIO.read(in);
                  }
                  if (image == null || image.getWidth() != Plots.WIDTH) {
                    failures.add("read " + image);
                  }
                  reads.incrementAndGet();
                } catch (IOException e) {
                  failures.add(e.toString());
                }
              }
            });
    reader.start();
    for (int i = 0; i < 8; i++) {
      Plots.roc(file, curves);
    }
    writing.set(false);
    reader.join();

    assertThat(failures).isEmpty();
    assertThat(reads.get()).isPositive();
    assertThat(listing()).containsExactly("roc.png");
  }

  @Test
  void roc_whenTheTargetCannotBeReplaced_failsUnavailable_andLeavesNoTemporaryFile()
      throws IOException {
    Path target = dir.resolve("roc.png");
    Files.createDirectories(target.resolve("occupied"));

    assertThatThrownBy(() -> Plots.roc(target, rocCurves()))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
        .hasMessageStartingWith("cannot write the plot " + target + ": ");
    assertThat(listing()).containsExactly("roc.png");
    assertThat(target).isDirectory();
  }

  @Test
  void roc_rejectsTwoCurvesOfTheSameName() {
    NamedCurve curve = NamedCurve.roc("m", LABELS, MODEL);

    assertThatThrownBy(() -> Plots.roc(dir.resolve("roc.png"), List.of(curve, curve)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("curve names must be distinct: m appears twice");
    assertThatThrownBy(() -> Plots.roc(dir.resolve("roc.png"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no curves to draw");
  }

  @Test
  void importance_rejectsBadArguments() {
    assertThatThrownBy(() -> Plots.importance(dir.resolve("i.png"), Map.of("a", 1.0), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("top must be at least 1, was 0");
    assertThatThrownBy(() -> Plots.importance(dir.resolve("i.png"), Map.of("a", Double.NaN), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the gain of a must be finite and non-negative, was NaN");
  }

  @Test
  void ranked_sortsByGainDescending_thenByName_andKeepsTheTop() {
    assertThat(Plots.ranked(Map.of("b", 2.0, "a", 2.0, "c", 5.0, "d", 1.0), 3))
        .containsExactly(Map.entry("c", 5.0), Map.entry("a", 2.0), Map.entry("b", 2.0));
  }

  @Test
  void legend_showsTheAreaToThreeDecimals_orNotAvailable() {
    assertThat(Plots.legend(new NamedCurve("m", List.of(), 0.91234), "AUC"))
        .isEqualTo("m (AUC 0.912)");
    assertThat(Plots.legend(new NamedCurve("m", List.of(), Double.NaN), "AP"))
        .isEqualTo("m (AP n/a)");
  }

  @Test
  void loading_setsHeadless() {
    assertThat(Plots.WIDTH).isEqualTo(900);
    Plots.legend(new NamedCurve("m", List.of(), 0), "AUC");

    assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
  }

  private void assertImage(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as("a decodable PNG").isNotNull();
    assertThat(image.getWidth()).isEqualTo(Plots.WIDTH);
    assertThat(image.getHeight()).isEqualTo(Plots.HEIGHT);
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
