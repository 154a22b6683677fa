package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Fitting the steps to a time budget, on simulated clocks. */
class StepBudgetTest {

  /**
   * Runs the trainer's loop on a clock whose step {@code s} takes {@code secondsOfStep(s)}.
   *
   * @return the seconds the run took
   */
  private static double simulate(double budget, int planned, IntToDoubleFunction secondsOfStep) {
    StepBudget fitter = new StepBudget(budget, planned);
    int total = planned;
    double elapsed = 0;
    for (int step = 0; step < total; step++) {
      if (fitter.probes(step)) {
        total = fitter.fit(step, elapsed);
      }
      elapsed += secondsOfStep.applyAsDouble(step);
    }
    return elapsed;
  }

  @Test
  void probesEarlyThenEveryFiveHundredSteps() {
    StepBudget budget = new StepBudget(60, 10_000);
    for (int step : new int[] {5, 25, 100, 300, 600, 1000, 1500, 2000, 9500}) {
      assertTrue(budget.probes(step), "step " + step);
    }
    for (int step : new int[] {0, 1, 4, 6, 50, 500, 999, 1001, 1250, 1999}) {
      assertFalse(budget.probes(step), "step " + step);
    }
  }

  @Test
  void aSteadyPaceFillsTheBudget() {
    double took = simulate(1800, 100_000, step -> step < 5 ? 3.0 : 0.5);
    assertTrue(took > 1800 - 0.5 && took <= 1800 + 0.5, "took " + took);
  }

  @Test
  void aMachineThatSlowsAfterTheEarlyProbesStillEndsOnTime() {
    // 0.5 s a step, then a fifth slower from step 1,200: an estimate fixed at step 1,000 would
    // plan 1000 + 1300 / 0.5 = 3600 steps and end after 500 + 100 + 2400 * 0.6 = 2040 s
    double took = simulate(1800, 100_000, step -> step < 1200 ? 0.5 : 0.6);
    assertTrue(took > 1800 - 0.6 * 500 * 0.2 && took <= 1800 + 0.6, "took " + took);
  }

  @Test
  void neverPlansBeyondThePlannedStepsOrStopsBeforeTheNextStep() {
    StepBudget budget = new StepBudget(1800, 2000);
    assertEquals(2000, budget.fit(5, 0.5)); // fast enough for 18,000 steps: the plan's 2,000
    assertEquals(26, budget.fit(25, 5000)); // already over: one more step
  }
}
