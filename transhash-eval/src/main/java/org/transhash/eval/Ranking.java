package org.transhash.eval;

import org.transhash.api.BinaryCodes;
import org.transhash.api.Labels;

/** What every query of an evaluation shares: the database, the options, precomputed tables. */
final class Ranking {
  final int n;
  final int bits;
  final int wordsPerCode;
  final long[] databaseWords;
  final Labels databaseLabels;
  final int[] databaseClass; // null for multi-label data
  final long[] databaseLabelWords; // null for single-label data
  final int labelWords;
  final EvalOptions options;
  final int topK;
  final int[] curveRanks;
  final int[] nValues;
  final double[] harmonic; // harmonic[i] = 1 + 1/2 + ... + 1/i
  final double[] logFactorial; // only for expected ties with K inside the database
  final ContinuousOutputs outputs; // null unless re-ranking

  Ranking(BinaryCodes database, Labels labels, EvalOptions options, ContinuousOutputs outputs) {
    this.outputs = outputs;
    this.n = database.count();
    this.bits = database.bits();
    this.wordsPerCode = database.wordsPerCode();
    this.databaseWords = new long[n * wordsPerCode];
    database.copyWords(0, n, databaseWords, 0);
    this.databaseLabels = labels;
    this.options = options;
    this.topK = Math.min(options.topK(), n);
    if (labels.isMultiLabel()) {
      labelWords = (labels.classCount() + 63) >>> 6;
      databaseClass = null;
      databaseLabelWords = new long[n * labelWords];
      for (int i = 0; i < n; i++) {
        System.arraycopy(labels.labelWords(i), 0, databaseLabelWords, i * labelWords, labelWords);
      }
    } else {
      labelWords = 0;
      databaseLabelWords = null;
      databaseClass = new int[n];
      for (int i = 0; i < n; i++) {
        databaseClass[i] = labels.classId(i);
      }
    }
    int samples = (n + options.curveStep() - 1) / options.curveStep();
    curveRanks = new int[samples];
    for (int s = 0; s < samples; s++) {
      curveRanks[s] = Math.min(n, (s + 1) * options.curveStep());
    }
    nValues =
        java.util.Arrays.stream(options.precisionAtN())
            .filter(v -> v <= n)
            .sorted()
            .distinct()
            .toArray();
    boolean expected = options.ties() == TiePolicy.EXPECTED;
    harmonic = new double[expected ? n + 1 : 0];
    for (int i = 1; i < harmonic.length; i++) {
      harmonic[i] = harmonic[i - 1] + 1.0 / i;
    }
    logFactorial = new double[expected && topK < n ? n + 1 : 0];
    for (int i = 1; i < logFactorial.length; i++) {
      logFactorial[i] = logFactorial[i - 1] + Math.log(i);
    }
  }

  Totals newTotals() {
    return new Totals(curveRanks, nValues, bits, options.zeroRelevant());
  }

  double logChoose(int a, int b) {
    return logFactorial[a] - logFactorial[b] - logFactorial[a - b];
  }
}
