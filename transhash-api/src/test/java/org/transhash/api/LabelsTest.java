package org.transhash.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.transhash.api.io.NpyArray;
import org.transhash.api.testing.TestData;

class LabelsTest {

  @Test
  void singleLabelRelevanceIsSameClass() {
    Labels labels = Labels.ofClassIds(new int[] {0, 2, 2, 1}, 3);
    assertTrue(labels.relevant(1, 2));
    assertFalse(labels.relevant(0, 1));
    assertEquals(2, labels.classId(2));
    assertEquals(1, labels.labelCount(3));
    assertFalse(labels.isMultiLabel());
  }

  @Test
  void multiLabelRelevanceIsSharedLabel() {
    Labels labels =
        Labels.ofMultiHot(
            new boolean[][] {
              {true, false, true}, {false, false, true}, {false, true, false}, {false, false, false}
            });
    assertTrue(labels.relevant(0, 1));
    assertFalse(labels.relevant(0, 2));
    assertFalse(labels.relevant(3, 3), "an unlabelled item is relevant to nothing");
    assertEquals(0, labels.labelCount(3));
    assertThrows(IllegalStateException.class, () -> labels.classId(0));
  }

  @Test
  void manyClassesUseSeveralWords() {
    Labels a = TestData.randomMultiHot(50, 130, 0.02, 5);
    for (int i = 0; i < 50; i++) {
      for (int j = 0; j < 50; j++) {
        boolean shared = false;
        for (int c = 0; c < 130; c++) {
          shared |= a.hasLabel(i, c) && a.hasLabel(j, c);
        }
        assertEquals(shared, a.relevant(i, j));
      }
    }
  }

  @Test
  void outOfRangeIdsAndBadFlagsAreRefused() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Labels.ofClassIds(new int[] {0, 10}, 10));
    assertTrue(e.getMessage().contains("item 1"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> Labels.ofClassIds(new int[] {-1}, 10));
    assertThrows(InvalidInputException.class, () -> Labels.ofMultiHot(new byte[] {0, 2}, 1, 2));
    assertThrows(
        InvalidInputException.class,
        () -> Labels.fromNpy(NpyArray.ofInt32(new int[] {0, 1, 5, 1}, 2, 2), 0));
  }

  @Test
  void npyRoundTripKeepsTheKind() {
    Labels single = TestData.randomClassIds(20, 7, 1);
    assertEquals(single, Labels.fromNpy(single.toNpy(), 7));
    Labels multi = TestData.randomMultiHot(20, 7, 0.3, 1);
    assertEquals(multi, Labels.fromNpy(multi.toNpy(), 0));
    assertEquals(single.select(new int[] {3, 3}).classId(1), single.classId(3));
  }
}
