package org.transhash.api;

/**
 * Extension point: a searchable collection of binary codes, each with an external {@code long} id.
 * Searches are exact unless an implementation documents otherwise, return neighbours sorted by
 * (Hamming distance, insertion order), and are safe to run from many threads at once.
 *
 * <pre>{@code
 * HammingIndex index = ...;                       // for example a linear scan of 64-bit codes
 * index.add(databaseCodes, databaseIds);
 * Neighbours top10 = index.search(queryCodes, 10);
 * Neighbours near = index.searchRadius(queryCodes, 2);
 * }</pre>
 */
public interface HammingIndex {

  /** Stable name, written into index files, for example {@code "linear"}. */
  String name();

  /** Bits per code. */
  int bits();

  /** Number of codes stored (deleted ones excluded). */
  int size();

  /**
   * Adds codes with the given ids.
   *
   * @param codes codes of {@link #bits()} bits
   * @param ids one id per code, not already present
   */
  void add(BinaryCodes codes, long[] ids);

  /**
   * Removes a code.
   *
   * @param id its id
   * @return true when it was present
   */
  boolean delete(long id);

  /**
   * The {@code k} nearest codes of each query (fewer when the index holds fewer).
   *
   * @param queries codes of {@link #bits()} bits
   * @param k at least 1
   * @return one sorted list per query
   */
  Neighbours search(BinaryCodes queries, int k);

  /**
   * Every code within a Hamming radius of each query.
   *
   * @param queries codes of {@link #bits()} bits
   * @param radius 0..bits
   * @return one sorted list per query
   */
  Neighbours searchRadius(BinaryCodes queries, int radius);
}
