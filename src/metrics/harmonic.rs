//! Harmonic centrality: the sum over the other accounts of one over their distance to
//! this account.
//!
//! Definition, as `networkx.harmonic_centrality(G)` (hop distances):
//! `harmonic(u) = Σ_{v ≠ u} 1 / d(v, u)`, with `1 / ∞ = 0` for accounts that cannot
//! reach u. Unlike closeness it needs no correction for disconnected networks: an
//! account that cannot reach u simply adds nothing. Distances are incoming, as networkx
//! computes them on a DiGraph: one breadth-first search per account along the in-adjacency.
//!
//! The searches are cut into blocks of sources ([`split`]) that threads run in parallel.
//!
//! Reference: Marchiori & Latora (2000); Boldi & Vigna (2014); `networkx.harmonic_centrality`.
//! Complexity: O(V × (V + E)) time, O(V) extra memory (one reused search).

use super::bfs::Bfs;
use super::split::{self, Split};
use super::{Metric, MetricInfo, ValueKind};

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "harmonic",
        values: ValueKind::Score,
        name: "Harmonic centrality",
        explanation: "How many accounts reach this account, and in how few hops: every \
            account that interacts with it directly adds 1, every account two steps away \
            adds 1/2, three steps 1/3, and so on. Unlike closeness it is not distorted when \
            the network falls apart into separate groups.",
        reference: "Marchiori & Latora (2000), Boldi & Vigna (2014); networkx.harmonic_centrality(G)",
        complexity: "O(V × (V + E))",
        params: &[],
    },
    compute: |context, params, progress| {
        let split = Split::plan(METRIC.info.id, context.graph, params)?.expect("harmonic splits");
        Ok(split::compute(&split, context.graph, context.threads, progress)?)
    },
};

/// Harmonic centrality of the last search's source.
pub(super) fn value(search: &Bfs) -> f64 {
    // The source itself, first in the list, is at distance 0 and is skipped.
    let reached = search.reached();
    reached[1..]
        .iter()
        .map(|&v| 1.0 / f64::from(search.distance(v)))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;
    use crate::metrics::{run_on_graph, Params};

    #[test]
    fn path_by_hand() {
        // 0 → 1 → 2: node 2 is reached by 1 in one hop and by 0 in two.
        let graph = Csr::from_edges(3, vec![(0, 1, 1.0), (1, 2, 1.0)].into_iter());
        let values = run_on_graph(&METRIC, &graph, &Params::default()).unwrap().values;
        assert_eq!(values, vec![0.0, 1.0, 1.5]);
    }
}
