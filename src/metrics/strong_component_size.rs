//! Strong component size: how many accounts reach this account and are reached by it
//! along the direction of attention — the conversation's core of mutual attention.
//!
//! Definition: the number of accounts in the account's strongly connected component of
//! G: the accounts u such that chains of interactions lead, actor to target, both from
//! the account to u and from u back to it (the account itself included, so at least 1).
//! Details: the number of strong components, the size of the largest, and how many
//! accounts are in a strong component of two or more.
//!
//! Reference: `len(c)` for the component `c` of `networkx.strongly_connected_components(G)`
//! holding the account. Computed by [`crate::structure::strong_components`] (iterative).
//! Complexity: O(V + E).

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::structure::strong_components;

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "strong_component_size",
        values: ValueKind::Count,
        name: "Strong component size",
        explanation: "How many accounts are in this account's core of mutual attention: the \
            accounts it reaches by following interactions from actor to target, and that \
            reach it back the same way. A large value means the account is part of the \
            conversation's core, where attention circulates; 1 means attention only passes \
            through it one way (it only broadcasts, only receives, or sits on a one-way \
            chain). Caveat: one returned interaction is enough to join a core, so the core \
            can be large even where most attention goes one way.",
        reference: "len of its networkx.strongly_connected_components(G) component",
        complexity: "O(V + E)",
        params: &[],
    },
    compute: |context, _, _| {
        let components = strong_components(context.graph);
        let largest = components.sizes.first().copied().unwrap_or(0);
        let in_cycles: u32 = components.sizes.iter().filter(|&&s| s > 1).sum();
        Ok(
            MetricOutput::values(components.size_of_each().into_iter().map(f64::from).collect())
                .with_detail("components", "Strong components", components.count() as f64)
                .with_detail("largest", "Accounts in the largest", f64::from(largest))
                .with_detail(
                    "in_cycles",
                    "Accounts in a core of two or more",
                    f64::from(in_cycles),
                ),
        )
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;
    use crate::metrics::{run_on_graph, Params};

    #[test]
    fn the_cycle_is_the_core_the_rest_single() {
        // 0 → 1 → 2 → 0, 2 → 3, 4 → 0.
        let edges = vec![(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (2, 3, 1.0), (4, 0, 1.0)];
        let graph = Csr::from_edges(5, edges.into_iter());
        let output = run_on_graph(&METRIC, &graph, &Params::default()).unwrap();
        assert_eq!(output.values, vec![3.0, 3.0, 3.0, 1.0, 1.0]);
        assert_eq!(output.detail("components"), Some(3.0));
        assert_eq!(output.detail("in_cycles"), Some(3.0));
    }
}
