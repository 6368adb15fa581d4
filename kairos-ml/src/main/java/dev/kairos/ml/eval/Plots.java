package dev.kairos.ml.eval;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.KairosException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.text.DecimalFormat;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Pictures of an evaluation, as PNG files of {@link #WIDTH} x {@link #HEIGHT} pixels drawn with
 * JFreeChart. Drawing never needs a display: loading this class sets {@code java.awt.headless=true}
 * unless the JVM was started with the property set.
 *
 * <p>Each file is written to a temporary file in the target's folder (created if missing) and moved
 * over the target, so a reader sees the old picture or the new one, never a partial one; on failure
 * the temporary file is removed and a {@link KairosException} UNAVAILABLE names the target. Curves
 * longer than {@link #MAX_POINTS} are {@linkplain Curves#thin thinned} for drawing.
 */
public final class Plots {
  /** Width of every picture, in pixels. */
  public static final int WIDTH = 900;

  /** Height of every picture, in pixels. */
  public static final int HEIGHT = 600;

  /** Most points drawn per curve. */
  public static final int MAX_POINTS = 1000;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b)
  };
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
  private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

  private Plots() {}

  /**
   * ROC curves of one or more models on one chart, each labelled with its AUC, above the diagonal
   * of a random ranking.
   *
   * @param curves e.g. {@link NamedCurve#roc}; at least one, names distinct
   */
  public static void roc(Path file, List<NamedCurve> curves) {
    XYSeriesCollection data = series(curves, "AUC");
    XYSeries chance = new XYSeries("chance (AUC 0.5)", false, true);
    chance.add(0, 0);
    chance.add(1, 1);
    data.addSeries(chance);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "ROC curve",
            "False positive rate",
            "True positive rate (recall)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    styleSeries(renderer, curves.size());
    renderer.setSeriesPaint(curves.size(), Color.GRAY);
    renderer.setSeriesStroke(
        curves.size(),
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
    write(file, styleXY(chart, renderer));
  }

  /**
   * Precision-recall curves of one or more models on one chart, drawn as the step functions whose
   * areas are their average precision, each labelled with it.
   *
   * @param curves e.g. {@link NamedCurve#precisionRecall}; at least one, names distinct
   */
  public static void precisionRecall(Path file, List<NamedCurve> curves) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Precision-recall curve",
            "Recall",
            "Precision",
            series(curves, "AP"),
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    // Step at the start of each interval: precision y_n holds on recall (x_n-1, x_n].
    XYStepRenderer renderer = new XYStepRenderer();
    renderer.setStepPoint(0.0);
    renderer.setDefaultShapesVisible(false);
    styleSeries(renderer, curves.size());
    write(file, styleXY(chart, renderer));
  }

  /**
   * A horizontal bar chart of the {@code top} features with the most gain, largest on top (ties by
   * name).
   *
   * @param gainByFeature each feature's importance, finite and non-negative
   * @param top how many features to show, at least 1
   */
  public static void importance(Path file, Map<String, Double> gainByFeature, int top) {
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, was " + top);
    }
    gainByFeature.forEach(
        (feature, gain) -> {
          if (!(gain >= 0 && gain < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                "the gain of " + feature + " must be finite and non-negative, was " + gain);
          }
        });
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    ranked(gainByFeature, top).forEach(e -> data.addValue(e.getValue(), "gain", e.getKey()));
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Feature importance (gain)",
            null,
            "Gain",
            data,
            PlotOrientation.HORIZONTAL,
            false,
            false,
            false);
    chart.addSubtitle(
        new TextTitle(
            "top " + data.getColumnCount() + " of " + gainByFeature.size() + " features", LABEL));
    chart.getTitle().setFont(TITLE);
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setNoDataMessage("no features");
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
    plot.getDomainAxis().setTickLabelFont(TICK);
    plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.4f);
    plot.getRangeAxis().setLabelFont(LABEL);
    plot.getRangeAxis().setTickLabelFont(TICK);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, PALETTE[0]);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.###")));
    renderer.setDefaultItemLabelFont(TICK);
    renderer.setDefaultItemLabelsVisible(true);
    // Room on the right for the largest bar's label.
    plot.getRangeAxis().setUpperMargin(0.12);
    write(file, chart);
  }

  /** The {@code top} entries by gain, largest first, ties by name: the bars from the top down. */
  static List<Map.Entry<String, Double>> ranked(Map<String, Double> gainByFeature, int top) {
    return gainByFeature.entrySet().stream()
        .sorted(
            Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(top)
        .toList();
  }

  private static XYSeriesCollection series(List<NamedCurve> curves, String area) {
    if (curves.isEmpty()) {
      throw new IllegalArgumentException("no curves to draw");
    }
    Set<String> names = new HashSet<>();
    XYSeriesCollection data = new XYSeriesCollection();
    for (NamedCurve curve : curves) {
      if (!names.add(curve.name())) {
        throw new IllegalArgumentException(
            "curve names must be distinct: " + curve.name() + " appears twice");
      }
      XYSeries s = new XYSeries(legend(curve, area), false, true);
      Curves.thin(curve.points(), MAX_POINTS).forEach(p -> s.add(p.x(), p.y()));
      data.addSeries(s);
    }
    return data;
  }

  static String legend(NamedCurve curve, String area) {
    String value =
        Double.isNaN(curve.area()) ? "n/a" : String.format(Locale.ROOT, "%.3f", curve.area());
    return curve.name() + " (" + area + " " + value + ")";
  }

  private static void styleSeries(XYLineAndShapeRenderer renderer, int count) {
    for (int i = 0; i < count; i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(i == 0 ? 2.5f : 2f));
    }
  }

  private static JFreeChart styleXY(JFreeChart chart, XYLineAndShapeRenderer renderer) {
    chart.getTitle().setFont(TITLE);
    chart.getLegend().setItemFont(LEGEND);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setRenderer(renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    for (NumberAxis axis :
        List.of((NumberAxis) plot.getDomainAxis(), (NumberAxis) plot.getRangeAxis())) {
      axis.setRange(-0.01, 1.01);
      axis.setLabelFont(LABEL);
      axis.setTickLabelFont(TICK);
    }
    return chart;
  }

  private static void write(Path file, JFreeChart chart) {
    requireNonNull(file, "file");
    Path target = file.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      // Not Files.createTempFile: its owner-only permissions would stay on the picture.
      Path tmp =
          target.resolveSibling(
              "."
                  + target.getFileName()
                  + "."
                  + Long.toHexString(ThreadLocalRandom.current().nextLong())
                  + ".tmp");
      try {
        try (FileChannel ch =
            FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          OutputStream out = Channels.newOutputStream(ch);
          ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
          out.flush();
          ch.force(true);
        }
        move(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw KairosException.unavailable("cannot write the plot " + target + ": " + e, e);
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
