//! The compact snapshot metrics run on: compressed sparse rows in both directions.
//!
//! Built once from a [`Network`] (O(V + E), two counting sorts, no hashing), it merges
//! parallel interactions of all kinds into one weighted edge per actor → target pair,
//! weight = sum over events of `kind_weight[kind] × event weight`. Indices are `u32`,
//! weights `f64`: 12 bytes per edge and direction, 24 bytes per edge in all.
//! Edges whose total weight is not positive are left out: every metric here reads
//! weights as amounts of attention.
//!
//! Metrics on the undirected simple view U (coreness, clustering, collective influence,
//! communities) read [`Csr::undirected`]: built on first use by merging each node's
//! sorted out- and in-rows (O(V + E), no sort, no hashing) and kept with the snapshot.
//! [`petgraph_views`] lets petgraph's algorithms run on G and on U as they are.

use std::sync::OnceLock;

use crate::network::{Kind, Network};

pub mod petgraph_views;

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
    /// Checks the shape of an adjacency over `node_count` nodes read from elsewhere:
    /// ascending offsets, rows of distinct neighbours in ascending order, positive weights.
    fn check(&self, node_count: usize) -> Result<(), String> {
        let fail = |what: &str| Err(format!("not a snapshot: {what}"));
        if self.offsets.len() != node_count + 1 || self.offsets[0] != 0 {
            return fail("the offsets do not match the node count");
        }
        if self.offsets.windows(2).any(|pair| pair[0] > pair[1]) {
            return fail("the offsets are not ascending");
        }
        let edges = self.offsets[node_count] as usize;
        if self.neighbours.len() != edges || self.weights.len() != edges {
            return fail("the neighbours or weights do not match the offsets");
        }
        for v in 0..node_count {
            let row = self.neighbours(v);
            if row.windows(2).any(|pair| pair[0] >= pair[1])
                || row.last().is_some_and(|&w| w as usize >= node_count)
            {
                return fail("a row is not ascending node ids");
            }
        }
        if self.weights.iter().any(|&w| !(w.is_finite() && w > 0.0)) {
            return fail("a weight is not a positive number");
        }
        Ok(())
    }

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
#[derive(Clone, Debug, Default)]
pub struct Csr {
    node_count: usize,
    pub out: Adjacency,
    pub inc: Adjacency,
    /// U, built on first use by [`Csr::undirected`].
    undirected: OnceLock<Adjacency>,
}

/// Two snapshots are equal when their edges are; whether U was built yet does not matter.
impl PartialEq for Csr {
    fn eq(&self, other: &Self) -> bool {
        self.node_count == other.node_count && self.out == other.out && self.inc == other.inc
    }
}

impl Csr {
    pub fn from_network(network: &Network, kind_weights: &KindWeights) -> Csr {
        Csr::from_network_on(network, kind_weights, 1)
    }

    /// [`Csr::from_network`], with the out- and in-adjacency built on two threads when
    /// `threads` allows (natively): the same arrays either way, each built by one thread.
    pub fn from_network_on(network: &Network, kind_weights: &KindWeights, threads: usize) -> Csr {
        let events = &network.interactions;
        let edges = (0..events.len()).filter_map(|i| {
            let weight = kind_weights.get(events.kind[i]) * events.weight[i];
            (weight != 0.0).then_some((events.actor[i], events.target[i], weight))
        });
        Csr::from_edges_on(network.account_count(), edges, threads)
    }

    /// Builds from `(source, target, weight)` triples; parallel edges are summed, and
    /// edges whose summed weight is not positive (or not finite) are dropped.
    pub fn from_edges(node_count: usize, edges: impl Iterator<Item = (u32, u32, f64)> + Clone) -> Csr {
        let out = merge_rows(node_count, edges.clone());
        let inc = merge_rows(node_count, edges.map(|(s, t, w)| (t, s, w)));
        Csr::assemble(node_count, out, inc)
    }

    fn from_edges_on(
        node_count: usize,
        edges: impl Iterator<Item = (u32, u32, f64)> + Clone + Send,
        threads: usize,
    ) -> Csr {
        let reversed = edges.clone().map(|(s, t, w)| (t, s, w));
        let (out, inc) = if threads > 1 && cfg!(not(target_arch = "wasm32")) {
            std::thread::scope(|scope| {
                let incoming = scope.spawn(|| merge_rows(node_count, reversed));
                let out = merge_rows(node_count, edges);
                let inc = incoming
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (out, inc)
            })
        } else {
            (merge_rows(node_count, edges), merge_rows(node_count, reversed))
        };
        Csr::assemble(node_count, out, inc)
    }

    fn assemble(node_count: usize, out: Adjacency, inc: Adjacency) -> Csr {
        let (out, inc) = drop_non_positive(node_count, out, inc);
        Csr {
            node_count,
            out,
            inc,
            undirected: OnceLock::new(),
        }
    }

    /// Rebuilds a snapshot from its out-adjacency (a copy another worker sent, so that
    /// only one direction crosses), after checking its shape; the in-adjacency is rebuilt.
    pub fn from_out(node_count: usize, out: Adjacency) -> Result<Csr, String> {
        out.check(node_count)?;
        let reversed = (0..node_count).flat_map(|v| {
            let row = out.range(v);
            out.neighbours[row.clone()]
                .iter()
                .zip(&out.weights[row])
                .map(move |(&t, &w)| (t, v as u32, w))
        });
        let inc = merge_rows(node_count, reversed);
        Ok(Csr {
            node_count,
            out,
            inc,
            undirected: OnceLock::new(),
        })
    }

    pub fn node_count(&self) -> usize {
        self.node_count
    }

    pub fn edge_count(&self) -> usize {
        self.out.neighbours.len()
    }

    /// The undirected simple view U: `u` and `v` are neighbours when `u → v` or `v → u`,
    /// each neighbour listed once (sorted), with weight `w(u → v) + w(v → u)`, the total
    /// attention between the two. Built once, on first call.
    ///
    /// networkx's `G.to_undirected()` instead keeps one direction's weight when both
    /// exist; the unweighted metrics on U do not see the difference, and the weighted
    /// ones (communities) are checked against networkx on this summed graph, built
    /// explicitly by `tests/reference/generate.py`.
    pub fn undirected(&self) -> &Adjacency {
        self.undirected
            .get_or_init(|| merge_directions(&self.out, &self.inc))
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

/// The union of each node's out- and in-row, weights of a pair present in both summed.
/// Both rows are sorted, so one two-way merge per node suffices.
fn merge_directions(out: &Adjacency, inc: &Adjacency) -> Adjacency {
    let node_count = out.offsets.len().saturating_sub(1);
    let capacity = out.neighbours.len() + inc.neighbours.len();
    let mut merged = Adjacency {
        offsets: Vec::with_capacity(node_count + 1),
        neighbours: Vec::with_capacity(capacity),
        weights: Vec::with_capacity(capacity),
    };
    merged.offsets.push(0);
    for v in 0..node_count {
        let (targets, target_weights) = (out.neighbours(v), out.weights(v));
        let (sources, source_weights) = (inc.neighbours(v), inc.weights(v));
        let (mut i, mut j) = (0, 0);
        while i < targets.len() || j < sources.len() {
            let next_target = targets.get(i).copied().unwrap_or(u32::MAX);
            let next_source = sources.get(j).copied().unwrap_or(u32::MAX);
            let (neighbour, mut weight) = (next_target.min(next_source), 0.0);
            if next_target == neighbour && i < targets.len() {
                weight += target_weights[i];
                i += 1;
            }
            if next_source == neighbour && j < sources.len() {
                weight += source_weights[j];
                j += 1;
            }
            merged.neighbours.push(neighbour);
            merged.weights.push(weight);
        }
        merged.offsets.push(merged.neighbours.len() as u32);
    }
    merged.neighbours.shrink_to_fit();
    merged.weights.shrink_to_fit();
    merged
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
    fn undirected_view_lists_each_neighbour_once_and_sums_both_directions() {
        let edges = vec![(0, 1, 1.0), (1, 0, 2.5), (2, 0, 1.0), (1, 3, 4.0)];
        let csr = Csr::from_edges(5, edges.into_iter());
        let u = csr.undirected();
        assert_eq!(u.neighbours(0), &[1, 2]);
        assert_eq!(u.weights(0), &[3.5, 1.0]);
        assert_eq!(u.neighbours(1), &[0, 3]);
        assert_eq!(u.weights(1), &[3.5, 4.0]);
        assert_eq!(u.neighbours(3), &[1]);
        assert_eq!(u.degree(4), 0);
        // Symmetric: v lists u exactly when u lists v, with the same weight.
        for v in 0..5 {
            for (&w, &weight) in u.neighbours(v).iter().zip(u.weights(v)) {
                let back = u.neighbours(w as usize).binary_search(&(v as u32)).unwrap();
                assert_eq!(u.weights(w as usize)[back], weight);
            }
        }
    }

    #[test]
    fn non_positive_totals_are_dropped() {
        let edges = vec![(0, 1, 1.0), (0, 1, -1.0), (1, 2, -3.0), (2, 0, 2.0)];
        let csr = Csr::from_edges(3, edges.into_iter());
        assert_eq!(csr.edge_count(), 1);
        assert_eq!(csr.inc.neighbours(0), &[2]);
        assert_eq!(csr.inc.degree(1), 0);
    }

    #[test]
    fn a_snapshot_rebuilt_from_its_out_adjacency_is_the_same_and_bad_copies_are_refused() {
        let edges = vec![
            (0, 1, 1.0),
            (0, 1, 2.0),
            (2, 1, 1.0),
            (1, 0, 0.5),
            (0, 2, 1.0),
            (3, 3, 1.0),
        ];
        let csr = Csr::from_edges(5, edges.into_iter());
        assert_eq!(Csr::from_out(5, csr.out.clone()).unwrap(), csr);
        let mut unsorted = csr.out.clone();
        unsorted.neighbours.swap(0, 1);
        assert!(Csr::from_out(5, unsorted).unwrap_err().contains("ascending"));
        let mut outside = csr.out.clone();
        outside.neighbours[0] = 9;
        assert!(Csr::from_out(5, outside).is_err());
        assert!(Csr::from_out(4, csr.out.clone())
            .unwrap_err()
            .contains("node count"));
        let mut negative = csr.out.clone();
        negative.weights[0] = -1.0;
        assert!(Csr::from_out(5, negative).unwrap_err().contains("positive"));
    }
}
