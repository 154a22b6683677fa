package org.transhash.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.transhash.api.BinaryCodes;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;
import org.transhash.api.TransHashException;

/**
 * Evaluates Hamming ranking exactly as {@code EVALUATION.md} defines it: mAP@K with the tie and
 * zero-relevant policies, precision and recall curves, P@N and R@N, and precision, recall and mAP
 * within every Hamming radius, all in one pass per query.
 *
 * <p>Each query ranks the database with a counting sort over the distance range 0..bits (stable, so
 * ties keep database order), in O(database) time and memory per thread: no queries x database
 * matrix is ever built. Under {@link TiePolicy#EXPECTED} each group of tied items contributes its
 * expectation over all orders, in closed form (and through the hypergeometric distribution for a
 * group cut by K).
 *
 * <pre>{@code
 * RetrievalMetrics m = RetrievalEvaluator.evaluate(
 *     queryCodes, queryLabels, dbCodes, dbLabels, EvalOptions.defaults());
 * System.out.printf("mAP@all %.4f, P@H<=2 %.4f%n", m.map(), m.precisionWithinRadius2());
 * }</pre>
 */
public final class RetrievalEvaluator {
  private RetrievalEvaluator() {}

  /**
   * Evaluates query codes against database codes.
   *
   * @param queries query codes
   * @param queryLabels their labels
   * @param database database codes, of the same bit length
   * @param databaseLabels their labels, over the same classes
   * @param options how to evaluate
   * @return the figures
   * @throws InvalidInputException when counts, bit lengths or label widths disagree, or a set is
   *     empty
   */
  public static RetrievalMetrics evaluate(
      BinaryCodes queries,
      Labels queryLabels,
      BinaryCodes database,
      Labels databaseLabels,
      EvalOptions options) {
    return evaluate(queries, queryLabels, database, databaseLabels, options, null);
  }

  /**
   * Evaluates, and also re-ranks each query's top K (stable Hamming ranking) by cosine similarity
   * of the continuous outputs, reporting that mAP@K as {@link RetrievalMetrics#rerankedMap()}.
   *
   * @param queries query codes
   * @param queryLabels their labels
   * @param database database codes
   * @param databaseLabels their labels
   * @param options how to evaluate
   * @param outputs the continuous outputs behind the codes, or null for no re-ranking
   * @return the figures
   */
  public static RetrievalMetrics evaluate(
      BinaryCodes queries,
      Labels queryLabels,
      BinaryCodes database,
      Labels databaseLabels,
      EvalOptions options,
      ContinuousOutputs outputs) {
    check(queries, queryLabels, database, databaseLabels);
    if (outputs != null) {
      InvalidInputException.check(
          outputs.queryCount() == queries.count() && outputs.databaseCount() == database.count(),
          "outputs for %d queries and %d database items, codes for %d and %d",
          outputs.queryCount(),
          outputs.databaseCount(),
          queries.count(),
          database.count());
    }
    long start = System.nanoTime();
    Totals totals = run(queries, queryLabels, database, databaseLabels, options, outputs);
    double shuffleMean = Double.NaN;
    double shuffleStd = Double.NaN;
    if (options.shuffles() > 0) {
      double[] maps = new double[options.shuffles()];
      EvalOptions stable = options.withTies(TiePolicy.STABLE);
      for (int s = 0; s < maps.length; s++) {
        int[] permutation = permutation(database.count(), options.shuffleSeed() + s);
        Totals t =
            run(
                queries,
                queryLabels,
                database.select(permutation),
                databaseLabels.select(permutation),
                stable,
                null);
        maps[s] = t.map();
      }
      shuffleMean = Arrays.stream(maps).average().orElse(Double.NaN);
      if (maps.length > 1) {
        double ss = 0;
        for (double m : maps) {
          ss += (m - shuffleMean) * (m - shuffleMean);
        }
        shuffleStd = Math.sqrt(ss / (maps.length - 1));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return totals.metrics(queries.count(), shuffleMean, shuffleStd, seconds);
  }

  static void check(
      BinaryCodes queries, Labels queryLabels, BinaryCodes database, Labels databaseLabels) {
    InvalidInputException.check(queries.count() > 0, "the query set is empty");
    InvalidInputException.check(database.count() > 0, "the database is empty");
    InvalidInputException.check(
        queries.count() == queryLabels.count(),
        "%d query codes but %d query labels",
        queries.count(),
        queryLabels.count());
    InvalidInputException.check(
        database.count() == databaseLabels.count(),
        "%d database codes but %d database labels",
        database.count(),
        databaseLabels.count());
    InvalidInputException.check(
        queries.bits() == database.bits(),
        "query codes have %d bits, database codes %d",
        queries.bits(),
        database.bits());
    InvalidInputException.check(
        queryLabels.classCount() == databaseLabels.classCount(),
        "query labels have %d classes, database labels %d",
        queryLabels.classCount(),
        databaseLabels.classCount());
  }

  /** A seeded uniform permutation of 0..n-1 (Fisher-Yates with java.util.Random). */
  static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    Arrays.setAll(p, i -> i);
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static Totals run(
      BinaryCodes queries,
      Labels queryLabels,
      BinaryCodes database,
      Labels databaseLabels,
      EvalOptions options,
      ContinuousOutputs outputs) {
    Ranking setup = new Ranking(database, databaseLabels, options, outputs);
    int nq = queries.count();
    int parts = Math.min(options.threads(), nq);
    if (parts <= 1) {
      Totals t = setup.newTotals();
      new QueryWorker(setup).evaluate(queries, queryLabels, 0, nq, t);
      return t;
    }
    ExecutorService pool = Executors.newFixedThreadPool(parts);
    try {
      List<Future<Totals>> futures = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        int from = (int) ((long) nq * p / parts);
        int to = (int) ((long) nq * (p + 1) / parts);
        futures.add(
            pool.submit(
                () -> {
                  Totals t = setup.newTotals();
                  new QueryWorker(setup).evaluate(queries, queryLabels, from, to, t);
                  return t;
                }));
      }
      Totals sum = setup.newTotals();
      for (Future<Totals> f : futures) {
        sum.add(f.get());
      }
      return sum;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransHashException("evaluation interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new TransHashException("evaluation failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
