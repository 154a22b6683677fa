package org.transhash.loss.shallow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transhash.api.BinaryCodes;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;
import org.transhash.data.testing.TestDatasets;
import org.transhash.eval.EvalOptions;
import org.transhash.eval.RetrievalEvaluator;

class ShallowHashingTest {
  static double[][] train;
  static double[][] test;
  static Labels trainLabels;
  static Labels testLabels;

  /** The fixture's pixels scaled to [0, 1]: 1,500 training (database) and 500 test (queries). */
  @BeforeAll
  static void load() throws IOException {
    ImageDataset data = TestDatasets.fashionMnistMini();
    int split = data.officialTrainCount();
    train = new double[split][];
    test = new double[data.size() - split][];
    for (int i = 0; i < data.size(); i++) {
      byte[] px = data.image(i).pixels();
      double[] row = new double[px.length];
      for (int p = 0; p < px.length; p++) {
        row[p] = (px[p] & 0xFF) / 255.0;
      }
      if (i < split) {
        train[i] = row;
      } else {
        test[i - split] = row;
      }
    }
    int[] ids = new int[data.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    trainLabels = data.labels().select(java.util.Arrays.copyOfRange(ids, 0, split));
    testLabels = data.labels().select(java.util.Arrays.copyOfRange(ids, split, ids.length));
  }

  static double map(ShallowHashing method, int bits, long seed) {
    ShallowHashing.Hasher hasher = method.fit(train, bits, seed);
    BinaryCodes db = hasher.encode(train);
    BinaryCodes q = hasher.encode(test);
    assertEquals(bits, db.bits());
    return RetrievalEvaluator.evaluate(q, testLabels, db, trainLabels, EvalOptions.defaults())
        .map();
  }

  @Test
  void itqBeatsLshAndEveryMethodBeatsChance() {
    Map<String, Double> maps = new LinkedHashMap<>();
    for (ShallowHashing m : new ShallowHashing[] {new Lsh(), new Itq(), new SpectralHashing()}) {
      maps.put(m.name(), map(m, 32, 0));
    }
    assertTrue(maps.get("itq") > maps.get("lsh"), maps.toString());
    for (double v : maps.values()) {
      assertTrue(v > 0.2, "chance is 0.1: " + maps); // ten balanced classes
    }
  }

  @Test
  void seededAndDeterministic() {
    ShallowHashing.Hasher a = new Lsh().fit(train, 16, 3);
    ShallowHashing.Hasher b = new Lsh().fit(train, 16, 3);
    ShallowHashing.Hasher c = new Lsh().fit(train, 16, 4);
    assertEquals(a.encode(test), b.encode(test));
    assertNotEquals(a.encode(test), c.encode(test));
    assertEquals(
        new Itq(5).fit(train, 16, 1).encode(test), new Itq(5).fit(train, 16, 1).encode(test));
  }

  @Test
  void itqRotationLowersTheQuantizationErrorOverPlainPca() {
    // zero iterations = PCA with a random rotation; more iterations must not do worse in mAP here
    double pcaRandom = map(new Itq(0), 32, 2);
    double itq = map(new Itq(50), 32, 2);
    assertTrue(itq >= pcaRandom - 0.01, "itq " + itq + " vs random rotation " + pcaRandom);
  }

  @Test
  void badInputIsRefused() {
    double[][] small = {{1, 2, 3}, {4, 5, 6}, {7, 8, 10}};
    assertThrows(InvalidInputException.class, () -> new Itq().fit(small, 8, 0));
    assertThrows(
        InvalidInputException.class, () -> new Lsh().fit(new double[][] {{1, 2}, {1}}, 8, 0));
    assertThrows(
        InvalidInputException.class,
        () -> new Lsh().fit(new double[][] {{1, Double.NaN}, {1, 2}}, 8, 0));
    assertThrows(InvalidInputException.class, () -> new Lsh().fit(small, 4, 0));
  }
}
