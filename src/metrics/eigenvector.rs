//! Eigenvector centrality: an account is central when central accounts interact with it.
//!
//! Definition, as `networkx.eigenvector_centrality(G, weight="weight")`: the principal
//! left eigenvector of the weighted adjacency A (`x_v ∝ Σ_{u → v} w(u, v) x_u`, incoming
//! interactions as networkx reads a DiGraph), with Euclidean norm 1.
//!
//! Computed exactly as networkx does, so that the two agree to rounding: start from the
//! all-ones vector divided by n, iterate `x ← (A + I)ᵀ x` (the shift by I keeps
//! periodic graphs from oscillating without changing the eigenvectors), divide by the
//! Euclidean norm, and stop once `Σ_v |x_v − x_v(previous)| < n × tolerance`; the
//! defaults are networkx's (`tol=1e-6`, `max_iter=100`).
//!
//! Without convergence. On a network with no cycle of interactions (a DAG) the
//! eigenvector is degenerate: A has only the eigenvalue 0 and the iterates drift, ever
//! more slowly, towards the ends of the longest chains. networkx then raises
//! `PowerIterationFailedConvergence`; attaché returns the last iterate, `(A + I)ᵀᵏ 1`
//! normalised after k = `max_iterations` steps (a count of chains of interactions
//! ending at each account, longer chains counting more), and reports `converged = 0`
//! in the details, so the page can say the column is not an eigenvector. The same holds
//! for the rare graphs with cycles that converge too slowly.
//!
//! Reference: Bonacich (1987); `networkx.eigenvector_centrality`.
//! Complexity: O(iterations × (V + E)) time, O(V) extra memory.

use super::iteration::{iterate, Stopping};
use super::{Context, Metric, MetricError, MetricInfo, MetricOutput, ParamInfo, ParamKind, Params, ValueKind};
use crate::csr::Csr;
use crate::progress::{Cancelled, Progress};

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "eigenvector",
        values: ValueKind::Score,
        name: "Eigenvector centrality",
        explanation: "How much attention this account receives from accounts that themselves \
            receive much attention, weighted by how often they interact with it. Like \
            PageRank but without random jumps and without dividing an account's influence \
            among everyone it interacts with. On a network without any cycle of interactions \
            it is not defined: the scores shown are then the last step of the calculation, \
            flagged as not converged.",
        reference: "Bonacich (1987); networkx.eigenvector_centrality(G, weight=\"weight\")",
        complexity: "O(iterations × (V + E))",
        params: &[
            ParamInfo {
                id: "tolerance",
                name: "Tolerance",
                help: "Stop when the average change per account in one iteration falls below \
                    this (networkx's default: 1e-6).",
                kind: ParamKind::Number {
                    default: 1e-6,
                    min: 1e-15,
                    max: 1e-2,
                    integer: false,
                },
            },
            ParamInfo {
                id: "max_iterations",
                name: "Maximum iterations",
                help: "Stop after this many iterations even if not converged (networkx's default: 100).",
                kind: ParamKind::Number {
                    default: 100.0,
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
    let result = eigenvector(context.graph, &Settings::from_params(params)?, progress)?;
    Ok(MetricOutput::values(result.scores)
        .with_detail("iterations", "Iterations", result.iterations as f64)
        .with_detail(
            "converged",
            "Converged (1 yes, 0 no)",
            f64::from(u8::from(result.converged)),
        ))
}

/// The settings of the iteration; their defaults are the catalogue's (networkx's).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub tolerance: f64,
    pub max_iterations: usize,
}

impl Settings {
    pub fn from_params(params: &Params) -> Result<Settings, MetricError> {
        let info = &METRIC.info;
        Ok(Settings {
            tolerance: params.number(info, "tolerance")?,
            max_iterations: params.number(info, "max_iterations")? as usize,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Eigenvector {
    pub scores: Vec<f64>,
    pub iterations: usize,
    pub converged: bool,
}

pub fn eigenvector(
    graph: &Csr,
    settings: &Settings,
    progress: &mut dyn Progress,
) -> Result<Eigenvector, Cancelled> {
    let n = graph.node_count();
    if n == 0 {
        return Ok(Eigenvector {
            scores: Vec::new(),
            iterations: 0,
            converged: true,
        });
    }
    let mut scores = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    let stopping = Stopping {
        threshold: n as f64 * settings.tolerance,
        max_iterations: settings.max_iterations,
    };
    let outcome = iterate(stopping, "Eigenvector centrality", progress, || {
        for (v, slot) in next.iter_mut().enumerate() {
            let inflow: f64 = graph
                .inc
                .neighbours(v)
                .iter()
                .zip(graph.inc.weights(v))
                .map(|(&u, &w)| scores[u as usize] * w)
                .sum();
            *slot = scores[v] + inflow;
        }
        let norm = next.iter().map(|x| x * x).sum::<f64>().sqrt();
        // Never zero for non-negative weights; networkx guards the same way.
        let norm = if norm > 0.0 { norm } else { 1.0 };
        next.iter_mut().for_each(|x| *x /= norm);
        let change: f64 = next.iter().zip(&scores).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut scores, &mut next);
        change
    })?;
    Ok(Eigenvector {
        scores,
        iterations: outcome.iterations,
        converged: outcome.converged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    const NETWORKX: Settings = Settings {
        tolerance: 1e-6,
        max_iterations: 100,
    };

    #[test]
    fn symmetric_triangle_is_uniform() {
        let edges = (0..3u32).flat_map(|u| (0..3u32).filter(move |&v| v != u).map(move |v| (u, v, 1.0)));
        let graph = Csr::from_edges(3, edges.collect::<Vec<_>>().into_iter());
        let result = eigenvector(&graph, &NETWORKX, &mut Silent).unwrap();
        assert!(result.converged);
        for x in result.scores {
            assert!((x - 1.0 / 3f64.sqrt()).abs() < 1e-12);
        }
    }

    #[test]
    fn a_dag_does_not_converge_and_says_so() {
        let graph = Csr::from_edges(3, vec![(0, 1, 1.0), (1, 2, 1.0)].into_iter());
        let result = eigenvector(&graph, &NETWORKX, &mut Silent).unwrap();
        assert!(!result.converged);
        assert_eq!(result.iterations, 100);
        // (A + I)ᵀ¹⁰⁰ 1 = (1, 101, 1 + 100 + 4950) up to the norm: the chain's end leads.
        let (a, b, c) = (1.0, 101.0, 5051.0);
        let norm = f64::sqrt(a * a + b * b + c * c);
        for (x, want) in result.scores.iter().zip([a, b, c]) {
            assert!((x - want / norm).abs() < 1e-12, "{:?}", result.scores);
        }
    }

    #[test]
    fn no_interactions_converge_to_uniform_as_networkx() {
        let graph = Csr::from_edges(4, std::iter::empty());
        let result = eigenvector(&graph, &NETWORKX, &mut Silent).unwrap();
        assert!(result.converged);
        assert!(result.scores.iter().all(|&x| (x - 0.5).abs() < 1e-15));
    }
}
