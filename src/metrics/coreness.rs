//! Coreness (k-core number): the largest k such that the account belongs to a group in
//! which everyone interacts with at least k others of the group.
//!
//! Definition, as `networkx.core_number(U)` on the undirected simple view U (each pair
//! that interacts in either direction is one link; weights ignored): the k-core is the
//! largest subgraph whose nodes all have degree ≥ k within it; an account's coreness is
//! the largest k whose k-core contains it. Isolated accounts have coreness 0.
//!
//! Computed by Batagelj & Zaversnik's bucket algorithm: peel accounts in order of
//! current degree, each peel lowering its remaining neighbours' degrees, with nodes kept
//! sorted by degree in one array and bucket starts (no heap, no hashing).
//!
//! Reference: Seidman (1983); Batagelj & Zaversnik (2003); `networkx.core_number`.
//! Complexity: O(V + E) time, O(V) extra memory.

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::csr::Adjacency;

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "coreness",
        values: ValueKind::Count,
        name: "Coreness",
        explanation: "How deep in the network's dense core this account sits: coreness k means \
            it belongs to a group in which everyone interacts (in either direction) with at \
            least k others of the same group. Peripheral accounts have low coreness, the tight \
            inner circle the highest.",
        reference: "Seidman (1983), Batagelj & Zaversnik (2003); networkx.core_number(U)",
        complexity: "O(V + E)",
        params: &[],
    },
    compute: |context, _, _| {
        let cores = core_numbers(context.graph.undirected());
        Ok(MetricOutput::values(cores.into_iter().map(f64::from).collect()))
    },
};

/// Core number of every node of the undirected adjacency `u`.
pub fn core_numbers(u: &Adjacency) -> Vec<u32> {
    let n = u.offsets.len().saturating_sub(1);
    let mut degree: Vec<u32> = (0..n).map(|v| u.degree(v) as u32).collect();
    let max_degree = degree.iter().copied().max().unwrap_or(0) as usize;

    // Counting sort by degree: `sorted` holds the nodes, `bucket_start[d]` where degree d begins.
    let mut bucket_start = vec![0u32; max_degree + 2];
    for &d in &degree {
        bucket_start[d as usize + 1] += 1;
    }
    for d in 0..=max_degree {
        bucket_start[d + 1] += bucket_start[d];
    }
    let mut position = vec![0u32; n];
    let mut sorted = vec![0u32; n];
    let mut next_slot = bucket_start.clone();
    for v in 0..n {
        let slot = &mut next_slot[degree[v] as usize];
        position[v] = *slot;
        sorted[*slot as usize] = v as u32;
        *slot += 1;
    }

    // Peel in order; a neighbour with a higher current degree moves to the front of its
    // bucket, and the bucket's start moves past it, which lowers its degree by one.
    for i in 0..n {
        let v = sorted[i] as usize;
        for &w in u.neighbours(v) {
            let w = w as usize;
            if degree[w] > degree[v] {
                let d = degree[w] as usize;
                let first = bucket_start[d] as usize;
                let displaced = sorted[first] as usize;
                if displaced != w {
                    sorted.swap(first, position[w] as usize);
                    position[displaced] = position[w];
                    position[w] = first as u32;
                }
                bucket_start[d] += 1;
                degree[w] -= 1;
            }
        }
    }
    degree
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;

    #[test]
    fn triangle_with_a_tail_and_an_isolated_node() {
        // Triangle 0-1-2 (in mixed directions), tail 2-3-4, isolated 5.
        let edges = vec![
            (0, 1, 1.0),
            (2, 1, 1.0),
            (0, 2, 1.0),
            (2, 0, 1.0),
            (3, 2, 1.0),
            (3, 4, 1.0),
        ];
        let graph = Csr::from_edges(6, edges.into_iter());
        assert_eq!(core_numbers(graph.undirected()), vec![2, 2, 2, 1, 1, 0]);
    }

    #[test]
    fn clique_of_five() {
        let edges: Vec<_> = (0..5u32)
            .flat_map(|u| (u + 1..5).map(move |v| (u, v, 1.0)))
            .collect();
        let graph = Csr::from_edges(5, edges.into_iter());
        assert_eq!(core_numbers(graph.undirected()), vec![4; 5]);
    }
}
