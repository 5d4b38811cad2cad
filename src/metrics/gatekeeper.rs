//! Gatekeeper: whether the account holds parts of the network together, so that without
//! it they would no longer be linked.
//!
//! Definition: 1 when the account is an articulation point of U (removing it and its
//! interactions leaves more connected components than before), else 0. The account card
//! also shows the number of bridges of U it touches (links whose removal disconnects
//! U): [`crate::structure::Gatekeepers::bridges_touching`], through
//! [`crate::session::Session::gatekeeping`]. Details: the number of gatekeepers and of
//! bridges.
//!
//! Reference: `networkx.articulation_points(U)` and `networkx.bridges(U)`. Computed by
//! [`crate::structure::gatekeepers`] (an iterative Hopcroft–Tarjan search).
//! Complexity: O(V + E).

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::structure::gatekeepers;

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "gatekeeper",
        values: ValueKind::Count,
        name: "Gatekeeper",
        explanation: "1 when this account holds parts of the network together: without it \
            (and its interactions), some accounts of its component would no longer be linked \
            to the rest by any chain of interactions, in either direction. 0 otherwise. The \
            account card also counts its bridges: single links that are the only connection \
            between two parts. Caveat: it is all or nothing: an account linking a large \
            group to one other account is a gatekeeper too, and a second link the collection \
            missed would make it none.",
        reference: "networkx.articulation_points(U); networkx.bridges(U)",
        complexity: "O(V + E)",
        params: &[],
    },
    compute: |context, _, _| {
        let found = gatekeepers(context.graph);
        let count = found.articulation_count();
        Ok(MetricOutput::values(
            found
                .articulation
                .iter()
                .map(|&a| f64::from(u8::from(a)))
                .collect(),
        )
        .with_detail("gatekeepers", "Gatekeepers", count as f64)
        .with_detail("bridges", "Bridges", found.bridges.len() as f64))
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;
    use crate::metrics::{run_on_graph, Params};

    #[test]
    fn the_centre_of_a_star_and_the_middle_of_a_chain() {
        // Star 0 - {1, 2, 3}, chain 4 → 5 → 6.
        let edges = vec![(1, 0, 1.0), (0, 2, 1.0), (3, 0, 1.0), (4, 5, 1.0), (5, 6, 1.0)];
        let graph = Csr::from_edges(7, edges.into_iter());
        let output = run_on_graph(&METRIC, &graph, &Params::default()).unwrap();
        assert_eq!(output.values, vec![1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
        assert_eq!(output.detail("gatekeepers"), Some(2.0));
        assert_eq!(output.detail("bridges"), Some(5.0));
    }
}
