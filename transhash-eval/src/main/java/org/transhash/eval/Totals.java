package org.transhash.eval;

/** Sums over queries, merged across threads, turned into means at the end. */
final class Totals {
  final int[] curveRanks;
  final int[] nValues;
  final ZeroRelevantPolicy zeroRelevant;
  double apSum;
  double apSquaredSum;
  int apCount;
  double rerankedSum;
  int rerankedCount;
  int unlabelled;
  int dropped;
  int labelled;
  int recallQueries;
  final double[] precisionCurve;
  final double[] recallCurve;
  final double[] precisionAtN;
  final double[] recallAtN;
  final double[] radiusPrecision;
  final double[] radiusRecall;
  final double[] radiusMap;

  Totals(int[] curveRanks, int[] nValues, int bits, ZeroRelevantPolicy zeroRelevant) {
    this.curveRanks = curveRanks;
    this.nValues = nValues;
    this.zeroRelevant = zeroRelevant;
    precisionCurve = new double[curveRanks.length];
    recallCurve = new double[curveRanks.length];
    precisionAtN = new double[nValues.length];
    recallAtN = new double[nValues.length];
    radiusPrecision = new double[bits + 1];
    radiusRecall = new double[bits + 1];
    radiusMap = new double[bits + 1];
  }

  /**
   * Records the AP@K of one query; {@code certainlyZero} when no relevant item can be in its top K.
   */
  void addAp(double ap, boolean certainlyZero) {
    if (certainlyZero && zeroRelevant == ZeroRelevantPolicy.DROP) {
      dropped++;
      return;
    }
    apSum += ap;
    apSquaredSum += ap * ap;
    apCount++;
  }

  /** Records the re-ranked AP@K of one query, under the same zero-relevant policy. */
  void addRerankedAp(double ap, boolean certainlyZero) {
    if (certainlyZero && zeroRelevant == ZeroRelevantPolicy.DROP) {
      return;
    }
    rerankedSum += ap;
    rerankedCount++;
  }

  void add(Totals o) {
    apSum += o.apSum;
    apSquaredSum += o.apSquaredSum;
    apCount += o.apCount;
    rerankedSum += o.rerankedSum;
    rerankedCount += o.rerankedCount;
    unlabelled += o.unlabelled;
    dropped += o.dropped;
    labelled += o.labelled;
    recallQueries += o.recallQueries;
    addAll(precisionCurve, o.precisionCurve);
    addAll(recallCurve, o.recallCurve);
    addAll(precisionAtN, o.precisionAtN);
    addAll(recallAtN, o.recallAtN);
    addAll(radiusPrecision, o.radiusPrecision);
    addAll(radiusRecall, o.radiusRecall);
    addAll(radiusMap, o.radiusMap);
  }

  private static void addAll(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
  }

  double map() {
    return apCount == 0 ? 0 : apSum / apCount;
  }

  /** The standard error of mAP@K over the queries: their APs' sample deviation over root n. */
  double mapStandardError() {
    if (apCount < 2) {
      return Double.NaN;
    }
    double mean = map();
    double variance = Math.max(0, (apSquaredSum - apCount * mean * mean) / (apCount - 1));
    return Math.sqrt(variance / apCount);
  }

  RetrievalMetrics metrics(int queries, double shuffleMean, double shuffleStd, double seconds) {
    double reranked = rerankedCount == 0 ? Double.NaN : rerankedSum / rerankedCount;
    return new RetrievalMetrics(
        queries,
        unlabelled,
        dropped,
        map(),
        mapStandardError(),
        curveRanks,
        divide(precisionCurve, labelled),
        divide(recallCurve, recallQueries),
        nValues,
        divide(precisionAtN, labelled),
        divide(recallAtN, recallQueries),
        divide(radiusPrecision, labelled),
        divide(radiusRecall, recallQueries),
        divide(radiusMap, labelled),
        shuffleMean,
        shuffleStd,
        reranked,
        seconds);
  }

  private static double[] divide(double[] sums, int count) {
    double[] out = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      out[i] = count == 0 ? 0 : sums[i] / count;
    }
    return out;
  }
}
