package org.transhash.api;

import java.util.Arrays;

/**
 * Immutable search results: for each query, a list of (id, Hamming distance) pairs sorted by
 * ascending distance, ties in the order the index defines (insertion order for this project's
 * indexes). Lists may differ in length (radius search, or k larger than the index).
 *
 * <pre>{@code
 * Neighbours hits = index.search(queries, 10);
 * for (int r = 0; r < hits.count(0); r++) {
 *   System.out.println(hits.id(0, r) + " at distance " + hits.distance(0, r));
 * }
 * }</pre>
 */
public final class Neighbours {
  private final int[] offsets;
  private final long[] ids;
  private final int[] distances;

  private Neighbours(int[] offsets, long[] ids, int[] distances) {
    this.offsets = offsets;
    this.ids = ids;
    this.distances = distances;
  }

  /**
   * Builds results from flat arrays (copied).
   *
   * @param offsets {@code queryCount + 1} non-decreasing offsets into the flat arrays, from 0
   * @param ids the ids of all queries' neighbours, query after query
   * @param distances their distances, non-decreasing within each query
   * @return the results
   * @throws InvalidInputException when the arrays disagree or a list is not sorted
   */
  public static Neighbours of(int[] offsets, long[] ids, int[] distances) {
    InvalidInputException.check(
        offsets.length >= 1 && offsets[0] == 0, "offsets must start with 0");
    InvalidInputException.check(
        ids.length == distances.length && offsets[offsets.length - 1] == ids.length,
        "offsets end at %d but there are %d ids and %d distances",
        offsets[offsets.length - 1],
        ids.length,
        distances.length);
    for (int q = 0; q + 1 < offsets.length; q++) {
      InvalidInputException.check(offsets[q] <= offsets[q + 1], "offsets decrease at query %d", q);
      for (int r = offsets[q]; r < offsets[q + 1]; r++) {
        InvalidInputException.check(distances[r] >= 0, "negative distance for query %d", q);
        InvalidInputException.check(
            r == offsets[q] || distances[r - 1] <= distances[r],
            "distances of query %d are not sorted at rank %d",
            q,
            r - offsets[q]);
      }
    }
    return new Neighbours(offsets.clone(), ids.clone(), distances.clone());
  }

  /**
   * Builds results from one array pair per query (copied).
   *
   * @param ids ids per query
   * @param distances distances per query, same lengths, sorted ascending
   * @return the results
   */
  public static Neighbours of(long[][] ids, int[][] distances) {
    InvalidInputException.check(
        ids.length == distances.length,
        "%d id lists but %d distance lists",
        ids.length,
        distances.length);
    int[] offsets = new int[ids.length + 1];
    for (int q = 0; q < ids.length; q++) {
      InvalidInputException.check(
          ids[q].length == distances[q].length,
          "query %d has %d ids but %d distances",
          q,
          ids[q].length,
          distances[q].length);
      offsets[q + 1] = Math.addExact(offsets[q], ids[q].length);
    }
    long[] flatIds = new long[offsets[ids.length]];
    int[] flatDistances = new int[offsets[ids.length]];
    for (int q = 0; q < ids.length; q++) {
      System.arraycopy(ids[q], 0, flatIds, offsets[q], ids[q].length);
      System.arraycopy(distances[q], 0, flatDistances, offsets[q], ids[q].length);
    }
    return of(offsets, flatIds, flatDistances);
  }

  /** Number of queries. */
  public int queryCount() {
    return offsets.length - 1;
  }

  /**
   * @param q query
   * @return number of neighbours found for it
   */
  public int count(int q) {
    checkQuery(q);
    return offsets[q + 1] - offsets[q];
  }

  /**
   * @param q query
   * @param rank 0-based rank
   * @return the id at that rank
   */
  public long id(int q, int rank) {
    return ids[position(q, rank)];
  }

  /**
   * @param q query
   * @param rank 0-based rank
   * @return the Hamming distance at that rank
   */
  public int distance(int q, int rank) {
    return distances[position(q, rank)];
  }

  /**
   * @param q query
   * @return a copy of its ids, nearest first
   */
  public long[] ids(int q) {
    checkQuery(q);
    return Arrays.copyOfRange(ids, offsets[q], offsets[q + 1]);
  }

  /**
   * @param q query
   * @return a copy of its distances, ascending
   */
  public int[] distances(int q) {
    checkQuery(q);
    return Arrays.copyOfRange(distances, offsets[q], offsets[q + 1]);
  }

  /** Total number of (query, neighbour) pairs. */
  public int totalCount() {
    return ids.length;
  }

  private int position(int q, int rank) {
    checkQuery(q);
    if (rank < 0 || rank >= offsets[q + 1] - offsets[q]) {
      throw new IndexOutOfBoundsException(
          "rank "
              + rank
              + " out of range 0.."
              + (offsets[q + 1] - offsets[q] - 1)
              + " for query "
              + q);
    }
    return offsets[q] + rank;
  }

  private void checkQuery(int q) {
    if (q < 0 || q >= offsets.length - 1) {
      throw new IndexOutOfBoundsException(
          "query " + q + " out of range 0.." + (offsets.length - 2));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Neighbours other
        && Arrays.equals(other.offsets, offsets)
        && Arrays.equals(other.ids, ids)
        && Arrays.equals(other.distances, distances);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(offsets) + Arrays.hashCode(ids)) + Arrays.hashCode(distances);
  }

  @Override
  public String toString() {
    return "Neighbours[queries=" + queryCount() + ", pairs=" + ids.length + "]";
  }
}
