package org.transhash.eval;

import org.transhash.api.BinaryCodes;
import org.transhash.api.Labels;

/** Evaluates queries one by one with scratch arrays of database size, reused across queries. */
final class QueryWorker {
  private final Ranking r;
  private final int[] distance;
  private final boolean[] relevant;
  private final int[] order;
  private final int[] groupSize;
  private final int[] groupRelevant;
  private final int[] groupStart;
  private final long[] queryWords;

  QueryWorker(Ranking ranking) {
    this.r = ranking;
    distance = new int[r.n];
    relevant = new boolean[r.n];
    order = new int[r.n];
    groupSize = new int[r.bits + 1];
    groupRelevant = new int[r.bits + 1];
    groupStart = new int[r.bits + 1];
    queryWords = new long[r.wordsPerCode];
  }

  void evaluate(BinaryCodes queries, Labels labels, int from, int to, Totals totals) {
    for (int q = from; q < to; q++) {
      if (labels.labelCount(q) == 0) {
        totals.unlabelled++;
        continue;
      }
      queries.copyWords(q, q + 1, queryWords, 0);
      int totalRelevant = rank(labels, q);
      totals.labelled++;
      if (totalRelevant > 0) {
        totals.recallQueries++;
      }
      if (r.options.ties() == TiePolicy.STABLE) {
        walkStable(totalRelevant, totals);
      } else {
        walkExpected(totalRelevant, totals);
      }
      if (r.outputs != null) {
        reranked(q, totals);
      }
    }
  }

  /** AP@K after sorting the stable top K by descending cosine (ties keep the Hamming order). */
  private void reranked(int q, Totals t) {
    int k = r.topK;
    Integer[] top = new Integer[k];
    double[] cosine = new double[k];
    for (int i = 0; i < k; i++) {
      top[i] = i;
      cosine[i] = r.outputs.cosine(q, order[i]);
    }
    java.util.Arrays.sort(top, (a, b) -> Double.compare(cosine[b], cosine[a]));
    int hits = 0;
    double sum = 0;
    for (int rank = 1; rank <= k; rank++) {
      if (relevant[order[top[rank - 1]]]) {
        hits++;
        sum += (double) hits / rank;
      }
    }
    t.addRerankedAp(hits == 0 ? 0 : sum / hits, hits == 0);
  }

  /** Distances, relevance and group counts; the stable order when needed. */
  private int rank(Labels labels, int q) {
    java.util.Arrays.fill(groupSize, 0);
    java.util.Arrays.fill(groupRelevant, 0);
    int n = r.n;
    int wpc = r.wordsPerCode;
    long[] words = r.databaseWords;
    if (wpc == 1) {
      long q0 = queryWords[0];
      for (int i = 0; i < n; i++) {
        distance[i] = Long.bitCount(words[i] ^ q0);
      }
    } else {
      for (int i = 0; i < n; i++) {
        int d = 0;
        for (int w = 0; w < wpc; w++) {
          d += Long.bitCount(words[i * wpc + w] ^ queryWords[w]);
        }
        distance[i] = d;
      }
    }
    int totalRelevant = 0;
    if (r.databaseClass != null && !labels.isMultiLabel()) {
      int c = labels.classId(q);
      int[] classes = r.databaseClass;
      for (int i = 0; i < n; i++) {
        boolean rel = classes[i] == c;
        relevant[i] = rel;
        int d = distance[i];
        groupSize[d]++;
        if (rel) {
          groupRelevant[d]++;
          totalRelevant++;
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        boolean rel = labels.relevant(q, r.databaseLabels, i);
        relevant[i] = rel;
        int d = distance[i];
        groupSize[d]++;
        if (rel) {
          groupRelevant[d]++;
          totalRelevant++;
        }
      }
    }
    int start = 0;
    for (int d = 0; d <= r.bits; d++) {
      groupStart[d] = start;
      start += groupSize[d];
    }
    if (r.options.ties() == TiePolicy.STABLE || r.outputs != null) {
      int[] next = groupStart.clone();
      for (int i = 0; i < n; i++) {
        order[next[distance[i]]++] = i;
      }
    }
    return totalRelevant;
  }

  private void walkStable(int totalRelevant, Totals t) {
    int topK = r.topK;
    int[] samples = r.curveRanks;
    int[] nValues = r.nValues;
    int sample = 0;
    int nIndex = 0;
    int cumulative = 0;
    double precisionSum = 0; // sum of P@k at relevant ranks k so far
    double apAtK = 0;
    boolean apDone = false;
    int rank = 0;
    for (int d = 0; d <= r.bits; d++) {
      int g = groupSize[d];
      for (int idx = groupStart[d]; idx < groupStart[d] + g; idx++) {
        rank++;
        if (relevant[order[idx]]) {
          cumulative++;
          precisionSum += (double) cumulative / rank;
        }
        if (rank == topK) {
          t.addAp(cumulative == 0 ? 0 : precisionSum / cumulative, cumulative == 0);
          apDone = true;
        }
        while (sample < samples.length && samples[sample] == rank) {
          t.precisionCurve[sample] += (double) cumulative / rank;
          if (totalRelevant > 0) {
            t.recallCurve[sample] += (double) cumulative / totalRelevant;
          }
          sample++;
        }
        while (nIndex < nValues.length && nValues[nIndex] == rank) {
          t.precisionAtN[nIndex] += (double) cumulative / rank;
          if (totalRelevant > 0) {
            t.recallAtN[nIndex] += (double) cumulative / totalRelevant;
          }
          nIndex++;
        }
      }
      addRadius(t, d, rank, cumulative, precisionSum, totalRelevant);
    }
    assert apDone;
  }

  private void addRadius(
      Totals t, int d, int within, int relevantWithin, double precisionSum, int totalRelevant) {
    if (within > 0) {
      t.radiusPrecision[d] += (double) relevantWithin / within;
    }
    if (totalRelevant > 0) {
      t.radiusRecall[d] += (double) relevantWithin / totalRelevant;
    }
    if (relevantWithin > 0) {
      t.radiusMap[d] += precisionSum / relevantWithin;
    }
  }

  /**
   * Expected values over random orders of tied items. In a group of g items with r relevant after s
   * ranks holding R relevant, the relevant item in slot j (1-based) has expected precision
   * contribution (1 / (s + j)) * [(r / g)(R + 1) + (j - 1) r (r - 1) / (g (g - 1))]; summing over j
   * gives the closed forms below with H1 = sum 1/(s+j) and H2 = sum (j-1)/(s+j) = g - (s+1) H1.
   */
  private void walkExpected(int totalRelevant, Totals t) {
    int topK = r.topK;
    int[] samples = r.curveRanks;
    int[] nValues = r.nValues;
    int sample = 0;
    int nIndex = 0;
    int before = 0; // relevant items in earlier groups
    double precisionSum = 0;
    int s = 0;
    for (int d = 0; d <= r.bits; d++) {
      int g = groupSize[d];
      int rel = groupRelevant[d];
      if (g > 0) {
        if (s < topK && topK < s + g) {
          truncatedAp(t, s, g, rel, before, precisionSum, topK - s);
        }
        double groupSum = expectedGroupSum(s, g, rel, before);
        double perSlot = (double) rel / g;
        while (sample < samples.length && samples[sample] <= s + g) {
          int k = samples[sample];
          double cumulative = before + (k - s) * perSlot;
          t.precisionCurve[sample] += cumulative / k;
          if (totalRelevant > 0) {
            t.recallCurve[sample] += cumulative / totalRelevant;
          }
          sample++;
        }
        while (nIndex < nValues.length && nValues[nIndex] <= s + g) {
          int k = nValues[nIndex];
          double cumulative = before + (k - s) * perSlot;
          t.precisionAtN[nIndex] += cumulative / k;
          if (totalRelevant > 0) {
            t.recallAtN[nIndex] += cumulative / totalRelevant;
          }
          nIndex++;
        }
        precisionSum += groupSum;
        before += rel;
        s += g;
        if (s == topK) {
          t.addAp(before == 0 ? 0 : precisionSum / before, before == 0);
        }
      }
      addRadius(t, d, s, before, precisionSum, totalRelevant);
    }
  }

  private double expectedGroupSum(int s, int g, int rel, int before) {
    if (rel == 0) {
      return 0;
    }
    double h1 = r.harmonic[s + g] - r.harmonic[s];
    double sum = (double) rel / g * (before + 1) * h1;
    if (g > 1 && rel > 1) {
      double h2 = g - (s + 1) * h1;
      sum += (double) rel * (rel - 1) / ((double) g * (g - 1)) * h2;
    }
    return sum;
  }

  /**
   * AP@K when K cuts a tie group after m of its g slots: the number x of relevant items among the
   * first m is hypergeometric; given x, they fill the m slots uniformly.
   */
  private void truncatedAp(
      Totals t, int s, int g, int rel, int before, double precisionSum, int m) {
    int low = Math.max(0, m - (g - rel));
    int high = Math.min(rel, m);
    if (before == 0 && high == 0) {
      t.addAp(0, true);
      return;
    }
    double logTotal = r.logChoose(g, m);
    double h1 = r.harmonic[s + m] - r.harmonic[s];
    double h2 = m - (s + 1) * h1;
    double ap = 0;
    for (int x = low; x <= high; x++) {
      if (before + x == 0) {
        continue;
      }
      double p = Math.exp(r.logChoose(rel, x) + r.logChoose(g - rel, m - x) - logTotal);
      double part = (double) x / m * (before + 1) * h1;
      if (m > 1 && x > 1) {
        part += (double) x * (x - 1) / ((double) m * (m - 1)) * h2;
      }
      ap += p * (precisionSum + part) / (before + x);
    }
    t.addAp(ap, false);
  }
}
