package org.transhash.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.transhash.api.BinaryCodes;
import org.transhash.api.Labels;
import org.transhash.api.testing.TestData;

/**
 * The obvious implementation the evaluator is checked against: for each query, every distance is
 * computed bit by bit, the database is sorted by (distance, position), and each figure is computed
 * straight from its definition in EVALUATION.md. Slow, simple, independent.
 */
final class NaiveEvaluator {
  private NaiveEvaluator() {}

  /** The ranked database positions of query q (stable by position). */
  static List<Integer> ranking(BinaryCodes queries, int q, BinaryCodes db) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < db.count(); i++) {
      order.add(i);
    }
    int[] d = distances(queries, q, db);
    order.sort(Comparator.comparingInt((Integer i) -> d[i]).thenComparingInt(i -> i));
    return order;
  }

  static int[] distances(BinaryCodes queries, int q, BinaryCodes db) {
    int[] d = new int[db.count()];
    for (int i = 0; i < d.length; i++) {
      d[i] = TestData.naiveHamming(queries, q, db, i);
    }
    return d;
  }

  static boolean relevant(Labels ql, int q, Labels dl, int i) {
    for (int c = 0; c < ql.classCount(); c++) {
      if (ql.hasLabel(q, c) && dl.hasLabel(i, c)) {
        return true;
      }
    }
    return false;
  }

  /** AP over the first k entries of a 0/1 relevance list; NaN when none is relevant. */
  static double ap(List<Boolean> rel, int k) {
    double sum = 0;
    int hits = 0;
    for (int i = 0; i < Math.min(k, rel.size()); i++) {
      if (rel.get(i)) {
        hits++;
        sum += (double) hits / (i + 1);
      }
    }
    return hits == 0 ? Double.NaN : sum / hits;
  }

  static List<Boolean> relevanceList(
      BinaryCodes queries, Labels ql, int q, BinaryCodes db, Labels dl) {
    List<Boolean> rel = new ArrayList<>();
    for (int i : ranking(queries, q, db)) {
      rel.add(relevant(ql, q, dl, i));
    }
    return rel;
  }

  /** mAP@K with stable ties; zero-relevant queries count as 0 or are dropped. */
  static double map(
      BinaryCodes queries, Labels ql, BinaryCodes db, Labels dl, int k, boolean drop) {
    double sum = 0;
    int count = 0;
    for (int q = 0; q < queries.count(); q++) {
      if (ql.labelCount(q) == 0) {
        continue;
      }
      double ap = ap(relevanceList(queries, ql, q, db, dl), k);
      if (Double.isNaN(ap)) {
        if (drop) {
          continue;
        }
        ap = 0;
      }
      sum += ap;
      count++;
    }
    return count == 0 ? 0 : sum / count;
  }

  /** Mean precision and recall at rank k (k-th entries of the curves). */
  static double[] precisionRecallAt(
      BinaryCodes queries, Labels ql, BinaryCodes db, Labels dl, int k) {
    double p = 0;
    double r = 0;
    int labelled = 0;
    int withRelevant = 0;
    for (int q = 0; q < queries.count(); q++) {
      if (ql.labelCount(q) == 0) {
        continue;
      }
      List<Boolean> rel = relevanceList(queries, ql, q, db, dl);
      long total = rel.stream().filter(b -> b).count();
      long hits = rel.subList(0, k).stream().filter(b -> b).count();
      labelled++;
      p += (double) hits / k;
      if (total > 0) {
        withRelevant++;
        r += (double) hits / total;
      }
    }
    return new double[] {p / labelled, withRelevant == 0 ? 0 : r / withRelevant};
  }

  /** Mean precision, recall and AP of the items within Hamming radius {@code radius}. */
  static double[] radius(BinaryCodes queries, Labels ql, BinaryCodes db, Labels dl, int radius) {
    double p = 0;
    double rc = 0;
    double ap = 0;
    int labelled = 0;
    int withRelevant = 0;
    for (int q = 0; q < queries.count(); q++) {
      if (ql.labelCount(q) == 0) {
        continue;
      }
      labelled++;
      int[] d = distances(queries, q, db);
      List<Boolean> within = new ArrayList<>();
      long total = 0;
      for (int i : ranking(queries, q, db)) {
        boolean rel = relevant(ql, q, dl, i);
        total += rel ? 1 : 0;
        if (d[i] <= radius) {
          within.add(rel);
        }
      }
      long hits = within.stream().filter(b -> b).count();
      p += within.isEmpty() ? 0 : (double) hits / within.size();
      if (total > 0) {
        withRelevant++;
        rc += (double) hits / total;
      }
      double a = ap(within, within.size());
      ap += Double.isNaN(a) ? 0 : a;
    }
    return new double[] {p / labelled, withRelevant == 0 ? 0 : rc / withRelevant, ap / labelled};
  }
}
