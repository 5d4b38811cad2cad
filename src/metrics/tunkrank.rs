//! TunkRank: the expected number of people who read what an account posts, counting
//! those who see it through reposts.
//!
//! Definition (Tunkelang 2009) on G, unweighted (each account that interacts with x
//! counts once, however often): `I(x) = Σ_{y → x} (1 + p × I(y)) / outdeg(y)`. Each
//! account y paying attention to x gives x a 1 / outdeg(y) share of its attention, and
//! with probability p passes the post on to its own audience, worth I(y). Direction is
//! attention, so y → x (y follows, reposts, replies to x) plays the role of "y follows x".
//! There is no networkx function; the reference is a direct iteration in
//! `tests/reference/generate.py`.
//!
//! Computed by Jacobi iteration from I = 0: each step pulls `(1 + p I(y)) / outdeg(y)`
//! along the in-adjacency. The map is a contraction with factor p in the L1 norm (each
//! y hands out exactly p × I(y) in total), so the error after t steps is at most
//! `pᵗ × ‖I‖₁`; it stops once the largest change of one step falls below `tolerance`.
//!
//! Reference: Daniel Tunkelang, "A Twitter analog to PageRank" (2009).
//! Complexity: O(iterations × (V + E)) time, O(V) extra memory; iterations ≈
//! log(tolerance) / log(p), about 10 for the default p.

use super::iteration::{iterate, Stopping};
use super::{Context, Metric, MetricError, MetricInfo, MetricOutput, ParamInfo, ParamKind, Params, ValueKind};
use crate::csr::Csr;
use crate::progress::{Cancelled, Progress};

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "tunkrank",
        values: ValueKind::Score,
        name: "TunkRank",
        explanation: "How many people can be expected to see what this account posts: each \
            account that pays attention to it contributes its share of attention (one over the \
            number of accounts it follows or engages with), plus, with probability p, its own \
            TunkRank as it passes the post on. Attention from focused accounts counts more than \
            from accounts that interact with everyone.",
        reference: "Tunkelang (2009), \"A Twitter analog to PageRank\"",
        complexity: "O(iterations × (V + E))",
        params: &[
            ParamInfo {
                id: "p",
                name: "Repost probability",
                help: "The chance that a reader passes a post on to their own audience.",
                kind: ParamKind::Number {
                    default: 0.05,
                    min: 0.0,
                    max: 0.99,
                    integer: false,
                },
            },
            ParamInfo {
                id: "tolerance",
                name: "Tolerance",
                help: "Stop when no account's value changes by more than this in one iteration.",
                kind: ParamKind::Number {
                    default: 1e-12,
                    min: 1e-15,
                    max: 1e-2,
                    integer: false,
                },
            },
            ParamInfo {
                id: "max_iterations",
                name: "Maximum iterations",
                help: "Stop after this many iterations even if not converged.",
                kind: ParamKind::Number {
                    default: 10_000.0,
                    min: 1.0,
                    max: 1_000_000.0,
                    integer: true,
                },
            },
        ],
    },
    compute,
};

fn compute(
    context: &Context,
    params: &Params,
    progress: &mut dyn Progress,
) -> Result<MetricOutput, MetricError> {
    let info = &METRIC.info;
    let settings = Settings {
        p: params.number(info, "p")?,
        tolerance: params.number(info, "tolerance")?,
        max_iterations: params.number(info, "max_iterations")? as usize,
    };
    let result = tunkrank(context.graph, &settings, progress)?;
    Ok(MetricOutput::values(result.scores)
        .with_detail("iterations", "Iterations", result.iterations as f64)
        .with_detail(
            "last_change",
            "Largest change in the last iteration",
            result.last_change,
        ))
}

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub p: f64,
    pub tolerance: f64,
    pub max_iterations: usize,
}

#[derive(Debug, Clone)]
pub struct TunkRank {
    pub scores: Vec<f64>,
    pub iterations: usize,
    pub last_change: f64,
}

pub fn tunkrank(
    graph: &Csr,
    settings: &Settings,
    progress: &mut dyn Progress,
) -> Result<TunkRank, Cancelled> {
    let n = graph.node_count();
    let inverse_out_degree: Vec<f64> = (0..n)
        .map(|v| match graph.out.degree(v) {
            0 => 0.0,
            d => 1.0 / d as f64,
        })
        .collect();
    let mut scores = vec![0.0; n];
    let mut share = vec![0.0; n];
    let stopping = Stopping {
        threshold: settings.tolerance,
        max_iterations: settings.max_iterations,
    };
    let outcome = iterate(stopping, "TunkRank", progress, || {
        for v in 0..n {
            share[v] = (1.0 + settings.p * scores[v]) * inverse_out_degree[v];
        }
        let mut largest_change = 0.0f64;
        for (x, score) in scores.iter_mut().enumerate() {
            let next: f64 = graph.inc.neighbours(x).iter().map(|&y| share[y as usize]).sum();
            largest_change = largest_change.max((next - *score).abs());
            *score = next;
        }
        largest_change
    })?;
    Ok(TunkRank {
        scores,
        iterations: outcome.iterations,
        last_change: outcome.last_change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    const SETTINGS: Settings = Settings {
        p: 0.05,
        tolerance: 1e-14,
        max_iterations: 1000,
    };

    #[test]
    fn mutual_pair_by_hand() {
        // a ↔ b, each with out-degree 1: I = 1 + p I, so I = 1 / (1 − p).
        let graph = Csr::from_edges(2, vec![(0, 1, 3.0), (1, 0, 1.0)].into_iter());
        let result = tunkrank(&graph, &SETTINGS, &mut Silent).unwrap();
        for value in result.scores {
            assert!((value - 1.0 / 0.95).abs() < 1e-13);
        }
    }

    #[test]
    fn attention_is_shared_among_the_followed() {
        // 0 → 1, 0 → 2, 3 → 2: 1 gets half of 0's attention, 2 gets half plus all of 3's.
        let edges = vec![(0, 1, 1.0), (0, 2, 1.0), (3, 2, 1.0)];
        let result = tunkrank(&Csr::from_edges(4, edges.into_iter()), &SETTINGS, &mut Silent).unwrap();
        assert_eq!(result.scores, vec![0.0, 0.5, 1.5, 0.0]);
    }
}
