package org.transhash.train;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Fits a run's number of steps to a time budget: at probe steps it measures how fast the recent
 * steps went and returns how many steps fit in the seconds left at that pace. The probes come at
 * steps 5, 25, 100, 300, 600 and 1,000, then every 100 steps, each timing the last 500 to 600 steps
 * (so an epoch's validation does not sway it), and a machine that slows down (or speeds up) late in
 * a run moves the end with it. With one estimate fixed at step 1,000 a thirty-minute run overran by
 * 162 s when its machine slowed by a fifth, and with one every 500 steps by 37 s when the last 500
 * slowed by a tenth (BENCHMARKS.md); {@link #spent} stops what the estimates still overrun.
 *
 * <p>Not thread-safe; one per run.
 */
final class StepBudget {
  private static final int[] EARLY_PROBES = {5, 25, 100, 300, 600, 1000};
  private static final int LATE_PROBE_INTERVAL = 100;
  private static final int PACE_WINDOW = 500;

  private final double seconds;
  private final int planned;

  /** Earlier probes, the oldest the latest one at least a window back. */
  private final Deque<Probe> probed = new ArrayDeque<>();

  /** A probe: the steps done and the seconds elapsed then. */
  private record Probe(int step, double elapsed) {}

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
   * allocator), which makes it cautious; later ones time the steps since the latest probe at least
   * 500 steps back (or the oldest one there is).
   *
   * @param step steps done so far (at least 1)
   * @param elapsed seconds since the run began
   * @return how many steps fit: at least {@code step + 1}, at most the planned number
   */
  int fit(int step, double elapsed) {
    while (probed.size() > 1 && step - secondOldest().step() >= PACE_WINDOW) {
      probed.removeFirst();
    }
    Probe from = probed.isEmpty() ? new Probe(0, 0) : probed.getFirst();
    probed.addLast(new Probe(step, elapsed));
    double perStep = (elapsed - from.elapsed()) / (step - from.step());
    double fitting = step + (seconds - elapsed) / perStep;
    return (int) Math.max(step + 1, Math.min(planned, fitting));
  }

  /**
   * Whether the budget is used up: the run stops after the step it just took, whatever the last
   * estimate said.
   *
   * @param elapsed seconds since the run began, with what still has to run after the last step (the
   *     last epoch's validation)
   */
  boolean spent(double elapsed) {
    return elapsed >= seconds;
  }

  private Probe secondOldest() {
    var probes = probed.iterator();
    probes.next();
    return probes.next();
  }
}
