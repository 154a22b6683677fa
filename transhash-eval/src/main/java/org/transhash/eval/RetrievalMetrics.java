package org.transhash.eval;

/**
 * The figures of one evaluation (see {@code EVALUATION.md}); arrays are copies owned by this
 * object. Precision figures average over the labelled queries; recall figures over the labelled
 * queries that have at least one relevant item in the database.
 *
 * @param queries number of queries given
 * @param unlabelledQueries queries without any label, skipped
 * @param droppedQueries queries left out of mAP@K by the zero-relevant policy "drop"
 * @param map mAP@K
 * @param mapStandardError the standard error of mAP@K as an estimate from these queries: the sample
 *     standard deviation of their APs over the square root of their number (NaN for fewer than 2).
 *     It says how far another draw of queries could move mAP@K, not how far another training run
 *     could
 * @param curveRanks ranks at which the curves are sampled (every curve step, and the last rank)
 * @param precisionCurve mean precision at those ranks
 * @param recallCurve mean recall at those ranks
 * @param nValues the N of P@N and R@N
 * @param precisionAtN mean P@N
 * @param recallAtN mean R@N
 * @param radiusPrecision mean precision of the items within Hamming radius r (0 when none), r =
 *     0..bits
 * @param radiusRecall mean recall within radius r
 * @param radiusMap mean AP of the items within radius r (0 when none is relevant)
 * @param shuffleMean mean mAP@K over the database shuffles (NaN when none were asked for)
 * @param shuffleStd standard deviation of mAP@K over the shuffles (NaN when fewer than 2)
 * @param rerankedMap mAP@K after re-ranking each top K by cosine of the continuous outputs (NaN
 *     when no outputs were given)
 * @param seconds wall time of the evaluation
 */
public record RetrievalMetrics(
    int queries,
    int unlabelledQueries,
    int droppedQueries,
    double map,
    double mapStandardError,
    int[] curveRanks,
    double[] precisionCurve,
    double[] recallCurve,
    int[] nValues,
    double[] precisionAtN,
    double[] recallAtN,
    double[] radiusPrecision,
    double[] radiusRecall,
    double[] radiusMap,
    double shuffleMean,
    double shuffleStd,
    double rerankedMap,
    double seconds) {

  /** Copies the arrays. */
  public RetrievalMetrics {
    curveRanks = curveRanks.clone();
    precisionCurve = precisionCurve.clone();
    recallCurve = recallCurve.clone();
    nValues = nValues.clone();
    precisionAtN = precisionAtN.clone();
    recallAtN = recallAtN.clone();
    radiusPrecision = radiusPrecision.clone();
    radiusRecall = radiusRecall.clone();
    radiusMap = radiusMap.clone();
  }

  /** Queries that count in mAP@K. */
  public int evaluatedQueries() {
    return queries - unlabelledQueries - droppedQueries;
  }

  /** Precision of the items within Hamming radius 2 (P@H<=2), 0 for queries with none. */
  public double precisionWithinRadius2() {
    return radiusPrecision.length > 2 ? radiusPrecision[2] : Double.NaN;
  }

  /**
   * P@N for one N.
   *
   * @param n the N
   * @return the mean precision, or NaN when N was not evaluated
   */
  public double precisionAt(int n) {
    for (int i = 0; i < nValues.length; i++) {
      if (nValues[i] == n) {
        return precisionAtN[i];
      }
    }
    return Double.NaN;
  }

  @Override
  public int[] curveRanks() {
    return curveRanks.clone();
  }

  @Override
  public double[] precisionCurve() {
    return precisionCurve.clone();
  }

  @Override
  public double[] recallCurve() {
    return recallCurve.clone();
  }

  @Override
  public int[] nValues() {
    return nValues.clone();
  }

  @Override
  public double[] precisionAtN() {
    return precisionAtN.clone();
  }

  @Override
  public double[] recallAtN() {
    return recallAtN.clone();
  }

  @Override
  public double[] radiusPrecision() {
    return radiusPrecision.clone();
  }

  @Override
  public double[] radiusRecall() {
    return radiusRecall.clone();
  }

  @Override
  public double[] radiusMap() {
    return radiusMap.clone();
  }
}
