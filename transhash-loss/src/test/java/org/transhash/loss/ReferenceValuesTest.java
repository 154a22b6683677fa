package org.transhash.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.transhash.api.HashingLoss;
import org.transhash.api.InvalidInputException;
import org.transhash.api.UnknownNameException;

/**
 * Each loss against an independent plain-Java double implementation of its formula, on tiny
 * batches, single-label and multi-label.
 */
class ReferenceValuesTest {
  private static final double TOL = 1e-9;

  /** Five images, heads of 4 + 2 + 2 bits. */
  static final double[][] H = {
    {0.9, -0.2, 0.4, -1.1, 0.3, -0.5, 0.8, 0.1},
    {0.7, -0.3, 0.6, -0.9, -0.2, 0.4, 0.9, -0.3},
    {-0.8, 0.5, -0.1, 1.0, 0.6, 0.6, -0.4, 0.2},
    {0.2, 0.1, -0.7, 0.3, -0.9, 0.2, 0.05, -0.6},
    {-0.3, -0.6, 0.9, 0.5, 0.4, -0.7, 0.3, 0.9},
  };

  static final int[][] HEAD_RANGES = {{0, 4}, {4, 6}, {6, 8}};
  static final double[][] SINGLE = {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}};
  static final double[][] MULTI = {{1, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 1}, {0, 0, 0}};

  /** Mixed labels, as batch mixing makes them (binary fractions: exact in float32). */
  static final double[][] MIXED = {
    {0.75, 0.25, 0}, {1, 0, 0}, {0, 0.625, 0.375}, {0, 0, 1}, {0.5, 0.5, 0}
  };

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private NDList heads() {
    NDList list = new NDList();
    for (int[] r : HEAD_RANGES) {
      list.add(manager.create(slice(H, r[0], r[1])));
    }
    return list;
  }

  private static double[][] slice(double[][] m, int from, int to) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = java.util.Arrays.copyOfRange(m[i], from, to);
    }
    return out;
  }

  private double value(HashingLoss loss, double[][] labels) {
    NDArray l = manager.create(labels).toType(DataType.FLOAT32, false);
    NDArray v = loss.evaluate(heads(), l);
    assertEquals(DataType.FLOAT64, v.getDataType());
    return v.getDouble();
  }

  static boolean similar(double[][] labels, int i, int j) {
    for (int c = 0; c < labels[i].length; c++) {
      if (labels[i][c] > 0 && labels[j][c] > 0) {
        return true;
      }
    }
    return false;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  static double cos(double[] a, double[] b) {
    double na = Math.sqrt(dot(a, a));
    double nb = Math.sqrt(dot(b, b));
    return na == 0 || nb == 0 ? 0 : dot(a, b) / (na * nb);
  }

  /** Balanced weight of pair (i, j): |S|/|S1| or |S|/|S0|. */
  static double weight(double[][] labels, int i, int j) {
    return weight(labels, labels.length, i, j);
  }

  /**
   * The weight of pair (i, j) among the pairs of the first {@code rows} images with all of them
   * (the rest: a cross-batch memory).
   */
  static double weight(double[][] labels, int rows, int i, int j) {
    int sim = 0;
    for (int a = 0; a < rows; a++) {
      for (int b = 0; b < labels.length; b++) {
        if (a != b && similar(labels, a, b)) {
          sim++;
        }
      }
    }
    int all = rows * labels.length - rows;
    return similar(labels, i, j) ? (double) all / sim : (double) all / (all - sim);
  }

  /** s_ij = min(1, a_i . a_j): 1 or 0 on multi-hot labels, a fraction on mixed ones. */
  static double similarity(double[][] labels, int i, int j) {
    return Math.min(1, dot(labels[i], labels[j]));
  }

  /**
   * |S| / |S1| (similar) or |S| / |S0| (dissimilar) with soft masses |S1| = sum s_ij, |S0| = sum (1
   * - s_ij) over the pairs of the first {@code rows} images with all of them; 0 for an absent kind.
   */
  static double kindWeight(double[][] labels, int rows, boolean similarKind) {
    double mass = 0;
    for (int a = 0; a < rows; a++) {
      for (int b = 0; b < labels.length; b++) {
        if (a != b) {
          mass += similarity(labels, a, b);
        }
      }
    }
    int all = rows * labels.length - rows;
    double kind = similarKind ? mass : all - mass;
    return kind == 0 ? 0 : all / kind;
  }

  /** Mean over ordered pairs i != j. */
  static double meanPairs(int n, java.util.function.BiFunction<Integer, Integer, Double> f) {
    return meanPairs(n, n, f);
  }

  /** Mean over the pairs i != j, i of the first {@code rows} images, j of all {@code n}. */
  static double meanPairs(
      int rows, int n, java.util.function.BiFunction<Integer, Integer, Double> f) {
    double s = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          s += f.apply(i, j);
        }
      }
    }
    return s / (rows * n - rows);
  }

  static double meanRows(double[][] h, ToDoubleFunction<double[]> f) {
    double s = 0;
    for (double[] row : h) {
      s += f.applyAsDouble(row);
    }
    return s / h.length;
  }

  static double transHashHead(
      double[][] h, double[][] labels, double gamma, double lambda, boolean cauchy, boolean quant) {
    return transHashHead(h, h.length, labels, gamma, lambda, cauchy, quant);
  }

  /** The loss of a head whose first {@code rows} images are the batch, the rest remembered. */
  static double transHashHead(
      double[][] h,
      int rows,
      double[][] labels,
      double gamma,
      double lambda,
      boolean cauchy,
      boolean quant) {
    double b = h[0].length;
    double similarWeight = kindWeight(labels, rows, true);
    double dissimilarWeight = kindWeight(labels, rows, false);
    double pair =
        meanPairs(
            rows,
            h.length,
            (i, j) -> {
              double c = Math.min(cos(h[i], h[j]), 0.99);
              double d = b / 2 * (1 - c);
              double s = similarity(labels, i, j);
              double similarTerm;
              double dissimilarTerm;
              if (cauchy) {
                similarTerm = Math.log(1 + d / gamma);
                dissimilarTerm = Math.log(1 + gamma / d);
              } else {
                double logit = 5 * c;
                similarTerm = Math.log(1 + Math.exp(-logit));
                dissimilarTerm = Math.log(1 + Math.exp(logit));
              }
              return s * similarWeight * similarTerm + (1 - s) * dissimilarWeight * dissimilarTerm;
            });
    if (!quant) {
      return pair;
    }
    double q =
        meanRows(
            java.util.Arrays.copyOf(h, rows),
            row -> {
              double[] abs = new double[row.length];
              double[] ones = new double[row.length];
              for (int k = 0; k < row.length; k++) {
                abs[k] = Math.abs(row[k]);
                ones[k] = 1;
              }
              return Math.log(1 + b / 2 * (1 - cos(abs, ones)) / gamma);
            });
    return pair + lambda * q;
  }

  static double transHash(
      double[][] labels, double gamma, double lambda, boolean cauchy, boolean quant) {
    double total = 0;
    for (int[] r : HEAD_RANGES) {
      total += transHashHead(slice(H, r[0], r[1]), labels, gamma, lambda, cauchy, quant);
    }
    return total;
  }

  @Test
  void transHashAndItsAblations() {
    for (double[][] labels : new double[][][] {SINGLE, MULTI, MIXED}) {
      assertEquals(
          transHash(labels, 20, 0.1, true, true),
          value(TransHashLoss.builder().build(), labels),
          TOL);
      assertEquals(
          transHash(labels, 5, 0.3, true, true),
          value(TransHashLoss.builder().optGamma(5).optLambda(0.3).build(), labels),
          TOL);
      assertEquals(
          transHash(labels, 20, 0.1, false, true),
          value(
              TransHashLoss.builder().optLikelihood(TransHashLoss.Likelihood.SIGMOID).build(),
              labels),
          TOL);
      assertEquals(
          transHash(labels, 20, 0.1, true, false),
          value(TransHashLoss.builder().optQuantization(false).build(), labels),
          TOL);
    }
  }

  @Test
  void dchIsTransHashOnTheWholeCode() {
    for (double[][] labels : new double[][][] {SINGLE, MULTI, MIXED}) {
      assertEquals(
          transHashHead(H, labels, 20, 0.1, true, true), value(new DchLoss(), labels), TOL);
    }
  }

  @Test
  void aCrossBatchMemoryPairsTheBatchWithTheRememberedImages() {
    int rows = 3; // the batch: images 0-2; images 3 and 4 are remembered
    for (double[][] labels : new double[][][] {SINGLE, MULTI, MIXED}) {
      NDList batch = new NDList();
      NDList memory = new NDList();
      double expected = 0;
      for (int[] r : HEAD_RANGES) {
        double[][] head = slice(H, r[0], r[1]);
        batch.add(manager.create(java.util.Arrays.copyOf(head, rows)));
        memory.add(manager.create(java.util.Arrays.copyOfRange(head, rows, H.length)));
        expected += transHashHead(head, rows, labels, 20, 0.1, true, true);
      }
      NDArray batchLabels = manager.create(java.util.Arrays.copyOf(labels, rows));
      NDArray memoryLabels = manager.create(java.util.Arrays.copyOfRange(labels, rows, H.length));
      assertEquals(
          expected,
          TransHashLoss.builder()
              .build()
              .evaluate(batch, batchLabels, memory, memoryLabels)
              .getDouble(),
          TOL);
      assertEquals(
          transHashHead(H, rows, labels, 20, 0.1, true, true),
          new DchLoss().evaluate(batch, batchLabels, memory, memoryLabels).getDouble(),
          TOL);
    }
  }

  static double pairwiseLikelihood(
      double[][] u, double[][] labels, double scale, boolean weighted) {
    return meanPairs(
        u.length,
        (i, j) -> {
          double theta = scale * dot(u[i], u[j]);
          double s = similar(labels, i, j) ? 1 : 0;
          double w = weighted ? weight(labels, i, j) : 1;
          return w * (Math.log(1 + Math.exp(theta)) - s * theta);
        });
  }

  @Test
  void dpsh() {
    for (double[][] labels : new double[][][] {SINGLE, MULTI}) {
      double q =
          meanRows(
              H,
              row -> {
                double s = 0;
                for (double v : row) {
                  s += (Math.signum(v) - v) * (Math.signum(v) - v);
                }
                return s;
              });
      assertEquals(
          pairwiseLikelihood(H, labels, 0.5, false) + 0.1 * q, value(new DpshLoss(), labels), TOL);
    }
  }

  @Test
  void hashNet() {
    double[][] t = new double[H.length][H[0].length];
    for (int i = 0; i < H.length; i++) {
      for (int k = 0; k < H[0].length; k++) {
        t[i][k] = Math.tanh(2 * H[i][k]);
      }
    }
    for (double[][] labels : new double[][][] {SINGLE, MULTI}) {
      assertEquals(
          pairwiseLikelihood(t, labels, 0.3, true), value(new HashNetLoss(0.3, 2), labels), TOL);
    }
  }

  @Test
  void dsh() {
    double m = 2.0 * H[0].length;
    for (double[][] labels : new double[][][] {SINGLE, MULTI}) {
      double pairs =
          meanPairs(
              H.length,
              (i, j) -> {
                double d = 0;
                for (int k = 0; k < H[i].length; k++) {
                  d += (H[i][k] - H[j][k]) * (H[i][k] - H[j][k]);
                }
                return similar(labels, i, j) ? 0.5 * d : 0.5 * Math.max(m - d, 0);
              });
      double reg =
          meanRows(
              H,
              row -> {
                double s = 0;
                for (double v : row) {
                  s += Math.abs(Math.abs(v) - 1);
                }
                return s;
              });
      assertEquals(pairs + 0.01 * reg, value(new DshLoss(), labels), TOL);
    }
  }

  @Test
  void dhn() {
    for (double[][] labels : new double[][][] {SINGLE, MULTI}) {
      double q =
          meanRows(
              H,
              row -> {
                double s = 0;
                for (double v : row) {
                  s += Math.log(Math.cosh(Math.abs(v) - 1));
                }
                return s;
              });
      assertEquals(
          pairwiseLikelihood(H, labels, 0.5, false) + 0.1 * q, value(new DhnLoss(), labels), TOL);
    }
  }

  @Test
  void csqWithHadamardCentres() {
    // 8 bits, 3 classes: centres are rows 0..2 of the 8 x 8 Sylvester Hadamard matrix
    double[][] centre = new double[3][8];
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < 8; k++) {
        centre[c][k] = Integer.bitCount(c & k) % 2 == 0 ? 1 : -1;
      }
    }
    for (double[][] labels : new double[][][] {SINGLE, MULTI}) {
      double sum = 0;
      for (int i = 0; i < H.length; i++) {
        for (int k = 0; k < 8; k++) {
          double m = 0;
          for (int c = 0; c < 3; c++) {
            m += labels[i][c] * centre[c][k];
          }
          double t = m >= 0 ? 1 : 0;
          double p = (Math.tanh(H[i][k]) + 1) / 2;
          sum += -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
          sum += 1e-4 * Math.pow(Math.abs(Math.tanh(H[i][k])) - 1, 2);
        }
      }
      assertEquals(sum / (H.length * 8), value(new CsqLoss(), labels), TOL);
    }
  }

  @Test
  void orthoHashCrossEntropyAndMultiLabelBinaryCrossEntropy() {
    double[][] code = new double[3][8];
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < 8; k++) {
        code[c][k] = Integer.bitCount(c & k) % 2 == 0 ? 1 : -1;
      }
    }
    double total = 0;
    for (int i = 0; i < H.length; i++) {
      double[] z = new double[3];
      int y = -1;
      for (int c = 0; c < 3; c++) {
        y = SINGLE[i][c] == 1 ? c : y;
        z[c] = 8 * (cos(H[i], code[c]) - (SINGLE[i][c] == 1 ? 0.2 : 0));
      }
      double lse = Math.log(Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]));
      total += lse - z[y];
    }
    assertEquals(total / H.length, value(new OrthoHashLoss(), SINGLE), TOL);
    double bce = 0;
    for (int i = 0; i < H.length; i++) {
      for (int c = 0; c < 3; c++) {
        double y = MULTI[i][c];
        double z = 8 * (cos(H[i], code[c]) - 0.2 * y);
        bce += y * Math.log(1 + Math.exp(-z)) + (1 - y) * Math.log(1 + Math.exp(z));
      }
    }
    assertEquals(bce / (H.length * 3), value(new OrthoHashLoss(), MULTI), TOL);
  }

  @Test
  void idhnSoftAndHardPairs() {
    double[][] labels = MULTI;
    int n = H.length;
    double pairs =
        meanPairs(
            n,
            (i, j) -> {
              double dot = dot(labels[i], labels[j]);
              double ni = Math.sqrt(dot(labels[i], labels[i]));
              double nj = Math.sqrt(dot(labels[j], labels[j]));
              double s = ni == 0 || nj == 0 ? 0 : dot / (ni * nj);
              double inner = dot(H[i], H[j]);
              if (s > 1e-12 && s < 1 - 1e-9) {
                return Math.pow((inner + 8) / 16 - s, 2);
              }
              double theta = 0.1 * inner;
              return Math.log(1 + Math.exp(theta)) - Math.round(s) * theta;
            });
    double q =
        meanRows(
            H,
            row -> {
              double sum = 0;
              for (double v : row) {
                sum += Math.log(Math.cosh(Math.abs(v) - 1));
              }
              return sum;
            });
    assertEquals(pairs + 0.1 * q, value(new IdhnLoss(), labels), TOL);
  }

  @Test
  void dtshOverValidTriplets() {
    for (double[][] labels : new double[][][] {SINGLE, MULTI}) {
      double sum = 0;
      int count = 0;
      for (int i = 0; i < H.length; i++) {
        for (int j = 0; j < H.length; j++) {
          for (int k = 0; k < H.length; k++) {
            if (i != j && i != k && similar(labels, i, j) && !similar(labels, i, k)) {
              double d = 0.5 * dot(H[i], H[j]) - 0.5 * dot(H[i], H[k]) - 2;
              sum += Math.log(1 + Math.exp(-d));
              count++;
            }
          }
        }
      }
      double q =
          meanRows(
              H,
              row -> {
                double s2 = 0;
                for (double v : row) {
                  s2 += (Math.signum(v) - v) * (Math.signum(v) - v);
                }
                return s2;
              });
      assertEquals(sum / Math.max(count, 1) + 0.1 * q, value(new DtshLoss(), labels), TOL);
    }
  }

  @Test
  void greedyHashClassifiesTheSignedCode() {
    GreedyHashLoss loss = new GreedyHashLoss(3);
    loss.initialize(manager, DataType.FLOAT64, 8);
    double[][] w = new double[3][8];
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < 8; k++) {
        w[c][k] = 0.1 * (c + 1) * (k % 3 - 1);
      }
    }
    for (var p : loss.parameters().orElseThrow().getParameters().values()) {
      if (p.getName().equals("weight")) {
        p.getArray().set(manager.create(w).toDoubleArray());
      } else {
        p.getArray().set(new double[] {0.5, -0.25, 0});
      }
    }
    double[] bias = {0.5, -0.25, 0};
    double total = 0;
    double penalty = 0;
    for (int i = 0; i < H.length; i++) {
      double[] z = new double[3];
      int y = 0;
      for (int c = 0; c < 3; c++) {
        z[c] = bias[c];
        for (int k = 0; k < 8; k++) {
          z[c] += w[c][k] * Math.signum(H[i][k]);
        }
        y = SINGLE[i][c] == 1 ? c : y;
      }
      total += Math.log(Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2])) - z[y];
      for (double v : H[i]) {
        penalty += Math.pow(Math.abs(Math.abs(v) - 1), 3);
      }
    }
    double expected = total / H.length + 0.1 * penalty / (H.length * 8);
    assertEquals(expected, value(loss, SINGLE), TOL);
    assertThrows(
        org.transhash.api.TransHashException.class,
        () -> new GreedyHashLoss(3).evaluate(heads(), manager.create(SINGLE)));
  }

  @Test
  void registryAndBadInput() {
    for (String name : HashingLosses.names()) {
      if (!name.equals(GreedyHashLoss.NAME)) {
        assertEquals(name, HashingLosses.byName(name).name());
      }
    }
    assertThrows(UnknownNameException.class, () -> HashingLosses.byName("dtsh2"));
    assertThrows(InvalidInputException.class, () -> TransHashLoss.builder().optGamma(0).build());
    NDArray one = manager.create(new double[][] {{1, 2}});
    assertThrows(
        InvalidInputException.class,
        () ->
            TransHashLoss.builder()
                .build()
                .evaluate(new NDList(one), manager.ones(new Shape(1, 2))));
    assertThrows(
        InvalidInputException.class,
        () ->
            new DchLoss()
                .evaluate(
                    new NDList(manager.ones(new Shape(3, 4))), manager.ones(new Shape(2, 2))));
  }
}
