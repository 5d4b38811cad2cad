//! Closeness: how few hops the accounts that can reach an account need to reach it.
//!
//! Definition, as `networkx.closeness_centrality(G)` (hop distances, `wf_improved=True`):
//! with `d(v, u)` the hops of a shortest path v → u, `R(u)` the accounts other than u
//! that reach u (r = |R(u)|), and n the number of accounts,
//! `closeness(u) = (r / Σ_{v ∈ R(u)} d(v, u)) × (r / (n − 1))`, and 0 when nobody
//! reaches u. The second factor (Wasserman & Faust's correction) scales down accounts
//! reached only from a small part of the network, so that a pair of accounts replying
//! to each other does not outrank a hub of the main component.
//! Distances are incoming, as networkx computes them on a DiGraph: one breadth-first
//! search per account along the in-adjacency.
//!
//! The searches are cut into blocks of sources ([`split`]) that threads run in parallel.
//!
//! Reference: Freeman (1979); Wasserman & Faust (1994); `networkx.closeness_centrality`.
//! Complexity: O(V × (V + E)) time, O(V) extra memory (one reused search).

use super::bfs::Bfs;
use super::split::{self, Split};
use super::{Metric, MetricInfo, ValueKind};

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "closeness",
        values: ValueKind::Score,
        name: "Closeness",
        explanation: "How close the rest of the network is to this account: the inverse of \
            the average number of hops (account to account, along interactions) from the \
            accounts that reach it, scaled down when only few accounts reach it at all. High \
            values mean that attention from anywhere arrives in few steps.",
        reference: "Freeman (1979) with Wasserman & Faust's correction; networkx.closeness_centrality(G)",
        complexity: "O(V × (V + E))",
        params: &[],
    },
    compute: |context, params, progress| {
        let split = Split::plan(METRIC.info.id, context.graph, params)?.expect("closeness splits");
        Ok(split::compute(&split, context.graph, context.threads, progress)?)
    },
};

/// Closeness of the last search's source, from the `others` (n − 1) accounts.
pub(super) fn value(search: &Bfs, others: f64) -> f64 {
    let reached = search.reached();
    let total: u64 = reached.iter().map(|&v| u64::from(search.distance(v))).sum();
    let reaching = (reached.len() - 1) as f64;
    if total == 0 {
        0.0
    } else {
        reaching / total as f64 * (reaching / others)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;
    use crate::metrics::{run_on_graph, Params};

    #[test]
    fn path_by_hand() {
        // 0 → 1 → 2 and an isolated 3: d(0,2) = 2, d(1,2) = 1, so closeness(2) = 2/3 × 2/3.
        let graph = Csr::from_edges(4, vec![(0, 1, 1.0), (1, 2, 5.0)].into_iter());
        let values = run_on_graph(&METRIC, &graph, &Params::default()).unwrap().values;
        assert_eq!(values[0], 0.0);
        assert!((values[1] - 1.0 / 3.0).abs() < 1e-15);
        assert!((values[2] - 4.0 / 9.0).abs() < 1e-15);
        assert_eq!(values[3], 0.0);
    }
}
