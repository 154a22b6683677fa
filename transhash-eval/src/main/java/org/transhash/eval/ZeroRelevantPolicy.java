package org.transhash.eval;

/** What a query with no relevant item in its top K contributes to mAP@K. */
public enum ZeroRelevantPolicy {
  /** AP = 0 and the query counts (the usual convention; the default). */
  COUNT,
  /** The query is left out of the mean (the HashNet / thulab convention). */
  DROP;

  /** The name used in reports and on the command line. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
