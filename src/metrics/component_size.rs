//! Component size: how many accounts the account's conversation holds.
//!
//! Definition: the number of accounts in the account's weakly connected component of G
//! (see [`super::component`]); 1 for an account without interactions.
//!
//! Reference: `len(c)` for the component `c` of `networkx.weakly_connected_components(G)`
//! holding the account. Computed by [`crate::structure::weak_components`].
//! Complexity: O(V + E α(V)).

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::structure::weak_components;

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "component_size",
        values: ValueKind::Count,
        name: "Component size",
        explanation: "How many accounts are in this account's component: the accounts it is \
            linked to by some chain of interactions, in either direction, itself included. \
            Accounts in the main conversation share its large size; those in small side \
            conversations, or alone, have small ones. Caveat: it says how far the account's \
            conversation extends in the data, not how many accounts it reaches: a chain of \
            interactions in either direction is not a path attention travels.",
        reference: "len of its networkx.weakly_connected_components(G) component",
        complexity: "O(V + E)",
        params: &[],
    },
    compute: |context, _, _| {
        let sizes = weak_components(context.graph).size_of_each();
        Ok(MetricOutput::values(sizes.into_iter().map(f64::from).collect()))
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;
    use crate::metrics::{run_on_graph, Params};

    #[test]
    fn size_of_each_accounts_component() {
        let edges = vec![(0, 1, 1.0), (2, 1, 1.0), (3, 4, 1.0)];
        let graph = Csr::from_edges(6, edges.into_iter());
        let output = run_on_graph(&METRIC, &graph, &Params::default()).unwrap();
        assert_eq!(output.values, vec![3.0, 3.0, 3.0, 2.0, 2.0, 1.0]);
    }
}
