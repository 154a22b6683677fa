package org.transhash.eval;

import org.transhash.api.InvalidInputException;

/**
 * The continuous network outputs behind the codes (before the sign), used to re-rank the top K of
 * the Hamming ranking by cosine similarity.
 *
 * @param queries query outputs, row-major {@code (queryCount, dim)}
 * @param database database outputs, row-major {@code (databaseCount, dim)}
 * @param dim values per item
 */
public record ContinuousOutputs(float[] queries, float[] database, int dim) {

  /** Validates the shapes. */
  public ContinuousOutputs {
    InvalidInputException.check(dim >= 1, "dim must be >= 1, got %d", dim);
    InvalidInputException.check(
        queries.length % dim == 0 && database.length % dim == 0,
        "outputs of %d and %d values are not whole rows of %d",
        queries.length,
        database.length,
        dim);
  }

  /** Number of query rows. */
  public int queryCount() {
    return queries.length / dim;
  }

  /** Number of database rows. */
  public int databaseCount() {
    return database.length / dim;
  }

  /** Cosine similarity of query row q and database row i (0 when either is all zeros). */
  double cosine(int q, int i) {
    double dot = 0;
    double a = 0;
    double b = 0;
    int qo = q * dim;
    int io = i * dim;
    for (int j = 0; j < dim; j++) {
      double x = queries[qo + j];
      double y = database[io + j];
      dot += x * y;
      a += x * x;
      b += y * y;
    }
    return a == 0 || b == 0 ? 0 : dot / Math.sqrt(a * b);
  }
}
