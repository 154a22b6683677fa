package org.transhash.train;

/**
 * Fits a run's number of steps to a time budget: at a few probe steps it measures how fast the
 * steps since the previous probe went and returns how many steps fit in the seconds left at that
 * pace. The probes come at steps 5, 25, 100, 300, 600 and 1,000, then every 500 steps, so a machine
 * that slows down (or speeds up) in the second half of a run moves the end with it; with one
 * estimate fixed at step 1,000 a thirty-minute run overran by 162 s when its machine slowed by a
 * fifth (BENCHMARKS.md).
 *
 * <p>Not thread-safe; one per run.
 */
final class StepBudget {
  private static final int[] EARLY_PROBES = {5, 25, 100, 300, 600, 1000};
  private static final int LATE_PROBE_INTERVAL = 500;

  private final double seconds;
  private final int planned;
  private int previousStep;
  private double previousElapsed;

  /**
   * @param seconds the budget
   * @param planned the steps the run would take without one (the most a probe returns)
   */
  StepBudget(double seconds, int planned) {
    this.seconds = seconds;
    this.planned = planned;
  }

  /** Whether the run should call {@link #fit} before this step (0-based: steps done so far). */
  boolean probes(int step) {
    if (step > EARLY_PROBES[EARLY_PROBES.length - 1]) {
      return step % LATE_PROBE_INTERVAL == 0;
    }
    for (int probe : EARLY_PROBES) {
      if (probe == step) {
        return true;
      }
    }
    return false;
  }

  /**
   * The run's new number of steps. The first probe's pace counts the slow first steps (JIT,
   * allocator), which makes it cautious; later ones time only the steps since the previous probe.
   *
   * @param step steps done so far (at least 1)
   * @param elapsed seconds since the run began
   * @return how many steps fit: at least {@code step + 1}, at most the planned number
   */
  int fit(int step, double elapsed) {
    double perStep = (elapsed - previousElapsed) / (step - previousStep);
    previousStep = step;
    previousElapsed = elapsed;
    double fitting = step + (seconds - elapsed) / perStep;
    return (int) Math.max(step + 1, Math.min(planned, fitting));
  }
}
