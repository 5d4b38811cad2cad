//! The fixed-point loop that PageRank, eigenvector centrality, HITS and TunkRank share:
//! each supplies one step (update its vector, return how much it changed, in its own
//! measure); this loop owns the iteration cap, the convergence test, the report of how
//! it ended and the progress, as igraph's centralities share one solver.
//!
//! Progress: convergence is geometric, so the fraction done is read on the log scale of
//! the change (`ln change / ln threshold`), and never less than the share of the
//! iteration cap spent, so a slowly converging run still moves the bar.
//!
//! Complexity: the steps' cost times the iterations; O(1) of its own.

use crate::progress::{Cancelled, Progress};

/// When to stop: once a step changes less than `threshold`, or after `max_iterations`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stopping {
    pub threshold: f64,
    pub max_iterations: usize,
}

/// How an iteration ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub iterations: usize,
    /// The change of the last step (infinite when no step ran).
    pub last_change: f64,
    /// Whether the last change fell below the threshold.
    pub converged: bool,
}

/// Runs `step` until it returns a change below the threshold or the cap is reached,
/// reporting progress as `phase` and stopping when the listener cancels.
pub fn iterate(
    stopping: Stopping,
    phase: &str,
    progress: &mut dyn Progress,
    mut step: impl FnMut() -> f64,
) -> Result<Outcome, Cancelled> {
    let mut outcome = Outcome {
        iterations: 0,
        last_change: f64::INFINITY,
        converged: false,
    };
    while outcome.iterations < stopping.max_iterations {
        outcome.iterations += 1;
        outcome.last_change = step();
        if outcome.last_change < stopping.threshold {
            outcome.converged = true;
            break;
        }
        progress.step(phase, fraction_done(&outcome, &stopping))?;
    }
    Ok(outcome)
}

fn fraction_done(outcome: &Outcome, stopping: &Stopping) -> f64 {
    let by_change = if stopping.threshold > 0.0 && stopping.threshold < 1.0 && outcome.last_change > 0.0 {
        (outcome.last_change.ln() / stopping.threshold.ln()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let by_count = outcome.iterations as f64 / stopping.max_iterations as f64;
    by_change.max(by_count).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    #[test]
    fn stops_at_the_first_change_below_the_threshold() {
        let mut change = 1.0;
        let stopping = Stopping {
            threshold: 1e-3,
            max_iterations: 100,
        };
        let outcome = iterate(stopping, "Halving", &mut Silent, || {
            change /= 2.0;
            change
        })
        .unwrap();
        // 2^-10 < 1e-3 < 2^-9.
        assert_eq!(outcome.iterations, 10);
        assert!(outcome.converged);
        assert_eq!(outcome.last_change, 2f64.powi(-10));
    }

    #[test]
    fn the_cap_ends_a_run_that_does_not_converge() {
        let stopping = Stopping {
            threshold: 1e-3,
            max_iterations: 7,
        };
        let outcome = iterate(stopping, "Stuck", &mut Silent, || 1.0).unwrap();
        assert_eq!((outcome.iterations, outcome.converged), (7, false));
    }

    #[test]
    fn progress_never_goes_back_on_a_geometric_run() {
        let stopping = Stopping {
            threshold: 1e-10,
            max_iterations: 1000,
        };
        let mut fractions = Vec::new();
        let mut change: f64 = 1.0;
        for iterations in 1..33 {
            change *= 0.5;
            fractions.push(fraction_done(
                &Outcome {
                    iterations,
                    last_change: change,
                    converged: false,
                },
                &stopping,
            ));
        }
        assert!(fractions.windows(2).all(|w| w[0] <= w[1]));
        // 2^-32 is still above the threshold: the bar is not yet full.
        assert!(fractions[0] > 0.0 && *fractions.last().unwrap() < 1.0);
    }
}
