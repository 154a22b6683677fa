package org.transhash.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.transhash.api.InvalidInputException;

class PairSimilarityTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private NDArray labels(float[][] rows) {
    float[] flat = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
    }
    return manager.create(flat, new Shape(rows.length, rows[0].length));
  }

  @Test
  void multiHotLabelsGiveZeroOrOneAndTheBalancedWeights() {
    // classes {0}, {0, 1}, {2}: pairs (0,1) and (1,0) similar, 4 dissimilar
    PairSimilarity pairs =
        PairSimilarity.of(labels(new float[][] {{1, 0, 0}, {1, 1, 0}, {0, 0, 1}}), 3);
    assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0, 0, 0, 0}, pairs.similar);
    assertEquals(2, pairs.similarMass);
    assertEquals(4, pairs.dissimilarMass);
    double[] w = pairs.balancedWeights(manager, DataType.FLOAT64).toDoubleArray();
    assertArrayEquals(new double[] {0, 3, 1.5, 3, 0, 1.5, 1.5, 1.5, 0}, w, 1e-12);
    // the two parts add up to the balanced weights
    double[] similar = pairs.similarWeights(manager, DataType.FLOAT64).toDoubleArray();
    double[] dissimilar = pairs.dissimilarWeights(manager, DataType.FLOAT64).toDoubleArray();
    for (int k = 0; k < w.length; k++) {
      assertEquals(w[k], similar[k] + dissimilar[k], 1e-12);
    }
  }

  @Test
  void mixedLabelsMakePairsSimilarToTheDegreeOfTheirSharedClassesAndEachKindWeighsAllPairs() {
    // 0.75 of class 0 and 0.25 of class 1; class 0; class 1
    PairSimilarity pairs =
        PairSimilarity.mixed(labels(new float[][] {{0.75f, 0.25f}, {1, 0}, {0, 1}}), 3);
    assertArrayEquals(new double[] {0, 0.75, 0.25, 0.75, 0, 0, 0.25, 0, 0}, pairs.similar, 1e-7);
    assertEquals(2, pairs.similarMass, 1e-7);
    assertEquals(4, pairs.dissimilarMass, 1e-7);
    double[] similar = pairs.similarWeights(manager, DataType.FLOAT64).toDoubleArray();
    double[] dissimilar = pairs.dissimilarWeights(manager, DataType.FLOAT64).toDoubleArray();
    double similarSum = 0;
    double dissimilarSum = 0;
    for (int k = 0; k < similar.length; k++) {
      similarSum += similar[k];
      dissimilarSum += dissimilar[k];
    }
    assertEquals(6, similarSum, 1e-6, "sum s_ij |S|/|S1| = |S|");
    assertEquals(6, dissimilarSum, 1e-6, "sum (1 - s_ij) |S|/|S0| = |S|");
    assertEquals(0.75 * 3, similar[1], 1e-6);
    assertEquals(0.25 * 1.5, dissimilar[1], 1e-6);
  }

  @Test
  void multiHotOnlyRefusesFractionsAndMixedRefusesValuesOutsideZeroToOne() {
    NDArray mixed = labels(new float[][] {{0.5f, 0.5f}, {1, 0}});
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> PairSimilarity.of(mixed, 2));
    assertTrue(e.getMessage().contains("0.5 at row 0, class 0"), e.getMessage());
    NDArray tooBig = labels(new float[][] {{1, 0}, {0, 1.5f}});
    e = assertThrows(InvalidInputException.class, () -> PairSimilarity.mixed(tooBig, 2));
    assertTrue(e.getMessage().contains("1.5 at row 1, class 1"), e.getMessage());
    NDArray notANumber = labels(new float[][] {{1, 0}, {Float.NaN, 0}});
    assertThrows(InvalidInputException.class, () -> PairSimilarity.mixed(notANumber, 2));
    NDArray memory = labels(new float[][] {{-0.1f, 1}});
    e =
        assertThrows(
            InvalidInputException.class,
            () -> PairSimilarity.mixed(labels(new float[][] {{1, 0}, {0, 1}}), 2, memory));
    assertTrue(e.getMessage().contains("the memory's labels"), e.getMessage());
  }
}
