//! Communities: groups of accounts that interact more among themselves than with the
//! rest, found by the Louvain method on the undirected weighted view U.
//!
//! Definition: the partition found maximises (locally) the modularity
//! `Q = Σ_c [ L_c / m − γ (d_c / 2m)² ]`, with m the total weight of U, `L_c` the weight
//! inside community c, `d_c` the summed strengths of its members and γ the `resolution`
//! (higher: more, smaller communities). U's weight between two accounts is the sum of
//! both directions' weights ([`crate::csr::Csr::undirected`]).
//!
//! The method is Louvain's (Blondel et al. 2008), as in `networkx.louvain_communities(U,
//! weight="weight", resolution, threshold=1e-7, seed)`: visit the nodes in an order
//! shuffled by the seeded generator (ChaCha8) and move each to the neighbouring
//! community with the largest positive modularity gain, sweeping until no node moves,
//! then merge each community into one node (its internal weight kept as a self-loop) and
//! go on with the smaller graph. Two refinements make it reliably at least as good as
//! networkx's, which the tests require on every fixture:
//! - smart local moving (Waltman & van Eck 2013): before merging, each community is split
//!   by local moving inside it alone, and the pieces, not the whole communities, become
//!   the merged nodes, starting in their community. A piece can then leave its community
//!   later, which plain Louvain never allows; the whole is repeated from the partition
//!   found while modularity grows by more than 1e-7 (networkx's threshold), 10 rounds
//!   at most;
//! - restarts: Louvain's result depends on the order, so the run is repeated from
//!   several orders (each from the seeded generator) and the best partition kept. By
//!   default (`restarts` = 0) the count adapts to the size: 32 runs up to about 15,000
//!   links, then fewer, down to one from about 500,000 links on. Each restart's seed is
//!   drawn up front from the seeded generator, so the restarts run in parallel
//!   ([`split`](super::split)) and the best is the same (ties: the earlier restart).
//!
//! The order is drawn differently from networkx (another generator), so the partitions
//! can differ even where both find the same modularity.
//!
//! Values: the community of each account, numbered by decreasing size (0 = largest),
//! ties by the smallest account index in the community. Isolated accounts are
//! communities of their own. Details: the modularity and the number of communities.
//! A network without interactions has only singletons; its modularity, 0/0 in the
//! formula (networkx divides by zero), is reported as 0.
//!
//! Every neighbour-community weight is gathered in a dense array indexed by community
//! with a list of the touched entries, reset after each node: no hashing.
//!
//! Reference: Blondel, Guillaume, Lambiotte & Lefebvre (2008); Newman (2006) for
//! modularity; `networkx.community.louvain_communities`, `networkx.community.modularity`.
//! Complexity: O(restarts × rounds × sweeps × (V + E)) per level, levels ≈ log V in practice.

use std::collections::VecDeque;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::split::{self, Split};
use super::{
    Context, Metric, MetricError, MetricInfo, MetricOutput, ParamInfo, ParamKind, Params, ValueKind,
};
use crate::csr::Adjacency;
use crate::progress::{Cancelled, Progress};

/// The search stops when a round grows modularity by no more than this (networkx's `threshold`).
const THRESHOLD: f64 = 1e-7;
/// Safety net against rounding making two nodes trade places forever: local moving
/// stops after this many visits per node.
const MAX_SWEEPS: usize = 1000;
/// Rounds of smart local moving at most: the later ones gain ever less, at the cost of
/// a full pass each.
const MAX_ROUNDS: usize = 10;
/// Automatic restarts: as many runs as fit in this many adjacency entries visited per
/// sweep, between 1 and [`MAX_AUTO_RESTARTS`].
const AUTO_RESTART_BUDGET: usize = 1_000_000;
const MAX_AUTO_RESTARTS: usize = 32;

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "community",
        values: ValueKind::Category,
        name: "Community",
        explanation: "Which community the account belongs to: a group of accounts that \
            interact much more among themselves than with the rest of the network (Louvain \
            method). Communities are numbered by size, 0 being the largest. The modularity \
            shown with it says how clear-cut the division is: above about 0.3 the groups are \
            well separated.",
        reference: "Blondel et al. (2008) with Waltman & van Eck's (2013) smart local moving; \
            at least networkx.community.louvain_communities(U, weight=\"weight\", seed)'s modularity",
        complexity: "O(restarts × rounds × sweeps × (V + E)) per level",
        params: &[
            ParamInfo {
                id: "resolution",
                name: "Resolution",
                help: "Above 1: more, smaller communities; below 1: fewer, larger ones.",
                kind: ParamKind::Number {
                    default: 1.0,
                    min: 0.0,
                    max: 100.0,
                    integer: false,
                },
            },
            ParamInfo {
                id: "seed",
                name: "Random seed",
                help: "Which node orders are tried: the same seed gives the same communities.",
                kind: ParamKind::Number {
                    default: 0.0,
                    min: 0.0,
                    max: 4_294_967_295.0,
                    integer: true,
                },
            },
            ParamInfo {
                id: "restarts",
                name: "Restarts",
                help: "Run from this many random orders and keep the best division; 0: automatic \
                    (32 on small networks, fewer on large ones).",
                kind: ParamKind::Number {
                    default: 0.0,
                    min: 0.0,
                    max: 1000.0,
                    integer: true,
                },
            },
        ],
    },
    compute,
};

fn compute(
    context: &Context,
    params: &Params,
    progress: &mut dyn Progress,
) -> Result<MetricOutput, MetricError> {
    let split = Split::plan(METRIC.info.id, context.graph, params)?.expect("communities split");
    Ok(split::compute(&split, context.graph, context.threads, progress)?)
}

/// The column of a partition: labels, with its modularity and community count.
pub(super) fn output(partition: &Partition) -> MetricOutput {
    let count = partition.labels.iter().map(|&c| c + 1).max().unwrap_or(0);
    MetricOutput::values(partition.labels.iter().map(|&c| f64::from(c)).collect())
        .with_detail("modularity", "Modularity", partition.modularity)
        .with_detail("communities", "Communities", f64::from(count))
}

/// Every node alone: what no restart has improved on yet.
pub(super) fn singletons(n: usize) -> Partition {
    Partition {
        labels: (0..n as u32).collect(),
        modularity: f64::NEG_INFINITY,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub resolution: f64,
    pub seed: u64,
    pub restarts: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// Community per node, numbered by decreasing size, ties by smallest member.
    pub labels: Vec<u32>,
    pub modularity: f64,
}

/// The restarts of one run, each with its own seed, drawn up front from the master
/// generator (so that any restart can run anywhere, in any order, and give what it gives
/// in a serial run).
pub struct Restarts {
    settings: Settings,
    seeds: Vec<u64>,
}

impl Restarts {
    /// The restarts for `settings` on `u` (their number automatic when 0).
    pub fn new(u: &Adjacency, settings: Settings) -> Restarts {
        let n = u.offsets.len().saturating_sub(1);
        let count = match settings.restarts {
            0 => (AUTO_RESTART_BUDGET / (n + u.neighbours.len()).max(1)).clamp(1, MAX_AUTO_RESTARTS),
            given => given,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
        let seeds = (0..count).map(|_| rng.gen()).collect();
        Restarts { settings, seeds }
    }

    pub fn count(&self) -> usize {
        self.seeds.len()
    }

    /// Restart `restart`: one Louvain run from its own shuffled order.
    pub fn run(
        &self,
        u: &Adjacency,
        restart: usize,
        checkpoint: &mut dyn FnMut() -> Result<(), Cancelled>,
    ) -> Result<Partition, Cancelled> {
        let resolution = self.settings.resolution;
        let mut search = Search {
            m: u.weights.iter().sum::<f64>() / 2.0,
            resolution,
            rng: ChaCha8Rng::seed_from_u64(self.seeds[restart]),
            checkpoint,
        };
        let labels = renumber_by_size(&search.run(u)?);
        let modularity = modularity(u, &labels, resolution);
        Ok(Partition { labels, modularity })
    }
}

/// The restarts `params` ask for on `u`.
pub(super) fn restarts(u: &Adjacency, params: &Params) -> Result<Restarts, MetricError> {
    let info = &METRIC.info;
    let settings = Settings {
        resolution: params.number(info, "resolution")?,
        seed: params.number(info, "seed")? as u64,
        restarts: params.number(info, "restarts")? as usize,
    };
    Ok(Restarts::new(u, settings))
}

/// The best of `settings.restarts` runs (automatic when 0) on the undirected adjacency `u`,
/// one after the other; ties go to the earlier restart.
pub fn louvain(
    u: &Adjacency,
    settings: &Settings,
    progress: &mut dyn Progress,
) -> Result<Partition, Cancelled> {
    let restarts = Restarts::new(u, *settings);
    let n = u.offsets.len().saturating_sub(1);
    let mut best = singletons(n);
    for restart in 0..restarts.count() {
        let fraction = restart as f64 / restarts.count() as f64;
        let partition = restarts.run(u, restart, &mut || progress.step("Communities", fraction))?;
        if partition.modularity > best.modularity {
            best = partition;
        }
    }
    Ok(best)
}

/// Modularity of `labels` (any numbering, below the node count) on `u`, as
/// `networkx.community.modularity(U, communities, weight="weight", resolution)`; 0 without edges.
pub fn modularity(u: &Adjacency, labels: &[u32], resolution: f64) -> f64 {
    let n = labels.len();
    let mut inside = vec![0.0; n];
    let mut strength = vec![0.0; n];
    let mut total = 0.0;
    for v in 0..n {
        let c = labels[v] as usize;
        for (&w, &weight) in u.neighbours(v).iter().zip(u.weights(v)) {
            strength[c] += weight;
            total += weight;
            if labels[w as usize] as usize == c {
                inside[c] += weight;
            }
        }
    }
    if total == 0.0 {
        return 0.0;
    }
    // Every edge was seen from both ends: total = 2m, inside[c] = 2 L_c.
    let m = total / 2.0;
    (0..n)
        .map(|c| inside[c] / 2.0 / m - resolution * (strength[c] / total).powi(2))
        .sum()
}

/// Labels numbered by decreasing community size, ties by smallest member index.
fn renumber_by_size(labels: &[u32]) -> Vec<u32> {
    let n = labels.len();
    let mut size = vec![0u32; n];
    let mut first = vec![u32::MAX; n];
    for (v, &c) in labels.iter().enumerate() {
        size[c as usize] += 1;
        first[c as usize] = first[c as usize].min(v as u32);
    }
    let mut used: Vec<u32> = (0..n as u32).filter(|&c| size[c as usize] > 0).collect();
    used.sort_unstable_by_key(|&c| (std::cmp::Reverse(size[c as usize]), first[c as usize]));
    let mut new_label = vec![0u32; n];
    for (rank, &c) in used.iter().enumerate() {
        new_label[c as usize] = rank as u32;
    }
    labels.iter().map(|&c| new_label[c as usize]).collect()
}

/// One graph of the hierarchy: the original U, then one node per community found.
struct Level {
    offsets: Vec<usize>,
    neighbours: Vec<u32>,
    weights: Vec<f64>,
    /// Weight inside the node (its merged communities' internal links), each link once.
    self_loops: Vec<f64>,
    /// Weighted degree, self-loops counted twice as networkx does.
    strengths: Vec<f64>,
}

impl Level {
    fn from_adjacency(u: &Adjacency) -> Level {
        let n = u.offsets.len().saturating_sub(1);
        Level {
            offsets: u.offsets.iter().map(|&o| o as usize).collect(),
            neighbours: u.neighbours.clone(),
            weights: u.weights.clone(),
            self_loops: vec![0.0; n],
            strengths: (0..n).map(|v| u.weights(v).iter().sum()).collect(),
        }
    }

    fn len(&self) -> usize {
        self.self_loops.len()
    }

    fn row(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.offsets[v]..self.offsets[v + 1];
        self.neighbours[range.clone()]
            .iter()
            .map(|&w| w as usize)
            .zip(self.weights[range].iter().copied())
    }

    /// Modularity of `community` (compact labels) on this level, `m` the original total weight.
    fn modularity(&self, community: &[u32], count: usize, m: f64, resolution: f64) -> f64 {
        let mut inside = vec![0.0; count];
        let mut strength = vec![0.0; count];
        for v in 0..self.len() {
            let c = community[v] as usize;
            strength[c] += self.strengths[v];
            inside[c] += self.self_loops[v];
            for (w, weight) in self.row(v) {
                if community[w] as usize == c {
                    inside[c] += weight / 2.0;
                }
            }
        }
        (0..count)
            .map(|c| inside[c] / m - resolution * (strength[c] / (2.0 * m)).powi(2))
            .sum()
    }

    /// The graph with one node per community (`community` compact, `count` communities).
    fn aggregate(&self, community: &[u32], count: usize) -> Level {
        let members = group_members(community, count);
        let mut next = Level {
            offsets: Vec::with_capacity(count + 1),
            neighbours: Vec::new(),
            weights: Vec::new(),
            self_loops: vec![0.0; count],
            strengths: vec![0.0; count],
        };
        next.offsets.push(0);
        let mut gathered = Gathered::new(count);
        for c in 0..count {
            for &v in members.of(c) {
                let v = v as usize;
                next.self_loops[c] += self.self_loops[v];
                next.strengths[c] += self.strengths[v];
                for (w, weight) in self.row(v) {
                    let d = community[w] as usize;
                    if d == c {
                        next.self_loops[c] += weight / 2.0;
                    } else {
                        gathered.add(d, weight);
                    }
                }
            }
            for &d in &gathered.touched {
                next.neighbours.push(d);
                next.weights.push(gathered.weight[d as usize]);
            }
            gathered.clear();
            next.offsets.push(next.neighbours.len());
        }
        next
    }
}

/// Weights to neighbouring communities: a dense array plus the list of entries touched.
struct Gathered {
    weight: Vec<f64>,
    touched: Vec<u32>,
}

impl Gathered {
    fn new(count: usize) -> Self {
        Gathered {
            weight: vec![0.0; count],
            touched: Vec::new(),
        }
    }

    #[inline]
    fn add(&mut self, community: usize, weight: f64) {
        // Weights are positive, so zero means not yet touched.
        if self.weight[community] == 0.0 {
            self.touched.push(community as u32);
        }
        self.weight[community] += weight;
    }

    fn clear(&mut self) {
        for &c in &self.touched {
            self.weight[c as usize] = 0.0;
        }
        self.touched.clear();
    }
}

/// Members of each community, as one array in community order (a counting sort).
struct Members {
    offsets: Vec<usize>,
    nodes: Vec<u32>,
}

impl Members {
    fn of(&self, community: usize) -> &[u32] {
        &self.nodes[self.offsets[community]..self.offsets[community + 1]]
    }
}

fn group_members(community: &[u32], count: usize) -> Members {
    let mut offsets = vec![0usize; count + 1];
    for &c in community {
        offsets[c as usize + 1] += 1;
    }
    for c in 0..count {
        offsets[c + 1] += offsets[c];
    }
    let mut cursor = offsets.clone();
    let mut nodes = vec![0u32; community.len()];
    for (v, &c) in community.iter().enumerate() {
        nodes[cursor[c as usize]] = v as u32;
        cursor[c as usize] += 1;
    }
    Members { offsets, nodes }
}

/// One search: its parameters, its generator, and where to report and check for cancel.
struct Search<'a> {
    /// Total weight of U.
    m: f64,
    resolution: f64,
    rng: ChaCha8Rng,
    /// Called once per sweep: reports progress, fails when cancelled.
    checkpoint: &'a mut dyn FnMut() -> Result<(), Cancelled>,
}

impl Search<'_> {
    /// Smart local moving from singletons, then again from the partition found, while
    /// modularity grows by more than [`THRESHOLD`], [`MAX_ROUNDS`] rounds at most.
    /// Returns compact labels.
    fn run(&mut self, u: &Adjacency) -> Result<Vec<u32>, Cancelled> {
        let n = u.offsets.len().saturating_sub(1);
        let mut labels: Vec<u32> = (0..n as u32).collect();
        if self.m == 0.0 {
            return Ok(labels);
        }
        let base = Level::from_adjacency(u);
        let mut modularity = base.modularity(&labels, n, self.m, self.resolution);
        for _ in 0..MAX_ROUNDS {
            let (candidate, count) = compact_labels(&self.smart_local_moving(&base, labels.clone())?);
            let improved = base.modularity(&candidate, count, self.m, self.resolution);
            if improved > modularity {
                labels = candidate;
            }
            if improved - modularity <= THRESHOLD {
                break;
            }
            modularity = improved;
        }
        Ok(labels)
    }

    /// Smart local moving (Waltman & van Eck 2013) on `base` from the communities
    /// `start`: local moving; then each community is split by local moving inside it
    /// alone, each piece merged into one node placed in its community, and the same done
    /// on that smaller graph, until no community splits into fewer pieces than it has nodes.
    fn smart_local_moving(&mut self, base: &Level, start: Vec<u32>) -> Result<Vec<u32>, Cancelled> {
        // `node_of[v]`: the node of the current level that base node v belongs to.
        let mut node_of: Vec<u32> = (0..base.len() as u32).collect();
        let mut merged: Option<Level> = None;
        let mut start = start;
        loop {
            let level = merged.as_ref().unwrap_or(base);
            let (start_compact, count) = compact_labels(&start);
            let (community, _) = self.move_nodes(level, start_compact, count, None)?;
            let singletons: Vec<u32> = (0..level.len() as u32).collect();
            let (pieces, piece_count) = self.move_nodes(level, singletons, level.len(), Some(&community))?;
            if piece_count == level.len() {
                return Ok(node_of.iter().map(|&v| community[v as usize]).collect());
            }
            let mut piece_community = vec![0u32; piece_count];
            for (v, &piece) in pieces.iter().enumerate() {
                piece_community[piece as usize] = community[v];
            }
            for node in node_of.iter_mut() {
                *node = pieces[*node as usize];
            }
            merged = Some(level.aggregate(&pieces, piece_count));
            start = piece_community;
        }
    }

    /// Local moving on one level from the communities `start` (compact, `count` of them):
    /// each node in turn moves to the neighbouring community with the largest positive
    /// modularity gain (ties: the first found). The nodes are first visited in a shuffled
    /// order; after that only the neighbours of a node that moved are visited again (a
    /// queue, as Leiden's fast local moving), until the queue is empty. With `within`, a
    /// node only sees neighbours of its own `within` group (splitting communities into
    /// pieces). Returns the communities (compact) and their count.
    fn move_nodes(
        &mut self,
        level: &Level,
        start: Vec<u32>,
        count: usize,
        within: Option<&[u32]>,
    ) -> Result<(Vec<u32>, usize), Cancelled> {
        let n = level.len();
        let mut community = start;
        let mut total = vec![0.0; count];
        for v in 0..n {
            total[community[v] as usize] += level.strengths[v];
        }
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.shuffle(&mut self.rng);
        let mut queue: VecDeque<u32> = order.into();
        let mut queued = vec![true; n];
        let mut gathered = Gathered::new(count);
        let (m, penalty) = (self.m, self.resolution / (2.0 * self.m * self.m));
        let same_group = |v: usize, w: usize| within.is_none_or(|group| group[v] == group[w]);
        let mut visits = 0usize;
        while let Some(u) = queue.pop_front() {
            let u = u as usize;
            queued[u] = false;
            visits += 1;
            if visits % n.max(1) == 0 {
                (self.checkpoint)()?;
                if visits / n.max(1) > MAX_SWEEPS {
                    break;
                }
            }
            let (own, strength) = (community[u] as usize, level.strengths[u]);
            for (w, weight) in level.row(u) {
                if same_group(u, w) {
                    gathered.add(community[w] as usize, weight);
                }
            }
            // The gain of moving u from its community (without u) to c is
            // w(u, c) / m − γ k_u Σ_c / 2m², relative to staying.
            total[own] -= strength;
            let remove_cost = -gathered.weight[own] / m + penalty * total[own] * strength;
            let (mut best, mut best_gain) = (own, 0.0);
            for &c in &gathered.touched {
                let c = c as usize;
                let gain = remove_cost + gathered.weight[c] / m - penalty * total[c] * strength;
                if gain > best_gain {
                    (best, best_gain) = (c, gain);
                }
            }
            total[best] += strength;
            gathered.clear();
            if best != own {
                community[u] = best as u32;
                for (w, _) in level.row(u) {
                    if !queued[w] && community[w] as usize != best && same_group(u, w) {
                        queued[w] = true;
                        queue.push_back(w as u32);
                    }
                }
            }
        }
        Ok(compact_labels(&community))
    }
}

/// Renumbers labels 0.. in order of first appearance.
fn compact_labels(labels: &[u32]) -> (Vec<u32>, usize) {
    let mut new_label = vec![u32::MAX; labels.len()];
    let mut count = 0u32;
    let compact = labels
        .iter()
        .map(|&c| {
            if new_label[c as usize] == u32::MAX {
                new_label[c as usize] = count;
                count += 1;
            }
            new_label[c as usize]
        })
        .collect();
    (compact, count as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;
    use crate::progress::Silent;

    const SETTINGS: Settings = Settings {
        resolution: 1.0,
        seed: 0,
        restarts: 0,
    };

    fn clique_edges(members: std::ops::Range<u32>) -> Vec<(u32, u32, f64)> {
        members
            .clone()
            .flat_map(|u| members.clone().filter(move |&v| v > u).map(move |v| (u, v, 1.0)))
            .collect()
    }

    #[test]
    fn two_cliques_joined_by_an_edge() {
        // K5 on 0..5 and K4 on 5..9, joined 4 – 5, plus an isolated 9.
        let mut edges = clique_edges(0..5);
        edges.extend(clique_edges(5..9));
        edges.push((4, 5, 1.0));
        let graph = Csr::from_edges(10, edges.into_iter());
        for seed in 0..5 {
            let settings = Settings { seed, ..SETTINGS };
            let result = louvain(graph.undirected(), &settings, &mut Silent).unwrap();
            assert_eq!(result.labels, vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 2], "seed {seed}");
            // m = 10 + 6 + 1 = 17; L = 10 and 6; d = 21 and 13.
            let expected = 10.0 / 17.0 - (21.0f64 / 34.0).powi(2) + 6.0 / 17.0 - (13.0f64 / 34.0).powi(2);
            assert!((result.modularity - expected).abs() < 1e-15);
        }
    }

    #[test]
    fn ties_in_size_go_to_the_smallest_member_first() {
        // Two triangles, the second listed first by index: the one holding node 0 is 0.
        let mut edges = clique_edges(3..6);
        edges.extend(clique_edges(0..3));
        edges.push((2, 3, 0.1));
        let graph = Csr::from_edges(6, edges.into_iter());
        let result = louvain(graph.undirected(), &SETTINGS, &mut Silent).unwrap();
        assert_eq!(result.labels, vec![0, 0, 0, 1, 1, 1]);
    }

    #[test]
    fn modularity_of_the_whole_graph_as_one_community_is_zero() {
        let graph = Csr::from_edges(4, vec![(0, 1, 2.0), (1, 2, 1.0), (3, 2, 5.0)].into_iter());
        assert!(modularity(graph.undirected(), &[0, 0, 0, 0], 1.0).abs() < 1e-15);
    }

    #[test]
    fn the_same_seed_gives_the_same_communities() {
        let edges: Vec<_> = (0..60u32)
            .map(|i| (i, (i * 7 + 3) % 60, 1.0 + f64::from(i % 3)))
            .collect();
        let graph = Csr::from_edges(60, edges.into_iter());
        let first = louvain(graph.undirected(), &SETTINGS, &mut Silent).unwrap();
        let again = louvain(graph.undirected(), &SETTINGS, &mut Silent).unwrap();
        assert_eq!(first, again);
    }

    #[test]
    fn no_interactions_leave_singletons() {
        let graph = Csr::from_edges(3, std::iter::empty());
        let result = louvain(graph.undirected(), &SETTINGS, &mut Silent).unwrap();
        assert_eq!(result.labels, vec![0, 1, 2]);
        assert_eq!(result.modularity, 0.0);
    }
}
