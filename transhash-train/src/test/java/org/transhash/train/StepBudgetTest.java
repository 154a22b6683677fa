package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Fitting the steps to a time budget, on simulated clocks. */
class StepBudgetTest {

  /** How a simulated run ended: its seconds, the steps it took, and the last fitted number. */
  private record Outcome(double seconds, int steps, int fitted) {}

  /**
   * Runs the trainer's loop on a clock whose step {@code s} takes {@code secondsOfStep(s)}: fitted
   * at the probes, stopped once the budget is spent.
   */
  private static Outcome simulate(double budget, int planned, IntToDoubleFunction secondsOfStep) {
    StepBudget fitter = new StepBudget(budget, planned);
    int total = planned;
    int fitted = planned;
    double elapsed = 0;
    int step = 0;
    for (; step < total; step++) {
      if (fitter.probes(step)) {
        total = fitter.fit(step, elapsed);
        fitted = total;
      }
      elapsed += secondsOfStep.applyAsDouble(step);
      if (fitter.spent(elapsed)) {
        total = step + 1;
      }
    }
    return new Outcome(elapsed, step, fitted);
  }

  @Test
  void probesEarlyThenEveryHundredSteps() {
    StepBudget budget = new StepBudget(60, 10_000);
    for (int step : new int[] {5, 25, 100, 300, 600, 1000, 1100, 1500, 2000, 9900}) {
      assertTrue(budget.probes(step), "step " + step);
    }
    for (int step : new int[] {0, 1, 4, 6, 50, 200, 500, 999, 1001, 1050, 1999}) {
      assertFalse(budget.probes(step), "step " + step);
    }
  }

  @Test
  void aSteadyPaceFillsTheBudget() {
    Outcome run = simulate(1800, 100_000, step -> step < 5 ? 3.0 : 0.5);
    assertTrue(run.seconds() > 1800 - 0.5 && run.seconds() <= 1800 + 0.5, "took " + run);
    assertEquals(run.fitted(), run.steps(), "the schedule ran to its end: " + run);
  }

  @Test
  void aMachineThatSlowsAfterTheEarlyProbesStillEndsOnTime() {
    // 0.5 s a step, then a fifth slower from step 1,200: an estimate fixed at step 1,000 would
    // plan 1000 + 1300 / 0.5 = 3600 steps and end after 500 + 100 + 2400 * 0.6 = 2040 s
    Outcome run = simulate(1800, 100_000, step -> step < 1200 ? 0.5 : 0.6);
    assertTrue(run.seconds() > 1800 - 0.6 && run.seconds() <= 1800 + 0.6, "took " + run);
  }

  @Test
  void aMachineThatSlowsInTheLastStepsEndsOnTimeWithItsScheduleNearlyDone() {
    // 0.7 s a step, a tenth slower from step 2,000: one estimate every 500 steps planned 2,571
    // steps at step 2,000 and overran by 40 s; the estimates every 100 steps shorten the plan
    Outcome run = simulate(1800, 100_000, step -> step < 2000 ? 0.7 : 0.77);
    assertTrue(run.seconds() > 1800 - 0.77 && run.seconds() <= 1800 + 0.77, "took " + run);
    assertTrue(run.fitted() - run.steps() < 10, "the stop cut the schedule short: " + run);
  }

  @Test
  void theStopEndsARunWhoseLastEstimateIsTooLong() {
    // a tenfold slowdown after the last probe: only the stop keeps the run within the budget
    Outcome run = simulate(100, 1000, step -> step < 150 ? 0.1 : 1.0);
    assertTrue(run.seconds() >= 100 && run.seconds() < 101, "took " + run);
    assertTrue(run.steps() < run.fitted(), "the stop, not the schedule, ended it: " + run);
  }

  @Test
  void isSpentOnlyOnceTheBudgetIsUsed() {
    StepBudget budget = new StepBudget(60, 1000);
    assertFalse(budget.spent(59.9));
    assertTrue(budget.spent(60));
  }

  @Test
  void neverPlansBeyondThePlannedStepsOrStopsBeforeTheNextStep() {
    StepBudget budget = new StepBudget(1800, 2000);
    assertEquals(2000, budget.fit(5, 0.5)); // fast enough for 18,000 steps: the plan's 2,000
    assertEquals(26, budget.fit(25, 5000)); // already over: one more step
  }
}
