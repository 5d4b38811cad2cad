//! The compact snapshot metrics run on: compressed sparse rows in both directions.
//!
//! Built once from a [`Network`] (O(V + E), two counting sorts, no hashing), it merges
//! parallel interactions of all kinds into one weighted edge per actor → target pair,
//! weight = sum over events of `kind_weight[kind] × event weight`. Indices are `u32`,
//! weights `f64`: 12 bytes per edge and direction, 24 bytes per edge in all.
//! Edges whose total weight is not positive are left out: every metric here reads
//! weights as amounts of attention.

use crate::network::{Kind, Network};

/// How much one interaction of each kind counts (indexed by [`Kind::index`]). Default 1 each.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindWeights(pub [f64; 6]);

impl Default for KindWeights {
    fn default() -> Self {
        KindWeights([1.0; 6])
    }
}

impl KindWeights {
    pub fn get(&self, kind: Kind) -> f64 {
        self.0[kind.index()]
    }

    pub fn set(&mut self, kind: Kind, weight: f64) {
        self.0[kind.index()] = weight;
    }
}

/// One direction of adjacency: `targets[offsets[v]..offsets[v + 1]]` are `v`'s neighbours,
/// sorted ascending, each once, with the matching `weights`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Adjacency {
    pub offsets: Vec<u32>,
    pub neighbours: Vec<u32>,
    pub weights: Vec<f64>,
}

impl Adjacency {
    #[inline]
    pub fn range(&self, node: usize) -> std::ops::Range<usize> {
        self.offsets[node] as usize..self.offsets[node + 1] as usize
    }

    #[inline]
    pub fn neighbours(&self, node: usize) -> &[u32] {
        &self.neighbours[self.range(node)]
    }

    #[inline]
    pub fn weights(&self, node: usize) -> &[f64] {
        &self.weights[self.range(node)]
    }

    #[inline]
    pub fn degree(&self, node: usize) -> usize {
        (self.offsets[node + 1] - self.offsets[node]) as usize
    }
}

/// The directed weighted graph G of the metrics: out- and in-adjacency over the same edges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Csr {
    node_count: usize,
    pub out: Adjacency,
    pub inc: Adjacency,
}

impl Csr {
    pub fn from_network(network: &Network, kind_weights: &KindWeights) -> Csr {
        let events = &network.interactions;
        let edges = (0..events.len()).filter_map(|i| {
            let weight = kind_weights.get(events.kind[i]) * events.weight[i];
            (weight != 0.0).then_some((events.actor[i], events.target[i], weight))
        });
        Csr::from_edges(network.account_count(), edges)
    }

    /// Builds from `(source, target, weight)` triples; parallel edges are summed, and
    /// edges whose summed weight is not positive (or not finite) are dropped.
    pub fn from_edges(node_count: usize, edges: impl Iterator<Item = (u32, u32, f64)> + Clone) -> Csr {
        let out = merge_rows(node_count, edges.clone().map(|(s, t, w)| (s, t, w)));
        let inc = merge_rows(node_count, edges.map(|(s, t, w)| (t, s, w)));
        let (out, inc) = drop_non_positive(node_count, out, inc);
        Csr { node_count, out, inc }
    }

    pub fn node_count(&self) -> usize {
        self.node_count
    }

    pub fn edge_count(&self) -> usize {
        self.out.neighbours.len()
    }

    /// Sum of outgoing weights per node.
    pub fn out_strengths(&self) -> Vec<f64> {
        (0..self.node_count)
            .map(|v| self.out.weights(v).iter().sum())
            .collect()
    }
}

/// Groups `(row, column, weight)` by row with a counting sort, then sorts and merges each row.
fn merge_rows(node_count: usize, entries: impl Iterator<Item = (u32, u32, f64)> + Clone) -> Adjacency {
    let mut offsets = vec![0u32; node_count + 1];
    for (row, _, _) in entries.clone() {
        offsets[row as usize + 1] += 1;
    }
    for v in 0..node_count {
        offsets[v + 1] += offsets[v];
    }
    let total = offsets[node_count] as usize;
    let mut cursor = offsets.clone();
    let mut columns = vec![0u32; total];
    let mut weights = vec![0.0f64; total];
    for (row, column, weight) in entries {
        let slot = cursor[row as usize] as usize;
        columns[slot] = column;
        weights[slot] = weight;
        cursor[row as usize] += 1;
    }

    // Sort each row by column and fold parallel entries, compacting in place.
    let mut merged_offsets = vec![0u32; node_count + 1];
    let mut write = 0usize;
    let mut row_buffer: Vec<(u32, f64)> = Vec::new();
    for v in 0..node_count {
        let (start, end) = (offsets[v] as usize, offsets[v + 1] as usize);
        row_buffer.clear();
        row_buffer.extend(
            columns[start..end]
                .iter()
                .copied()
                .zip(weights[start..end].iter().copied()),
        );
        row_buffer.sort_by_key(|&(column, _)| column);
        let mut previous: Option<u32> = None;
        for &(column, weight) in &row_buffer {
            if previous == Some(column) {
                weights[write - 1] += weight;
            } else {
                columns[write] = column;
                weights[write] = weight;
                write += 1;
                previous = Some(column);
            }
        }
        merged_offsets[v + 1] = write as u32;
    }
    columns.truncate(write);
    weights.truncate(write);
    columns.shrink_to_fit();
    weights.shrink_to_fit();
    Adjacency {
        offsets: merged_offsets,
        neighbours: columns,
        weights,
    }
}

/// Removes edges whose merged weight is not a positive finite number from both directions.
fn drop_non_positive(node_count: usize, out: Adjacency, inc: Adjacency) -> (Adjacency, Adjacency) {
    let keep = |w: f64| w > 0.0 && w.is_finite();
    if out.weights.iter().all(|&w| keep(w)) {
        return (out, inc);
    }
    let filter = |adjacency: Adjacency| {
        let mut result = Adjacency {
            offsets: vec![0; node_count + 1],
            ..Adjacency::default()
        };
        for v in 0..node_count {
            for i in adjacency.range(v) {
                if keep(adjacency.weights[i]) {
                    result.neighbours.push(adjacency.neighbours[i]);
                    result.weights.push(adjacency.weights[i]);
                }
            }
            result.offsets[v + 1] = result.neighbours.len() as u32;
        }
        result
    };
    (filter(out), filter(inc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_edges_merge_and_directions_agree() {
        let edges = vec![(0, 1, 1.0), (0, 1, 2.0), (2, 1, 1.0), (1, 0, 0.5), (0, 2, 1.0)];
        let csr = Csr::from_edges(3, edges.into_iter());
        assert_eq!(csr.edge_count(), 4);
        assert_eq!(csr.out.neighbours(0), &[1, 2]);
        assert_eq!(csr.out.weights(0), &[3.0, 1.0]);
        assert_eq!(csr.inc.neighbours(1), &[0, 2]);
        assert_eq!(csr.inc.weights(1), &[3.0, 1.0]);
        assert_eq!(csr.out_strengths(), vec![4.0, 0.5, 1.0]);
    }

    #[test]
    fn non_positive_totals_are_dropped() {
        let edges = vec![(0, 1, 1.0), (0, 1, -1.0), (1, 2, -3.0), (2, 0, 2.0)];
        let csr = Csr::from_edges(3, edges.into_iter());
        assert_eq!(csr.edge_count(), 1);
        assert_eq!(csr.inc.neighbours(0), &[2]);
        assert_eq!(csr.inc.degree(1), 0);
    }
}
