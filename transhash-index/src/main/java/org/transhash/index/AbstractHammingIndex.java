package org.transhash.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HammingIndex;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Neighbours;
import org.transhash.api.TransHashException;

/**
 * What the indexes share: the code store, the thread-safety model and the spreading of a batch of
 * queries over threads.
 *
 * <p>Thread safety: any number of searches run at once (they share a read lock); {@code add} and
 * {@code delete} take the write lock, so a search sees each code either wholly or not at all, and
 * never a half-written one. Writers wait for running searches and block new ones briefly.
 */
abstract class AbstractHammingIndex implements HammingIndex {
  final CodeStore store;
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final int threads;
  private volatile ThreadPoolExecutor pool;

  AbstractHammingIndex(int bits, int threads, int expected) {
    BinaryCodes.wordsFor(bits);
    InvalidInputException.check(threads >= 1, "threads must be >= 1, got %d", threads);
    this.store = new CodeStore(bits, expected);
    this.threads = threads;
  }

  /** A request: k nearest, or everything within a radius. */
  record Request(boolean radius, int k, int maxDistance) {}

  @Override
  public int bits() {
    return store.bits;
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return store.live();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Threads a batch of queries is spread over. */
  public int threads() {
    return threads;
  }

  /** Options written into index files, to rebuild the same index on load. */
  Map<String, String> options() {
    return Map.of();
  }

  @Override
  public void add(BinaryCodes codes, long[] ids) {
    lock.writeLock().lock();
    try {
      int from = store.size;
      store.add(codes, ids);
      added(from, store.size);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean delete(long id) {
    lock.writeLock().lock();
    try {
      if (store.delete(id) < 0) {
        return false;
      }
      if (store.wantsCompaction()) {
        store.compact();
        compacted();
      }
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Codes {@code from..to-1} were appended to the store. */
  void added(int from, int to) {}

  /** Deleted codes were removed from the store; positions changed. */
  void compacted() {}

  @Override
  public Neighbours search(BinaryCodes queries, int k) {
    InvalidInputException.check(k >= 1, "k must be >= 1, got %d", k);
    return run(queries, new Request(false, k, store.bits));
  }

  @Override
  public Neighbours searchRadius(BinaryCodes queries, int radius) {
    InvalidInputException.check(
        radius >= 0 && radius <= store.bits, "radius must be in 0..%d, got %d", store.bits, radius);
    return run(queries, new Request(true, Integer.MAX_VALUE, radius));
  }

  /**
   * Searches queries {@code from..to-1}; writes each one's positions and distances, in (distance,
   * position) order, to {@code positions[q]} and {@code distances[q]}.
   */
  abstract void searchRange(
      long[] queries, int from, int to, Request request, int[][] positions, int[][] distances);

  private Neighbours run(BinaryCodes queries, Request request) {
    InvalidInputException.check(
        queries.bits() == store.bits,
        "the index holds %d-bit codes, the queries have %d bits",
        store.bits,
        queries.bits());
    int nq = queries.count();
    long[] words = new long[nq * store.wordsPerCode];
    queries.copyWords(0, nq, words, 0);
    int[][] positions = new int[nq][];
    int[][] distances = new int[nq][];
    lock.readLock().lock();
    try {
      int parts = Math.min(threads, nq);
      if (parts <= 1) {
        searchRange(words, 0, nq, request, positions, distances);
      } else {
        List<Future<?>> futures = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
          int from = (int) ((long) nq * p / parts);
          int to = (int) ((long) nq * (p + 1) / parts);
          futures.add(
              pool().submit(() -> searchRange(words, from, to, request, positions, distances)));
        }
        for (Future<?> f : futures) {
          await(f);
        }
      }
      long[][] ids = new long[nq][];
      for (int q = 0; q < nq; q++) {
        ids[q] = new long[positions[q].length];
        for (int r = 0; r < ids[q].length; r++) {
          ids[q][r] = store.ids[positions[q][r]];
        }
      }
      return Neighbours.of(ids, distances);
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransHashException("search interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new TransHashException("search failed", e.getCause());
    }
  }

  private ThreadPoolExecutor pool() {
    ThreadPoolExecutor p = pool;
    if (p == null) {
      synchronized (this) {
        p = pool;
        if (p == null) {
          AtomicInteger n = new AtomicInteger();
          p =
              new ThreadPoolExecutor(
                  threads,
                  threads,
                  30,
                  TimeUnit.SECONDS,
                  new LinkedBlockingQueue<>(),
                  r -> {
                    Thread t = new Thread(r, name() + "-search-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  });
          p.allowCoreThreadTimeOut(true);
          pool = p;
        }
      }
    }
    return p;
  }

  /** Copies a TopK's result into the output arrays of query q. */
  static void drainInto(TopK top, int q, int[][] positions, int[][] distances) {
    int n = top.resultCount();
    positions[q] = new int[n];
    distances[q] = new int[n];
    top.drain(positions[q], distances[q], 0);
  }
}
