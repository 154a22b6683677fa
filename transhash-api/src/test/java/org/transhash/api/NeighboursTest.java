package org.transhash.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NeighboursTest {

  @Test
  void raggedListsAreAddressedByQueryAndRank() {
    Neighbours n = Neighbours.of(new long[][] {{7, 3}, {}, {1}}, new int[][] {{0, 2}, {}, {5}});
    assertEquals(3, n.queryCount());
    assertEquals(2, n.count(0));
    assertEquals(0, n.count(1));
    assertEquals(3L, n.id(0, 1));
    assertEquals(5, n.distance(2, 0));
    assertArrayEquals(new long[] {7, 3}, n.ids(0));
    assertEquals(3, n.totalCount());
    assertThrows(IndexOutOfBoundsException.class, () -> n.id(1, 0));
  }

  @Test
  void unsortedOrMismatchedListsAreRefused() {
    assertThrows(
        InvalidInputException.class,
        () -> Neighbours.of(new long[][] {{1, 2}}, new int[][] {{3, 2}}));
    assertThrows(
        InvalidInputException.class, () -> Neighbours.of(new long[][] {{1, 2}}, new int[][] {{3}}));
  }
}
