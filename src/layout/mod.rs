//! Layouts: positions in the plane for drawing the network.
//!
//! A layout runs on the CSR snapshot read as an undirected graph (who interacts with
//! whom, in either direction), is seeded and deterministic, and advances by steps so
//! that the page can draw its positions while it runs. Positions are `f64` inside and
//! leave as `x, y` pairs.

pub mod forceatlas2;

pub use forceatlas2::{is_star_shaped, ForceAtlas2, Settings, SettingsPatch, StepStats};

use crate::csr::Csr;

/// The undirected view of a [`Csr`]: one edge per pair of accounts that interact in
/// either direction, weight = w(u → v) + w(v → u), listed with `a < b`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UndirectedEdges {
    pub a: Vec<u32>,
    pub b: Vec<u32>,
    pub weight: Vec<f64>,
    /// Distinct neighbours of each node (either direction).
    pub degree: Vec<u32>,
}

impl UndirectedEdges {
    /// Reads the snapshot's own undirected view ([`Csr::undirected`], built once and
    /// shared with the metrics on U), keeping each pair once: O(V + E).
    pub fn from_csr(graph: &Csr) -> Self {
        let undirected = graph.undirected();
        let node_count = graph.node_count();
        let mut edges = UndirectedEdges {
            degree: vec![0; node_count],
            ..Self::default()
        };
        for u in 0..node_count {
            for (&v, &weight) in undirected.neighbours(u).iter().zip(undirected.weights(u)) {
                if v as usize == u {
                    continue; // a self-loop pulls nothing
                }
                edges.degree[u] += 1;
                if v as usize > u {
                    edges.a.push(u as u32);
                    edges.b.push(v);
                    edges.weight.push(weight);
                }
            }
        }
        edges
    }

    /// Distinct neighbours of each node (either direction, self-loops left out), without
    /// listing the edges: what the layout's defaults are chosen from. O(V + E).
    pub fn degrees(graph: &Csr) -> Vec<u32> {
        let undirected = graph.undirected();
        (0..graph.node_count())
            .map(|u| {
                undirected
                    .neighbours(u)
                    .iter()
                    .filter(|&&v| v as usize != u)
                    .count() as u32
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.a.len()
    }

    pub fn is_empty(&self) -> bool {
        self.a.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_directions_merge_into_one_edge() {
        let graph = Csr::from_edges(
            4,
            vec![(0, 1, 1.0), (1, 0, 2.0), (2, 1, 0.5), (3, 3, 1.0)].into_iter(),
        );
        let edges = UndirectedEdges::from_csr(&graph);
        assert_eq!(edges.a, vec![0, 1]);
        assert_eq!(edges.b, vec![1, 2]);
        assert_eq!(edges.weight, vec![3.0, 0.5]);
        assert_eq!(edges.degree, vec![1, 2, 1, 0]);
        assert_eq!(UndirectedEdges::degrees(&graph), edges.degree);
    }
}
