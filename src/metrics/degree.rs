//! Degree and strength: how many accounts interact with an account (in-degree), how
//! many it interacts with (out-degree), and the summed interaction weights (strength).
//!
//! Definition: on the directed weighted graph G (parallel interactions merged),
//! `in_degree(v)` = number of distinct accounts u with u → v, `out_degree(v)` the number
//! with v → u; `in_strength(v)` = sum of weights of u → v, `out_strength` likewise.
//! Reference: `G.in_degree(v)`, `G.out_degree(v)`, `G.in_degree(v, weight="weight")`,
//! `G.out_degree(v, weight="weight")` of a networkx `DiGraph`.
//! Complexity: O(V + E).

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::csr::Adjacency;

pub const IN_DEGREE: Metric = Metric {
    info: MetricInfo {
        id: "in_degree",
        values: ValueKind::Count,
        name: "In-degree",
        explanation: "How many different accounts interacted with this account (followed, \
            reposted, quoted, replied to or mentioned it). Each account counts once, however \
            often it interacted.",
        reference: "networkx DiGraph.in_degree(v)",
        complexity: "O(V + E)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(degrees(&context.graph.inc))),
};

pub const OUT_DEGREE: Metric = Metric {
    info: MetricInfo {
        id: "out_degree",
        values: ValueKind::Count,
        name: "Out-degree",
        explanation: "How many different accounts this account interacted with. It measures \
            activity, not influence.",
        reference: "networkx DiGraph.out_degree(v)",
        complexity: "O(V + E)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(degrees(&context.graph.out))),
};

pub const IN_STRENGTH: Metric = Metric {
    info: MetricInfo {
        id: "in_strength",
        values: ValueKind::Score,
        name: "In-strength",
        explanation: "How many interactions this account received in all, weighted by the \
            kind weights: ten reposts by the same account count ten times.",
        reference: "networkx DiGraph.in_degree(v, weight=\"weight\")",
        complexity: "O(V + E)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(strengths(&context.graph.inc))),
};

pub const OUT_STRENGTH: Metric = Metric {
    info: MetricInfo {
        id: "out_strength",
        values: ValueKind::Score,
        name: "Out-strength",
        explanation: "How many interactions this account made in all, weighted by the kind weights.",
        reference: "networkx DiGraph.out_degree(v, weight=\"weight\")",
        complexity: "O(V + E)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(strengths(&context.graph.out))),
};

fn degrees(adjacency: &Adjacency) -> Vec<f64> {
    adjacency
        .offsets
        .windows(2)
        .map(|w| f64::from(w[1] - w[0]))
        .collect()
}

fn strengths(adjacency: &Adjacency) -> Vec<f64> {
    let nodes = adjacency.offsets.len().saturating_sub(1);
    (0..nodes).map(|v| adjacency.weights(v).iter().sum()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;

    #[test]
    fn degree_counts_distinct_neighbours_strength_sums_weights() {
        let graph = Csr::from_edges(3, vec![(0, 2, 1.0), (0, 2, 4.0), (1, 2, 1.0)].into_iter());
        assert_eq!(degrees(&graph.inc), vec![0.0, 0.0, 2.0]);
        assert_eq!(strengths(&graph.inc), vec![0.0, 0.0, 6.0]);
        assert_eq!(degrees(&graph.out), vec![1.0, 1.0, 0.0]);
        assert_eq!(strengths(&graph.out), vec![5.0, 1.0, 0.0]);
    }
}
