//! Component: which part of the network an account belongs to, when the network falls
//! apart into several conversations that never touch.
//!
//! Definition: the weakly connected components of G (= the connected components of U):
//! two accounts are in the same component when a chain of interactions, in either
//! direction, links them. Components are numbered 1, 2, ... by decreasing size; among
//! components of the same size, the one holding the earliest account (in the order the
//! accounts were read) comes first. An account without interactions is a component of
//! its own. Details: the number of components and the size of the largest.
//!
//! Reference: `networkx.weakly_connected_components(G)` (the partition; the numbering is
//! attaché's). Computed by [`crate::structure::weak_components`] (petgraph's `UnionFind`).
//! Complexity: O(V + E α(V)), plus O(C log C) to order the C components.

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::structure::weak_components;

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "component",
        values: ValueKind::Category,
        name: "Component",
        explanation: "Which separate conversation this account belongs to: accounts linked by a \
            chain of interactions, in either direction, share a component. Component 1 is the \
            largest, 2 the next, and so on; an account nobody interacted with and that \
            interacted with nobody is a component of its own. The number is a label, not a \
            score. Caveat: components describe the data collected: two groups that look \
            apart may well talk to each other in interactions the collection missed.",
        reference: "networkx.weakly_connected_components(G), numbered by decreasing size",
        complexity: "O(V + E)",
        params: &[],
    },
    compute: |context, _, _| {
        let components = weak_components(context.graph);
        let largest = components.sizes.first().copied().unwrap_or(0);
        Ok(
            MetricOutput::values(components.number.iter().map(|&k| f64::from(k)).collect())
                .with_detail("components", "Components", components.count() as f64)
                .with_detail("largest", "Accounts in the largest component", f64::from(largest)),
        )
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;
    use crate::metrics::{run_on_graph, Params};

    #[test]
    fn numbers_by_size_then_by_earliest_account() {
        // {0, 4} and {1, 2} tie at two accounts (the one holding 0 first), {3, 5, 6} is
        // the largest, 7 interacts with nobody.
        let edges = vec![(4, 0, 1.0), (1, 2, 1.0), (3, 5, 1.0), (6, 5, 1.0)];
        let graph = Csr::from_edges(8, edges.into_iter());
        let output = run_on_graph(&METRIC, &graph, &Params::default()).unwrap();
        assert_eq!(output.values, vec![2.0, 3.0, 3.0, 1.0, 2.0, 1.0, 1.0, 4.0]);
        assert_eq!(output.detail("components"), Some(4.0));
        assert_eq!(output.detail("largest"), Some(3.0));
    }
}
