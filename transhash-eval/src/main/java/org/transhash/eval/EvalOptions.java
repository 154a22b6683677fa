package org.transhash.eval;

import java.util.Arrays;
import org.transhash.api.InvalidInputException;

/**
 * How an evaluation is run; every option is written into the report.
 *
 * @param topK K of mAP@K; {@link #ALL} for the whole database
 * @param ties how tied items are ordered
 * @param zeroRelevant what queries without a relevant item in the top K contribute
 * @param curveStep precision and recall curves are sampled every this many ranks
 * @param precisionAtN the N of P@N and R@N (those beyond the database are left out)
 * @param shuffles number of seeded database shuffles for mean and standard deviation of mAP@K (0:
 *     none)
 * @param shuffleSeed seed of the first shuffle; shuffle i uses {@code shuffleSeed + i}
 * @param threads threads the queries are spread over
 */
public record EvalOptions(
    int topK,
    TiePolicy ties,
    ZeroRelevantPolicy zeroRelevant,
    int curveStep,
    int[] precisionAtN,
    int shuffles,
    long shuffleSeed,
    int threads) {

  /** K meaning the whole database. */
  public static final int ALL = Integer.MAX_VALUE;

  /** The standard N of P@N: 1, 100, 500, 1000, 2000, ..., 10000. */
  public static final int[] STANDARD_N = {
    1, 100, 500, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000
  };

  /** Validates the values. */
  public EvalOptions {
    InvalidInputException.check(topK >= 1, "K must be >= 1 (or all), got %d", topK);
    InvalidInputException.check(curveStep >= 1, "curve step must be >= 1, got %d", curveStep);
    InvalidInputException.check(shuffles >= 0, "shuffles must be >= 0, got %d", shuffles);
    InvalidInputException.check(threads >= 1, "threads must be >= 1, got %d", threads);
    for (int n : precisionAtN) {
      InvalidInputException.check(n >= 1, "N of P@N must be >= 1, got %d", n);
    }
    precisionAtN = precisionAtN.clone();
  }

  /** mAP@all, stable ties, zero-relevant queries counted, standard curves, 2 threads. */
  public static EvalOptions defaults() {
    return new EvalOptions(
        ALL, TiePolicy.STABLE, ZeroRelevantPolicy.COUNT, 100, STANDARD_N, 0, 0, 2);
  }

  /**
   * @param k K of mAP@K, or {@link #ALL}
   * @return these options with another K
   */
  public EvalOptions withTopK(int k) {
    return new EvalOptions(
        k, ties, zeroRelevant, curveStep, precisionAtN, shuffles, shuffleSeed, threads);
  }

  /**
   * @param policy the tie policy
   * @return these options with another tie policy
   */
  public EvalOptions withTies(TiePolicy policy) {
    return new EvalOptions(
        topK, policy, zeroRelevant, curveStep, precisionAtN, shuffles, shuffleSeed, threads);
  }

  /**
   * @param policy the zero-relevant policy
   * @return these options with another zero-relevant policy
   */
  public EvalOptions withZeroRelevant(ZeroRelevantPolicy policy) {
    return new EvalOptions(
        topK, ties, policy, curveStep, precisionAtN, shuffles, shuffleSeed, threads);
  }

  /**
   * @param count number of shuffles
   * @param seed seed of the first
   * @return these options with database shuffles
   */
  public EvalOptions withShuffles(int count, long seed) {
    return new EvalOptions(topK, ties, zeroRelevant, curveStep, precisionAtN, count, seed, threads);
  }

  /**
   * @param count threads
   * @return these options with another thread count
   */
  public EvalOptions withThreads(int count) {
    return new EvalOptions(
        topK, ties, zeroRelevant, curveStep, precisionAtN, shuffles, shuffleSeed, count);
  }

  /** K as written in reports: a number or "all". */
  public String topKLabel() {
    return topK == ALL ? "all" : Integer.toString(topK);
  }

  @Override
  public int[] precisionAtN() {
    return precisionAtN.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvalOptions e
        && e.topK == topK
        && e.ties == ties
        && e.zeroRelevant == zeroRelevant
        && e.curveStep == curveStep
        && Arrays.equals(e.precisionAtN, precisionAtN)
        && e.shuffles == shuffles
        && e.shuffleSeed == shuffleSeed
        && e.threads == threads;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(precisionAtN) * 31 + topK;
  }

  @Override
  public String toString() {
    return "EvalOptions[K="
        + topKLabel()
        + ", ties="
        + ties.label()
        + ", zeroRelevant="
        + zeroRelevant.label()
        + "]";
  }
}
