package org.transhash.eval;

/** How items at equal Hamming distance are ordered in a ranking. */
public enum TiePolicy {
  /** By database position (stable): reproducible, the default. */
  STABLE,
  /** The expected value of each metric over every order of the tied items (uniformly random). */
  EXPECTED;

  /** The name used in reports and on the command line. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
