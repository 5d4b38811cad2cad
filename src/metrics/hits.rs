//! HITS hubs and authorities (Kleinberg 1999): an authority is an account that good hubs
//! point to, a hub one that points to good authorities.
//!
//! Definition, as `networkx.hits(G)` (weighted adjacency `A`, normalised to sum 1): the
//! authority vector `a` is the principal eigenvector of `AᵀA` (the top right singular
//! vector of A), the hub vector `h = A a`, each divided by its sum.
//!
//! Computed by Kleinberg's power iteration `a ← Aᵀ(A a)`, renormalised each step, from
//! the all-ones vector, until the L1 change of the normalised `a` falls below `tolerance`.
//! When the largest singular value of A is simple, the limit is the vector networkx
//! obtains from ARPACK (`scipy.sparse.linalg.svds`), and the tests compare the two.
//! When it is not (two identical components, a directed cycle), networkx's answer is an
//! arbitrary vector of the top singular subspace, which depends on ARPACK's random start
//! and can have negative entries; the power iteration instead converges to the
//! projection of all-ones onto that subspace: non-negative, deterministic, and symmetric
//! accounts get equal scores (what networkx's pure-Python `hits` of version 2 computed).
//! A network without interactions has no hubs and no authorities: all zero (networkx
//! fails there). When the iteration does not converge within `max_iterations` (a top
//! singular value very close to the next), the last iterate is returned and the
//! `converged` detail is 0.
//!
//! Reference: Kleinberg (1999); `networkx.hits`.
//! Complexity: O(iterations × (V + E)) time, O(V) extra memory; the convergence rate is
//! (σ₂/σ₁)², the squared ratio of the two largest singular values.

use super::iteration::{iterate, Stopping};
use super::{Context, Metric, MetricError, MetricInfo, MetricOutput, ParamInfo, ParamKind, Params, ValueKind};
use crate::csr::Csr;
use crate::progress::{Cancelled, Progress};

const PARAMS: &[ParamInfo] = &[
    ParamInfo {
        id: "tolerance",
        name: "Tolerance",
        help: "Stop when the total (L1) change of the normalised authorities in one iteration \
            falls below this.",
        kind: ParamKind::Number {
            default: 1e-13,
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
];

pub const HUB: Metric = Metric {
    info: MetricInfo {
        id: "hub",
        values: ValueKind::Score,
        name: "Hub score",
        explanation: "How much this account points its audience to the accounts that matter: \
            a good hub interacts with many good authorities (HITS). Curators, aggregators and \
            accounts that amplify the central voices score high. All accounts together sum to 1.",
        reference: "Kleinberg (1999); networkx.hits(G) (hubs)",
        complexity: "O(iterations × (V + E))",
        params: PARAMS,
    },
    compute: |context, params, progress| compute(context, params, progress, &HUB.info, Side::Hubs),
};

pub const AUTHORITY: Metric = Metric {
    info: MetricInfo {
        id: "authority",
        values: ValueKind::Score,
        name: "Authority score",
        explanation: "How much the network's good hubs point to this account: an authority is \
            the account the curators and amplifiers turn to (HITS). Unlike PageRank it rewards \
            being chosen by active pointers rather than by important accounts. All accounts \
            together sum to 1.",
        reference: "Kleinberg (1999); networkx.hits(G) (authorities)",
        complexity: "O(iterations × (V + E))",
        params: PARAMS,
    },
    compute: |context, params, progress| {
        compute(context, params, progress, &AUTHORITY.info, Side::Authorities)
    },
};

#[derive(Clone, Copy)]
enum Side {
    Hubs,
    Authorities,
}

fn compute(
    context: &Context,
    params: &Params,
    progress: &mut dyn Progress,
    info: &MetricInfo,
    side: Side,
) -> Result<MetricOutput, MetricError> {
    let settings = Settings {
        tolerance: params.number(info, "tolerance")?,
        max_iterations: params.number(info, "max_iterations")? as usize,
    };
    let result = hits(context.graph, &settings, progress)?;
    let values = match side {
        Side::Hubs => result.hubs,
        Side::Authorities => result.authorities,
    };
    Ok(MetricOutput::values(values)
        .with_detail("iterations", "Iterations", result.iterations as f64)
        .with_detail(
            "converged",
            "Converged (1 yes, 0 no)",
            f64::from(u8::from(result.converged)),
        ))
}

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub tolerance: f64,
    pub max_iterations: usize,
}

#[derive(Debug, Clone)]
pub struct Hits {
    pub hubs: Vec<f64>,
    pub authorities: Vec<f64>,
    pub iterations: usize,
    pub converged: bool,
}

pub fn hits(graph: &Csr, settings: &Settings, progress: &mut dyn Progress) -> Result<Hits, Cancelled> {
    let n = graph.node_count();
    if graph.edge_count() == 0 {
        return Ok(Hits {
            hubs: vec![0.0; n],
            authorities: vec![0.0; n],
            iterations: 0,
            converged: true,
        });
    }
    let mut authorities = vec![1.0 / n as f64; n];
    let mut hubs = vec![0.0; n];
    let mut next = vec![0.0; n];
    let stopping = Stopping {
        threshold: settings.tolerance,
        max_iterations: settings.max_iterations,
    };
    let outcome = iterate(stopping, "HITS", progress, || {
        multiply(graph, Direction::Forward, &authorities, &mut hubs);
        multiply(graph, Direction::Transposed, &hubs, &mut next);
        normalise_to_sum_one(&mut next);
        let change: f64 = next.iter().zip(&authorities).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut authorities, &mut next);
        change
    })?;
    multiply(graph, Direction::Forward, &authorities, &mut hubs);
    normalise_to_sum_one(&mut hubs);
    Ok(Hits {
        hubs,
        authorities,
        iterations: outcome.iterations,
        converged: outcome.converged,
    })
}

enum Direction {
    /// `y = A x`: each node sums its targets' values (its out-row).
    Forward,
    /// `y = Aᵀ x`: each node sums its sources' values (its in-row).
    Transposed,
}

fn multiply(graph: &Csr, direction: Direction, x: &[f64], y: &mut [f64]) {
    let rows = match direction {
        Direction::Forward => &graph.out,
        Direction::Transposed => &graph.inc,
    };
    for (v, slot) in y.iter_mut().enumerate() {
        *slot = rows
            .neighbours(v)
            .iter()
            .zip(rows.weights(v))
            .map(|(&u, &w)| w * x[u as usize])
            .sum();
    }
}

fn normalise_to_sum_one(values: &mut [f64]) {
    let total: f64 = values.iter().sum();
    if total > 0.0 {
        values.iter_mut().for_each(|v| *v /= total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    const SETTINGS: Settings = Settings {
        tolerance: 1e-13,
        max_iterations: 10_000,
    };

    #[test]
    fn star_by_hand() {
        // 0 and 1 both point to 2 and 3: they are the hubs, 2 and 3 the authorities.
        let edges = vec![(0, 2, 1.0), (0, 3, 1.0), (1, 2, 1.0), (1, 3, 1.0)];
        let result = hits(&Csr::from_edges(5, edges.into_iter()), &SETTINGS, &mut Silent).unwrap();
        assert_eq!(result.hubs, vec![0.5, 0.5, 0.0, 0.0, 0.0]);
        assert_eq!(result.authorities, vec![0.0, 0.0, 0.5, 0.5, 0.0]);
        assert!(result.converged);
    }

    #[test]
    fn a_directed_cycle_is_symmetric_not_arbitrary() {
        // Every singular value of a cycle is 1: the answer is the uniform vector.
        let edges = vec![(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)];
        let result = hits(&Csr::from_edges(3, edges.into_iter()), &SETTINGS, &mut Silent).unwrap();
        for value in result.hubs.iter().chain(&result.authorities) {
            assert!((value - 1.0 / 3.0).abs() < 1e-15);
        }
    }

    #[test]
    fn no_interactions_means_no_hubs_or_authorities() {
        let result = hits(&Csr::from_edges(3, std::iter::empty()), &SETTINGS, &mut Silent).unwrap();
        assert_eq!(result.hubs, vec![0.0; 3]);
        assert_eq!(result.authorities, vec![0.0; 3]);
    }
}
