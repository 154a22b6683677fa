package org.transhash.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntMapTest {
  @Test
  void behavesLikeAHashMapUnderRandomOperations() {
    LongIntMap map = new LongIntMap(4);
    Map<Long, Integer> ref = new HashMap<>();
    Random random = new Random(3);
    for (int step = 0; step < 200_000; step++) {
      long key = random.nextInt(5000) - 2500L * (step % 3);
      int op = random.nextInt(3);
      if (op == 0) {
        int v = random.nextInt(1 << 20);
        Integer old = ref.put(key, v);
        assertEquals(old == null ? -1 : old, map.put(key, v));
      } else if (op == 1) {
        Integer old = ref.remove(key);
        assertEquals(old == null ? -1 : old, map.remove(key));
      } else {
        assertEquals(ref.getOrDefault(key, -1), map.get(key));
      }
      assertEquals(ref.size(), map.size());
    }
  }
}
