package org.transhash.api.testing;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Provokes what a long training run meets by chance: a garbage collection between the forward and
 * the backward pass. Tests of anything that runs under a {@code GradientCollector} call {@link
 * #collectAndReuseFreedBuffers()} there and check that the gradients do not change.
 */
public final class GarbageCollections {
  private GarbageCollections() {}

  /**
   * Runs the collector until a fresh object is gone (twice, so that the cleaners of direct buffers
   * run too), then allocates small direct buffers filled with NaN, so that memory freed by the
   * collection holds NaN when something reads it after its release.
   */
  public static void collectAndReuseFreedBuffers() {
    for (int round = 0; round < 2; round++) {
      WeakReference<Object> sentinel = new WeakReference<>(new Object());
      for (int i = 0; i < 50 && sentinel.get() != null; i++) {
        System.gc();
        pause();
      }
      pause();
    }
    List<ByteBuffer> reuse = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(8 << (i % 8));
      while (b.remaining() >= Float.BYTES) {
        b.putFloat(Float.NaN);
      }
      reuse.add(b);
    }
    reuse.clear();
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
