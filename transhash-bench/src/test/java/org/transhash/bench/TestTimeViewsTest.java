package org.transhash.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transhash.api.InvalidInputException;
import org.transhash.train.TestTimeAugmentation;
import org.transhash.train.TestTimeAugmentation.View;

class TestTimeViewsTest {

  @Test
  void viewSetsNameTheAugmentationsViews() {
    assertEquals(TestTimeAugmentation.NONE.views(), TestTimeViews.parseSet("0,0"));
    assertEquals(TestTimeAugmentation.MIRROR.views(), TestTimeViews.parseSet("0,0+0,0,m"));
    assertEquals(
        TestTimeAugmentation.MIRROR_SHIFT.views(), TestTimeViews.parseSet("0,0+0,0,m+-1,0+1,0"));
    assertEquals(List.of(new View(2, -3, true)), TestTimeViews.parseSet("2,-3,m"));
  }

  @Test
  void aMalformedViewIsNamed() {
    for (String bad : new String[] {"0", "0,0,x", "a,0", "0,0+1", "0,0,m,1"}) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> TestTimeViews.parseSet(bad), bad);
      assertTrue(e.getMessage().contains("'"), e.getMessage());
    }
  }
}
