//! Local clustering coefficient: how many of an account's contacts are in contact with
//! each other.
//!
//! Definition, as `networkx.clustering(U)` on the undirected simple view U (unweighted):
//! `c(v) = T(v) / (k(k − 1) / 2)`, with k the number of v's neighbours and T(v) the
//! number of links among them (triangles through v); 0 when k < 2.
//!
//! Triangles are counted once each with the forward algorithm: order the nodes by
//! (degree, index), orient every link from lower to higher rank, and for each node mark
//! its forward neighbours and scan theirs; every triangle is found exactly once from its
//! lowest-ranked node and credited to its three corners. Marks are stamps (the current
//! node's index), so no buffer is ever cleared.
//!
//! Reference: Watts & Strogatz (1998); Latapy (2008) for the counting; `networkx.clustering`.
//! Complexity: O(E^1.5) time, O(V + E) extra memory (the forward adjacency).

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::csr::Adjacency;
use crate::progress::{Cancelled, Progress};

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "clustering",
        values: ValueKind::Score,
        name: "Clustering",
        explanation: "How tightly knit this account's circle is: the share of pairs among the \
            accounts it interacts with (in either direction) that also interact with each \
            other. 1 means its contacts all know each other; 0 that it bridges accounts that \
            otherwise have nothing to do with each other.",
        reference: "Watts & Strogatz (1998); networkx.clustering(U)",
        complexity: "O(E^1.5)",
        params: &[],
    },
    compute: |context, _, progress| {
        let values = clustering(context.graph.undirected(), progress)?;
        Ok(MetricOutput::values(values))
    },
};

/// The clustering coefficient of every node of the undirected adjacency `u`.
pub fn clustering(u: &Adjacency, progress: &mut dyn Progress) -> Result<Vec<f64>, Cancelled> {
    let n = u.offsets.len().saturating_sub(1);
    let triangles = triangles_per_node(u, progress)?;
    Ok((0..n)
        .map(|v| {
            let k = u.degree(v) as f64;
            if k < 2.0 {
                0.0
            } else {
                2.0 * triangles[v] as f64 / (k * (k - 1.0))
            }
        })
        .collect())
}

/// The number of triangles through each node.
pub fn triangles_per_node(u: &Adjacency, progress: &mut dyn Progress) -> Result<Vec<u64>, Cancelled> {
    let n = u.offsets.len().saturating_sub(1);
    let outranks = |a: usize, b: usize| (u.degree(a), a) > (u.degree(b), b);
    // Forward adjacency: each link kept once, at its lower-ranked end.
    let mut offsets = Vec::with_capacity(n + 1);
    let mut forward = Vec::with_capacity(u.neighbours.len() / 2);
    offsets.push(0usize);
    for v in 0..n {
        forward.extend(
            u.neighbours(v)
                .iter()
                .copied()
                .filter(|&w| outranks(w as usize, v)),
        );
        offsets.push(forward.len());
    }
    let mut triangles = vec![0u64; n];
    let mut stamp = vec![u32::MAX; n];
    for v in 0..n {
        if v % 1024 == 0 {
            progress.step("Clustering", v as f64 / n as f64)?;
        }
        let ahead = &forward[offsets[v]..offsets[v + 1]];
        for &w in ahead {
            stamp[w as usize] = v as u32;
        }
        for &w in ahead {
            for &x in &forward[offsets[w as usize]..offsets[w as usize + 1]] {
                if stamp[x as usize] == v as u32 {
                    triangles[v] += 1;
                    triangles[w as usize] += 1;
                    triangles[x as usize] += 1;
                }
            }
        }
    }
    Ok(triangles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;
    use crate::progress::Silent;

    #[test]
    fn triangle_with_a_pendant() {
        // Triangle 0-1-2 and a pendant 3 on 0: c(0) = 1 of 3 pairs; c(1) = c(2) = 1.
        let edges = vec![(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (0, 2, 1.0), (3, 0, 1.0)];
        let graph = Csr::from_edges(5, edges.into_iter());
        let values = clustering(graph.undirected(), &mut Silent).unwrap();
        assert_eq!(values, vec![1.0 / 3.0, 1.0, 1.0, 0.0, 0.0]);
    }

    #[test]
    fn every_triangle_of_a_clique_is_counted_once() {
        let edges: Vec<_> = (0..6u32)
            .flat_map(|u| (u + 1..6).map(move |v| (v, u, 1.0)))
            .collect();
        let graph = Csr::from_edges(6, edges.into_iter());
        // Each node of K6 lies on C(5, 2) = 10 triangles.
        assert_eq!(
            triangles_per_node(graph.undirected(), &mut Silent).unwrap(),
            vec![10; 6]
        );
        assert_eq!(clustering(graph.undirected(), &mut Silent).unwrap(), vec![1.0; 6]);
    }
}
