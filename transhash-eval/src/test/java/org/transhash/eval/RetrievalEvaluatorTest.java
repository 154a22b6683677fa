package org.transhash.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transhash.api.BinaryCodes;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;
import org.transhash.api.testing.TestData;

class RetrievalEvaluatorTest {
  private static final double EPS = 1e-9;

  /** One 8-bit query (all zeros) and database codes at the given distances from it. */
  static BinaryCodes codesAtDistances(int... distances) {
    float[] out = new float[distances.length * 8];
    for (int i = 0; i < distances.length; i++) {
      for (int b = 0; b < 8; b++) {
        out[i * 8 + b] = b < distances[i] ? 1 : -1;
      }
    }
    return BinaryCodes.fromSigns(out, distances.length, 8);
  }

  static final BinaryCodes QUERY = codesAtDistances(0);

  static RetrievalMetrics eval(
      BinaryCodes db, int[] dbClasses, int queryClass, EvalOptions options) {
    return RetrievalEvaluator.evaluate(
        QUERY,
        Labels.ofClassIds(new int[] {queryClass}, 3),
        db,
        Labels.ofClassIds(dbClasses, 3),
        options);
  }

  static EvalOptions options() {
    return EvalOptions.defaults().withThreads(1);
  }

  @Test
  void stableTiesFollowDatabasePosition() {
    // distances 1, 0, 1, 2; relevant: positions 0 and 3 -> ranking 1, 0, 2, 3 -> rel 0 1 0 1
    RetrievalMetrics m = eval(codesAtDistances(1, 0, 1, 2), new int[] {1, 0, 2, 1}, 1, options());
    assertEquals((1.0 / 2 + 2.0 / 4) / 2, m.map(), EPS);
  }

  @Test
  void expectedTiesAverageOverOrders() {
    // the tied pair at distance 1 (one relevant) is at ranks 2-3 in either order:
    // AP = ((1/2 + 1/3) / 2 + 2/4) / 2 = 11/24
    RetrievalMetrics m =
        eval(
            codesAtDistances(1, 0, 1, 2),
            new int[] {1, 0, 2, 1},
            1,
            options().withTies(TiePolicy.EXPECTED));
    assertEquals(11.0 / 24, m.map(), EPS);
  }

  @Test
  void expectedTiesWithKInsideATieGroup() {
    // four items tied at distance 0, two relevant, K = 2: x relevant in the top 2 is
    // hypergeometric (1/6, 4/6, 1/6); AP = 0, 3/4, 1 -> 4/6 * 3/4 + 1/6 = 2/3
    RetrievalMetrics m =
        eval(
            codesAtDistances(0, 0, 0, 0),
            new int[] {1, 0, 1, 0},
            1,
            options().withTies(TiePolicy.EXPECTED).withTopK(2));
    assertEquals(2.0 / 3, m.map(), EPS);
  }

  @Test
  void kSmallerThanTheRelevantCount() {
    RetrievalMetrics m =
        eval(codesAtDistances(0, 1, 2, 3), new int[] {1, 1, 1, 0}, 1, options().withTopK(2));
    assertEquals(1.0, m.map(), EPS);
    RetrievalMetrics m2 =
        eval(codesAtDistances(0, 1, 2, 3), new int[] {0, 1, 1, 1}, 1, options().withTopK(2));
    assertEquals(1.0 / 2, m2.map(), EPS); // only rank 2 is relevant: P@2 = 1/2, R_K = 1
  }

  @Test
  void queriesWithoutRelevantItemsCountOrAreDropped() {
    BinaryCodes queries = codesAtDistances(0, 0);
    Labels ql = Labels.ofClassIds(new int[] {1, 2}, 3);
    BinaryCodes db = codesAtDistances(0, 1, 2);
    Labels dl = Labels.ofClassIds(new int[] {1, 0, 1}, 3); // class 2 has no item
    double first = (1.0 + 2.0 / 3) / 2;
    RetrievalMetrics counted = RetrievalEvaluator.evaluate(queries, ql, db, dl, options());
    assertEquals(first / 2, counted.map(), EPS);
    assertEquals(0, counted.droppedQueries());
    RetrievalMetrics dropped =
        RetrievalEvaluator.evaluate(
            queries, ql, db, dl, options().withZeroRelevant(ZeroRelevantPolicy.DROP));
    assertEquals(first, dropped.map(), EPS);
    assertEquals(1, dropped.droppedQueries());
    assertEquals(1, dropped.evaluatedQueries());
  }

  @Test
  void standardErrorIsTheSpreadOfTheQueriesApsOverRootN() {
    BinaryCodes queries = codesAtDistances(0, 0, 0);
    Labels ql = Labels.ofClassIds(new int[] {1, 2, 0}, 3);
    BinaryCodes db = codesAtDistances(0, 1, 2);
    Labels dl = Labels.ofClassIds(new int[] {1, 0, 1}, 3);
    double[] aps = {(1.0 + 2.0 / 3) / 2, 0, 1.0 / 2}; // class 2 has no item; class 0 at rank 2
    double mean = (aps[0] + aps[1] + aps[2]) / 3;
    double squares = 0;
    for (double ap : aps) {
      squares += (ap - mean) * (ap - mean);
    }
    double expected = Math.sqrt(squares / 2 / 3);
    for (int threads : new int[] {1, 2, 3}) {
      RetrievalMetrics m =
          RetrievalEvaluator.evaluate(queries, ql, db, dl, options().withThreads(threads));
      assertEquals(mean, m.map(), EPS);
      assertEquals(expected, m.mapStandardError(), EPS, threads + " threads");
    }
    RetrievalMetrics one =
        RetrievalEvaluator.evaluate(
            queries, ql, db, dl, options().withZeroRelevant(ZeroRelevantPolicy.DROP));
    assertEquals(
        Math.abs(aps[0] - aps[2]) / 2,
        one.mapStandardError(),
        EPS,
        "the dropped query is left out");
    RetrievalMetrics single = eval(db, new int[] {1, 0, 1}, 1, options());
    assertTrue(Double.isNaN(single.mapStandardError()), "one query has no spread to estimate");
  }

  @Test
  void multiLabelRelevanceIsASharedLabel() {
    BinaryCodes db = codesAtDistances(0, 1, 2);
    Labels dl =
        Labels.ofMultiHot(
            new boolean[][] {{true, false, false}, {false, true, true}, {true, true, false}});
    Labels ql = Labels.ofMultiHot(new boolean[][] {{false, false, true}});
    RetrievalMetrics m = RetrievalEvaluator.evaluate(QUERY, ql, db, dl, options());
    assertEquals(1.0 / 2, m.map(), EPS); // only position 1 shares class 2, at rank 2
    Labels unlabelled = Labels.ofMultiHot(new boolean[][] {{false, false, false}});
    RetrievalMetrics none = RetrievalEvaluator.evaluate(QUERY, unlabelled, db, dl, options());
    assertEquals(1, none.unlabelledQueries());
  }

  @Test
  void radiusMetricsAndPrecisionWithinTwo() {
    // distances 0, 3, 1, 2, 5; relevant: 0, 2, 4
    RetrievalMetrics m =
        eval(codesAtDistances(0, 3, 1, 2, 5), new int[] {1, 0, 1, 0, 1}, 1, options());
    double[] p = m.radiusPrecision();
    assertEquals(1.0, p[0], EPS);
    assertEquals(1.0, p[1], EPS);
    assertEquals(2.0 / 3, p[2], EPS);
    assertEquals(2.0 / 3, m.precisionWithinRadius2(), EPS);
    assertEquals(3.0 / 5, p[8], EPS);
    assertEquals(2.0 / 3, m.radiusRecall()[2], EPS);
    assertEquals(1.0, m.radiusMap()[2], EPS);
    // no item within radius 0: precision 0
    RetrievalMetrics far = eval(codesAtDistances(3, 4), new int[] {1, 1}, 1, options());
    assertEquals(0, far.radiusPrecision()[0], EPS);
  }

  @Test
  void curvesAreSampledEveryStepAndAtTheEnd() {
    BinaryCodes db = TestData.randomCodes(250, 16, 3);
    Labels dl = TestData.randomClassIds(250, 3, 4);
    RetrievalMetrics m =
        RetrievalEvaluator.evaluate(
            TestData.randomCodes(5, 16, 5), TestData.randomClassIds(5, 3, 6), db, dl, options());
    assertEquals(List.of(100, 200, 250), box(m.curveRanks()));
    assertEquals(1.0, m.recallCurve()[2], EPS);
    assertEquals(List.of(1, 100), box(m.nValues()));
  }

  private static List<Integer> box(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int v : a) {
      l.add(v);
    }
    return l;
  }

  @ParameterizedTest
  @CsvSource({
    "16, 5, false, 2147483647, 1",
    "16, 5, false, 37, 2",
    "64, 10, false, 2147483647, 2",
    "100, 4, true, 60, 1",
    "24, 6, true, 2147483647, 2",
  })
  void agreesWithTheNaiveImplementation(int bits, int classes, boolean multi, int k, int threads) {
    long seed = bits * 31L + classes;
    BinaryCodes db = TestData.clusteredCodes(300, bits, classes, 0.2, seed);
    BinaryCodes queries = TestData.clusteredCodes(25, bits, classes, 0.2, seed + 1);
    Labels dl =
        multi
            ? TestData.randomMultiHot(300, classes, 0.3, seed + 2)
            : TestData.randomClassIds(300, classes, seed + 2);
    Labels ql =
        multi
            ? TestData.randomMultiHot(25, classes, 0.3, seed + 3)
            : TestData.randomClassIds(25, classes, seed + 3);
    EvalOptions options =
        new EvalOptions(
            k,
            TiePolicy.STABLE,
            ZeroRelevantPolicy.COUNT,
            7,
            new int[] {1, 5, 50, 299, 300, 301},
            0,
            0,
            threads);
    RetrievalMetrics m = RetrievalEvaluator.evaluate(queries, ql, db, dl, options);
    assertEquals(NaiveEvaluator.map(queries, ql, db, dl, k, false), m.map(), EPS);
    RetrievalMetrics dropped =
        RetrievalEvaluator.evaluate(
            queries, ql, db, dl, options.withZeroRelevant(ZeroRelevantPolicy.DROP));
    assertEquals(NaiveEvaluator.map(queries, ql, db, dl, k, true), dropped.map(), EPS);
    int[] ranks = m.curveRanks();
    for (int i = 0; i < ranks.length; i += 5) {
      double[] pr = NaiveEvaluator.precisionRecallAt(queries, ql, db, dl, ranks[i]);
      assertEquals(pr[0], m.precisionCurve()[i], EPS, "precision at " + ranks[i]);
      assertEquals(pr[1], m.recallCurve()[i], EPS, "recall at " + ranks[i]);
    }
    assertEquals(List.of(1, 5, 50, 299, 300), box(m.nValues()));
    for (int i = 0; i < m.nValues().length; i++) {
      double[] pr = NaiveEvaluator.precisionRecallAt(queries, ql, db, dl, m.nValues()[i]);
      assertEquals(pr[0], m.precisionAtN()[i], EPS);
      assertEquals(pr[1], m.recallAtN()[i], EPS);
    }
    for (int r = 0; r <= bits; r += Math.max(1, bits / 8)) {
      double[] rad = NaiveEvaluator.radius(queries, ql, db, dl, r);
      assertEquals(rad[0], m.radiusPrecision()[r], EPS, "precision within " + r);
      assertEquals(rad[1], m.radiusRecall()[r], EPS, "recall within " + r);
      assertEquals(rad[2], m.radiusMap()[r], EPS, "mAP within " + r);
    }
  }

  @ParameterizedTest
  @CsvSource({"2147483647", "3", "4", "1"})
  void expectedTiesEqualTheAverageOverEveryDatabaseOrder(int k) {
    // 6 database items with few distinct distances: average stable mAP over all 720 orders
    BinaryCodes db = codesAtDistances(1, 0, 1, 1, 2, 0);
    int[] classes = {1, 0, 1, 0, 1, 1};
    Labels ql = Labels.ofClassIds(new int[] {1}, 3);
    double sum = 0;
    int count = 0;
    for (int[] perm : permutations(6)) {
      sum +=
          RetrievalEvaluator.evaluate(
                  QUERY,
                  ql,
                  db.select(perm),
                  Labels.ofClassIds(classes, 3).select(perm),
                  options().withTopK(k))
              .map();
      count++;
    }
    RetrievalMetrics expected =
        RetrievalEvaluator.evaluate(
            QUERY,
            ql,
            db,
            Labels.ofClassIds(classes, 3),
            options().withTopK(k).withTies(TiePolicy.EXPECTED));
    assertEquals(sum / count, expected.map(), 1e-12);
  }

  static List<int[]> permutations(int n) {
    List<int[]> out = new ArrayList<>();
    permute(new int[n], new boolean[n], 0, out);
    return out;
  }

  private static void permute(int[] cur, boolean[] used, int depth, List<int[]> out) {
    if (depth == cur.length) {
      out.add(cur.clone());
      return;
    }
    for (int i = 0; i < cur.length; i++) {
      if (!used[i]) {
        used[i] = true;
        cur[depth] = i;
        permute(cur, used, depth + 1, out);
        used[i] = false;
      }
    }
  }

  @Test
  void rerankingByCosineReordersTheTopK() {
    // Hamming ranks A (irrelevant) before B (relevant); the outputs say B is far closer
    BinaryCodes db = codesAtDistances(0, 1, 2);
    int[] classes = {0, 1, 1};
    ContinuousOutputs outputs =
        new ContinuousOutputs(new float[] {1, 0}, new float[] {0.1f, 1, 1, 0.1f, 0, 1}, 2);
    RetrievalMetrics m =
        RetrievalEvaluator.evaluate(
            QUERY,
            Labels.ofClassIds(new int[] {1}, 3),
            db,
            Labels.ofClassIds(classes, 3),
            options().withTopK(2),
            outputs);
    assertEquals(1.0 / 2, m.map(), EPS);
    assertEquals(1.0, m.rerankedMap(), EPS);
    assertTrue(Double.isNaN(eval(db, classes, 1, options()).rerankedMap()));
    // equal cosines keep the Hamming order
    ContinuousOutputs flat =
        new ContinuousOutputs(new float[] {1, 1}, new float[] {1, 1, 2, 2, 3, 3}, 2);
    RetrievalMetrics same =
        RetrievalEvaluator.evaluate(
            QUERY,
            Labels.ofClassIds(new int[] {1}, 3),
            db,
            Labels.ofClassIds(classes, 3),
            options(),
            flat);
    assertEquals(same.map(), same.rerankedMap(), EPS);
    assertThrows(
        InvalidInputException.class,
        () ->
            RetrievalEvaluator.evaluate(
                QUERY,
                Labels.ofClassIds(new int[] {1}, 3),
                db,
                Labels.ofClassIds(classes, 3),
                options(),
                new ContinuousOutputs(new float[2], new float[4], 2)));
  }

  @Test
  void shufflesGiveMeanAndSpread() {
    BinaryCodes db = codesAtDistances(0, 0, 0, 0, 1, 1, 1, 1);
    Labels dl = Labels.ofClassIds(new int[] {0, 1, 0, 1, 1, 0, 0, 1}, 3);
    Labels ql = Labels.ofClassIds(new int[] {1}, 3);
    RetrievalMetrics m =
        RetrievalEvaluator.evaluate(QUERY, ql, db, dl, options().withShuffles(200, 1));
    RetrievalMetrics expected =
        RetrievalEvaluator.evaluate(QUERY, ql, db, dl, options().withTies(TiePolicy.EXPECTED));
    assertTrue(m.shuffleStd() > 0);
    assertEquals(expected.map(), m.shuffleMean(), 3 * m.shuffleStd() / Math.sqrt(200));
  }

  @Test
  void badInputIsRefused() {
    BinaryCodes db = TestData.randomCodes(10, 32, 1);
    Labels dl = TestData.randomClassIds(10, 3, 1);
    BinaryCodes q = TestData.randomCodes(2, 32, 2);
    Labels ql = TestData.randomClassIds(2, 3, 2);
    assertThrows(
        InvalidInputException.class,
        () -> RetrievalEvaluator.evaluate(q, ql, db, TestData.randomClassIds(9, 3, 1), options()));
    assertThrows(
        InvalidInputException.class,
        () -> RetrievalEvaluator.evaluate(TestData.randomCodes(2, 64, 2), ql, db, dl, options()));
    assertThrows(
        InvalidInputException.class,
        () -> RetrievalEvaluator.evaluate(q, TestData.randomClassIds(2, 4, 2), db, dl, options()));
    assertThrows(
        InvalidInputException.class,
        () ->
            RetrievalEvaluator.evaluate(
                TestData.randomCodes(0, 32, 2),
                TestData.randomClassIds(0, 3, 2),
                db,
                dl,
                options()));
    assertThrows(InvalidInputException.class, () -> options().withTopK(0));
  }
}
