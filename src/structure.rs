//! How the network holds together: its weak and strong components, its gatekeepers
//! (articulation points and bridges of U), whether attention can go round in a cycle,
//! reciprocity and density; and [`Structure`], the summary of them all that inspect, the
//! report and the page show ("is this one conversation or several?").
//!
//! Everything runs on the CSR snapshot, so under the kind weights in force: a kind
//! weighted 0 takes its interactions out of the structure too. Weak components use
//! petgraph's `UnionFind`. Strong components and the gatekeepers are iterative searches
//! over the CSR arrays written here (Pearce's Tarjan with a forward-backward search for
//! the giant component; Hopcroft & Tarjan), because petgraph's are too slow for their
//! budget of ten PageRank iterations: on the benchmark's synthetic network of 1M
//! accounts and 10M interactions, where one PageRank iteration took about 20 ms of CPU,
//! petgraph's `kosaraju_scc` took about 25 iterations' worth, its `articulation_points`
//! and `bridges` about 40 each (a hash map per node and a stack of O(E) steps; 16-byte
//! visit times), its `Bfs` through `NodeFiltered` twice the loops below. The searches
//! here took about 3 (weak), 10 (strong) and 18 (gatekeepers) iterations' worth. Their
//! results are checked against petgraph's `kosaraju_scc`, `articulation_points`,
//! `bridges` and `toposort` (tests below) and against networkx
//! (`tests/reference_structure.rs`). Nothing here recurses: a recursive search
//! (petgraph's `tarjan_scc`, or `is_cyclic_directed`, which walks `depth_first_search`)
//! would overflow the 1 MiB wasm stack on a chain of 100,000 accounts.
//!
//! Reference: networkx `weakly_connected_components`, `strongly_connected_components`,
//! `articulation_points` and `bridges` (on U), `is_directed_acyclic_graph`,
//! `overall_reciprocity`, `density`.
//! Complexity: O(V + E) each, plus O(C log C) to order C components.

use fixedbitset::FixedBitSet;
use petgraph::unionfind::UnionFind;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde::Serialize;

use crate::csr::Csr;

/// A partition of the accounts into components, numbered 1, 2, ... by decreasing size;
/// among components of the same size, the one holding the earliest account comes first.
#[derive(Clone, Debug, PartialEq)]
pub struct Components {
    /// The component number of each account (1-based).
    pub number: Vec<u32>,
    /// The size of each component: `sizes[k - 1]` for component `k`, so non-increasing.
    pub sizes: Vec<u32>,
}

impl Components {
    /// Numbers the components given by an arbitrary label per account (`label < n`).
    fn from_labels(labels: &[u32]) -> Components {
        let n = labels.len();
        let (mut size, mut first) = (vec![0u32; n], vec![u32::MAX; n]);
        for (account, &label) in labels.iter().enumerate() {
            let label = label as usize;
            size[label] += 1;
            first[label] = first[label].min(account as u32);
        }
        let mut present: Vec<u32> = (0..n as u32).filter(|&l| size[l as usize] > 0).collect();
        present.sort_unstable_by_key(|&l| (std::cmp::Reverse(size[l as usize]), first[l as usize]));
        let mut number_of_label = vec![0u32; n];
        for (index, &label) in present.iter().enumerate() {
            number_of_label[label as usize] = index as u32 + 1;
        }
        Components {
            number: labels.iter().map(|&l| number_of_label[l as usize]).collect(),
            sizes: present.iter().map(|&l| size[l as usize]).collect(),
        }
    }

    pub fn count(&self) -> usize {
        self.sizes.len()
    }

    /// The size of the component holding each account.
    pub fn size_of_each(&self) -> Vec<u32> {
        self.number.iter().map(|&k| self.sizes[k as usize - 1]).collect()
    }

    /// How many components there are of each size, largest size first.
    pub fn size_histogram(&self) -> Vec<SizeCount> {
        let mut histogram: Vec<SizeCount> = Vec::new();
        for &size in &self.sizes {
            match histogram.last_mut() {
                Some(last) if last.size == size => last.count += 1,
                _ => histogram.push(SizeCount { size, count: 1 }),
            }
        }
        histogram
    }
}

/// `count` components have `size` accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SizeCount {
    pub size: u32,
    pub count: u32,
}

/// Weakly connected components of G (= connected components of U): accounts linked by
/// interactions in either direction. An account without interactions is one on its own.
/// petgraph's `UnionFind` (union by rank), one union per edge.
pub fn weak_components(graph: &Csr) -> Components {
    let mut sets = UnionFind::<u32>::new(graph.node_count());
    for edge in graph.directed_view().edge_references() {
        sets.union(edge.source(), edge.target());
    }
    Components::from_labels(&sets.into_labeling())
}

/// Strongly connected components of G: accounts that reach each other along the
/// direction of attention, both ways.
///
/// Pearce's variant of Tarjan's algorithm (PEA_FIND_SCC2, 2016): one `u32` per account
/// (`rindex`: its visit index, lowered to the lowest reachable one still open, then its
/// component's label, counted down from V − 1 so that labels are never below an open
/// index), with an explicit stack of `(account, next edge, root?)` frames. The inner loop
/// scans a row until it meets an unvisited account, so that the reads of the neighbours'
/// `rindex` overlap (the search is bound by memory latency).
pub fn strong_components(graph: &Csr) -> Components {
    const UNSET: u32 = u32::MAX;
    let n = graph.node_count();
    let out = &graph.out;
    let mut rindex = vec![UNSET; n];
    let mut index = 0u32;
    let mut label = (n as u32).wrapping_sub(1);
    // An account that only sends or only receives is a component of its own: labelled
    // here, it is neither searched from nor descended into (most accounts of a social
    // network are such). Labels stay above every open index, so the search reads them
    // as closed components.
    for (v, slot) in rindex.iter_mut().enumerate() {
        if out.degree(v) == 0 || graph.inc.degree(v) == 0 {
            *slot = label;
            label = label.wrapping_sub(1);
        }
    }
    // The giant component, by two breadth-first searches (forward-backward, Fleischer,
    // Hendrickson & Pinar 2000): a search reads a whole frontier's rows at once, where a
    // depth-first search waits on memory at every step down. The depth-first search
    // below then has only what lies outside it left to descend into.
    if let Some(members) = pivot_component(graph, &rindex) {
        for &v in &members {
            rindex[v as usize] = label;
        }
        label = label.wrapping_sub(1);
    }
    let mut open: Vec<u32> = Vec::new();
    let mut frames: Vec<(u32, u32, bool)> = Vec::new();
    for root in 0..n {
        if rindex[root] != UNSET {
            continue;
        }
        rindex[root] = index;
        index += 1;
        frames.push((root as u32, out.offsets[root], true));
        while let Some(frame) = frames.last_mut() {
            let v = frame.0 as usize;
            let (mut position, end) = (frame.1 as usize, out.offsets[v + 1] as usize);
            let (mut lowest, mut is_root) = (rindex[v], frame.2);
            let mut unvisited = None;
            while position < end {
                let w = out.neighbours[position];
                position += 1;
                let reached = rindex[w as usize];
                if reached == UNSET {
                    unvisited = Some(w);
                    break;
                }
                if reached < lowest {
                    lowest = reached;
                    is_root = false;
                }
            }
            rindex[v] = lowest;
            (frame.1, frame.2) = (position as u32, is_root);
            if let Some(w) = unvisited {
                rindex[w as usize] = index;
                index += 1;
                frames.push((w, out.offsets[w as usize], true));
                continue;
            }
            frames.pop();
            if is_root {
                // v and the open accounts visited after it form one component.
                index -= 1;
                while let Some(&w) = open.last() {
                    if rindex[w as usize] < lowest {
                        break;
                    }
                    open.pop();
                    rindex[w as usize] = label;
                    index -= 1;
                }
                rindex[v] = label;
                label = label.wrapping_sub(1);
            } else {
                open.push(v as u32);
            }
            if let Some(parent) = frames.last_mut() {
                let p = parent.0 as usize;
                if rindex[v] < rindex[p] {
                    rindex[p] = rindex[v];
                    parent.2 = false;
                }
            }
        }
    }
    Components::from_labels(&rindex)
}

/// The strong component of the account most likely to be in the giant one (the most
/// in-degree × out-degree among those not yet labelled in `rindex`): the accounts it
/// reaches (forward search), then among them those that reach it (backward search within
/// them: everything on a path back to it is reached from it too).
fn pivot_component(graph: &Csr, rindex: &[u32]) -> Option<Vec<u32>> {
    let n = graph.node_count();
    let pivot = (0..n)
        .filter(|&v| rindex[v] == u32::MAX)
        .max_by_key(|&v| (graph.out.degree(v) * graph.inc.degree(v), std::cmp::Reverse(v)))?;
    // 1: reached forward; 2: reached backward as well. (petgraph's `Bfs` through
    // `NodeFiltered` and `Reversed` measured twice as slow as these two loops.)
    let mut state = vec![0u8; n];
    let mut queue = vec![pivot as u32];
    state[pivot] = 1;
    let mut head = 0;
    while let Some(&v) = queue.get(head) {
        head += 1;
        for &w in graph.out.neighbours(v as usize) {
            if state[w as usize] == 0 && rindex[w as usize] == u32::MAX {
                state[w as usize] = 1;
                queue.push(w);
            }
        }
    }
    queue.clear();
    queue.push(pivot as u32);
    state[pivot] = 2;
    let mut head = 0;
    while let Some(&v) = queue.get(head) {
        head += 1;
        for &w in graph.inc.neighbours(v as usize) {
            if state[w as usize] == 1 {
                state[w as usize] = 2;
                queue.push(w);
            }
        }
    }
    Some(queue)
}

/// Whether attention can come back to where it started: G has a directed cycle, that is
/// a strong component of two accounts or more (or an account attending to itself, which
/// a snapshot of a network never has).
pub fn has_cycle(graph: &Csr) -> bool {
    cycle_given(graph, &strong_components(graph))
}

fn cycle_given(graph: &Csr, strong: &Components) -> bool {
    strong.sizes.first().is_some_and(|&size| size > 1)
        || (0..graph.node_count()).any(|v| graph.out.neighbours(v).binary_search(&(v as u32)).is_ok())
}

/// The gatekeepers of U: the accounts whose removal disconnects the others of their
/// component (articulation points), and the links whose removal does (bridges).
#[derive(Clone, Debug, PartialEq)]
pub struct Gatekeepers {
    /// Whether each account is an articulation point of U.
    pub articulation: Vec<bool>,
    /// The bridges of U as `(lower, higher)` account pairs, sorted.
    pub bridges: Vec<(u32, u32)>,
    /// How many bridges each account is an end of.
    pub bridges_touching: Vec<u32>,
}

impl Gatekeepers {
    pub fn articulation_count(&self) -> usize {
        self.articulation.iter().filter(|&&a| a).count()
    }

    /// The accounts at the other end of `account`'s bridges, in account order.
    pub fn bridge_neighbours(&self, account: u32) -> Vec<u32> {
        self.bridges
            .iter()
            .filter_map(|&(a, b)| match (a == account, b == account) {
                (true, _) => Some(b),
                (_, true) => Some(a),
                _ => None,
            })
            .collect()
    }
}

/// One account's place among the gatekeepers (what the account card shows).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Gatekeeping {
    pub account: u32,
    /// Whether it is an articulation point of U (the `gatekeeper` lens).
    pub gatekeeper: bool,
    /// How many parts its component falls into without it: 1 when it is no gatekeeper
    /// (the others stay linked), 2 or more when it is one, 0 when it has no neighbour.
    pub parts: u32,
    /// The accounts at the other end of the bridges of U it touches, in account order.
    pub bridges_to: Vec<u32>,
}

/// Articulation points and bridges of U, in one depth-first search (Hopcroft & Tarjan
/// 1973) with an explicit stack of `(account, parent, next edge)` frames: with `disc` the
/// discovery time and `low` the earliest discovery time reachable from a node's subtree
/// by one edge other than the tree edge to its parent, a tree edge `p - c` is a bridge
/// when `low[c] > disc[p]`, and `p` is an articulation point when `low[c] >= disc[p]` for
/// some child `c` (the root of a search: when it has two children or more). U is simple,
/// so skipping the parent by id skips only the tree edge.
///
/// (Tarjan & Vishkin's reduction on a breadth-first forest, which avoids the search's
/// wait on memory at every step down, measured no faster here: its forest, preorder and
/// union passes cost as much.)
pub fn gatekeepers(graph: &Csr) -> Gatekeepers {
    const UNSET: u32 = u32::MAX;
    let n = graph.node_count();
    let u = graph.undirected();
    let (mut disc, mut low) = (vec![UNSET; n], vec![0u32; n]);
    let mut articulation = vec![false; n];
    let mut found: Vec<(u32, u32)> = Vec::new();
    // A leaf of U (one neighbour) hangs by a bridge, and makes its neighbour a gatekeeper
    // if that neighbour has another. Settled here, leaves are never descended into (many
    // accounts interact with one other only). Their discovery time, LEAF, is above every
    // real one, so a neighbour's scan lowers nothing with it.
    const LEAF: u32 = UNSET - 1;
    for (v, slot) in disc.iter_mut().enumerate() {
        if u.degree(v) != 1 {
            continue;
        }
        *slot = LEAF;
        let x = u.neighbours(v)[0] as usize;
        if x == v {
            continue;
        }
        // (A self-loop, which a snapshot of a network never has, is no other neighbour.)
        let self_loop = u.neighbours(x).binary_search(&(x as u32)).is_ok();
        if u.degree(x) - usize::from(self_loop) > 1 {
            articulation[x] = true;
            found.push((v.min(x) as u32, v.max(x) as u32));
        } else if u.degree(x) > 1 || v < x {
            // Two accounts interacting with each other only (once if both are leaves).
            found.push((v.min(x) as u32, v.max(x) as u32));
        }
    }
    let mut time = 0u32;
    let mut frames: Vec<(u32, u32, u32)> = Vec::new();
    for root in 0..n {
        if disc[root] != UNSET {
            continue;
        }
        disc[root] = time;
        low[root] = time;
        time += 1;
        let mut root_children = 0u32;
        frames.push((root as u32, UNSET, u.offsets[root]));
        while let Some(frame) = frames.last_mut() {
            let (v, parent) = (frame.0 as usize, frame.1);
            let (mut position, end) = (frame.2 as usize, u.offsets[v + 1] as usize);
            let mut lowest = low[v];
            let mut unvisited = None;
            // Scan until an unvisited neighbour, so that the reads of the neighbours'
            // `disc` overlap; a self-loop lowers nothing, as disc[v] >= low[v].
            while position < end {
                let w = u.neighbours[position];
                position += 1;
                let discovered = disc[w as usize];
                if discovered == UNSET {
                    unvisited = Some(w);
                    break;
                }
                if w != parent {
                    lowest = lowest.min(discovered);
                }
            }
            low[v] = lowest;
            frame.2 = position as u32;
            if let Some(w) = unvisited {
                disc[w as usize] = time;
                low[w as usize] = time;
                time += 1;
                frames.push((w, v as u32, u.offsets[w as usize]));
                continue;
            }
            frames.pop();
            if parent == UNSET {
                continue;
            }
            let p = parent as usize;
            low[p] = low[p].min(low[v]);
            if low[v] > disc[p] {
                found.push((p.min(v) as u32, p.max(v) as u32));
            }
            if p == root {
                root_children += 1;
            } else if low[v] >= disc[p] {
                articulation[p] = true;
            }
        }
        articulation[root] |= root_children >= 2;
    }
    found.sort_unstable();
    let mut bridges_touching = vec![0u32; n];
    for &(a, b) in &found {
        bridges_touching[a as usize] += 1;
        bridges_touching[b as usize] += 1;
    }
    Gatekeepers {
        articulation,
        bridges: found,
        bridges_touching,
    }
}

/// How many connected parts the neighbours of `account` fall into once it is taken out
/// of U (with its interactions): 0 without neighbours, 1 when they stay linked, more
/// when `account` is an articulation point. One breadth-first search over the rest of
/// its component; the card asks for one account at a time. O(V + E).
pub fn parts_without(graph: &Csr, account: u32) -> u32 {
    let u = graph.undirected();
    let mut seen = FixedBitSet::with_capacity(graph.node_count());
    seen.insert(account as usize);
    let mut parts = 0;
    let mut queue: Vec<u32> = Vec::new();
    for &start in u.neighbours(account as usize) {
        if seen.put(start as usize) {
            continue;
        }
        parts += 1;
        queue.clear();
        queue.push(start);
        while let Some(v) = queue.pop() {
            for &w in u.neighbours(v as usize) {
                if !seen.put(w as usize) {
                    queue.push(w);
                }
            }
        }
    }
    parts
}

/// The share of interactions (distinct actor → target pairs) returned in the other
/// direction; `None` without interactions. networkx `overall_reciprocity(G)`.
pub fn reciprocity(graph: &Csr) -> Option<f64> {
    let edges = graph.edge_count();
    if edges == 0 {
        return None;
    }
    let mut returned = 0usize;
    for v in 0..graph.node_count() {
        // Both rows are sorted: their intersection is what v sends and receives back.
        let (out, inc) = (graph.out.neighbours(v), graph.inc.neighbours(v));
        let (mut i, mut j) = (0, 0);
        while i < out.len() && j < inc.len() {
            match out[i].cmp(&inc[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    // A self-loop is no exchange (networkx does not count it either).
                    returned += usize::from(out[i] as usize != v);
                    i += 1;
                    j += 1;
                }
            }
        }
    }
    Some(returned as f64 / edges as f64)
}

/// Distinct actor → target pairs over the V (V − 1) possible ones; 0 for fewer than two
/// accounts. networkx `density(G)`.
pub fn density(graph: &Csr) -> f64 {
    let n = graph.node_count() as f64;
    if n < 2.0 {
        return 0.0;
    }
    graph.edge_count() as f64 / (n * (n - 1.0))
}

/// How the network holds together, in figures (see the module documentation).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Structure {
    pub accounts: usize,
    /// Distinct actor → target pairs counted (under the kind weights).
    pub edges: usize,
    /// Weakly connected components, isolated accounts included.
    pub components: usize,
    /// Accounts in the largest component, and their share of all accounts (0 when none).
    pub largest_component: u32,
    pub largest_component_share: f64,
    /// Accounts without any interaction counted (each a component of its own).
    pub isolated_accounts: usize,
    pub strong_components: usize,
    pub largest_strong_component: u32,
    /// Accounts in a strong component of two or more: those on some cycle of attention.
    pub accounts_in_cycles: usize,
    /// How many strong components have each size, largest first.
    pub strong_component_sizes: Vec<SizeCount>,
    /// `None` without interactions.
    pub reciprocity: Option<f64>,
    pub density: f64,
    /// Whether G has a directed cycle. Without one, eigenvector centrality is undefined
    /// (its power iteration goes to zero) and every strong component is a single account.
    pub has_cycle: bool,
}

/// The summary of [`Structure`] for `graph`: one pass of each algorithm.
pub fn summarise(graph: &Csr) -> Structure {
    summarise_on(graph, 1)
}

/// [`summarise`], with the strong components searched on a second thread when `threads`
/// allows (natively): each search is the same, so is the summary.
pub fn summarise_on(graph: &Csr, threads: usize) -> Structure {
    let (weak, strong) = if threads > 1 && cfg!(not(target_arch = "wasm32")) {
        std::thread::scope(|scope| {
            let strong = scope.spawn(|| strong_components(graph));
            let weak = weak_components(graph);
            (
                weak,
                strong
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            )
        })
    } else {
        (weak_components(graph), strong_components(graph))
    };
    let accounts = graph.node_count();
    let largest_component = weak.sizes.first().copied().unwrap_or(0);
    let isolated_accounts = isolated(graph).count_ones(..);
    Structure {
        accounts,
        edges: graph.edge_count(),
        components: weak.count(),
        largest_component,
        largest_component_share: match accounts {
            0 => 0.0,
            _ => f64::from(largest_component) / accounts as f64,
        },
        isolated_accounts,
        strong_components: strong.count(),
        largest_strong_component: strong.sizes.first().copied().unwrap_or(0),
        accounts_in_cycles: strong.sizes.iter().filter(|&&s| s > 1).map(|&s| s as usize).sum(),
        strong_component_sizes: strong.size_histogram(),
        reciprocity: reciprocity(graph),
        density: density(graph),
        has_cycle: cycle_given(graph, &strong),
    }
}

/// The accounts without any edge in either direction.
fn isolated(graph: &Csr) -> FixedBitSet {
    let mut alone = FixedBitSet::with_capacity(graph.node_count());
    for v in 0..graph.node_count() {
        alone.set(v, graph.out.degree(v) == 0 && graph.inc.degree(v) == 0);
    }
    alone
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(u32, u32)]) -> Csr {
        Csr::from_edges(
            n,
            edges
                .iter()
                .map(|&(a, b)| (a, b, 1.0))
                .collect::<Vec<_>>()
                .into_iter(),
        )
    }

    #[test]
    fn components_are_numbered_by_size_then_earliest_account() {
        // {0, 3} and {1, 2} tie at two accounts: the one holding account 0 is first.
        // {4, 5, 6} is the largest; 7 is alone.
        let g = graph(8, &[(3, 0), (1, 2), (5, 4), (6, 5)]);
        let weak = weak_components(&g);
        assert_eq!(weak.number, vec![2, 3, 3, 2, 1, 1, 1, 4]);
        assert_eq!(weak.sizes, vec![3, 2, 2, 1]);
        assert_eq!(weak.size_of_each(), vec![2, 2, 2, 2, 3, 3, 3, 1]);
        assert_eq!(
            weak.size_histogram(),
            vec![
                SizeCount { size: 3, count: 1 },
                SizeCount { size: 2, count: 2 },
                SizeCount { size: 1, count: 1 }
            ]
        );
    }

    #[test]
    fn strong_components_follow_the_direction() {
        // 0 → 1 → 2 → 0 is a cycle; 2 → 3 leaves it; 4 → 3 and 3 ⇄ 5.
        let g = graph(6, &[(0, 1), (1, 2), (2, 0), (2, 3), (4, 3), (3, 5), (5, 3)]);
        let strong = strong_components(&g);
        assert_eq!(strong.size_of_each(), vec![3, 3, 3, 2, 1, 2]);
        assert_eq!(strong.number, vec![1, 1, 1, 2, 3, 2]);
        assert!(has_cycle(&g));
        assert!(!has_cycle(&graph(3, &[(0, 1), (1, 2), (0, 2)])));
    }

    #[test]
    fn gatekeepers_of_two_triangles_joined_by_a_path() {
        // Triangles {0, 1, 2} and {4, 5, 6}, joined through 3: 2 - 3 - 4; 7 alone.
        let g = graph(
            8,
            &[(0, 1), (1, 2), (2, 0), (2, 3), (4, 3), (4, 5), (5, 6), (6, 4)],
        );
        let found = gatekeepers(&g);
        assert_eq!(
            found.articulation,
            vec![false, false, true, true, true, false, false, false]
        );
        assert_eq!(found.bridges, vec![(2, 3), (3, 4)]);
        assert_eq!(found.bridges_touching, vec![0, 0, 1, 2, 1, 0, 0, 0]);
        assert_eq!(found.bridge_neighbours(3), vec![2, 4]);
        assert_eq!(found.articulation_count(), 3);
    }

    /// Seeded random graphs from sparse (many components, trees: bridges) to dense.
    fn random_graphs() -> Vec<Csr> {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
        let mut graphs = Vec::new();
        for &(n, m) in &[
            (1, 0),
            (2, 1),
            (10, 6),
            (40, 30),
            (40, 60),
            (200, 150),
            (200, 400),
            (300, 1500),
            (2000, 2200),
        ] {
            for _ in 0..5 {
                let edges: Vec<(u32, u32, f64)> = (0..m)
                    .map(|_| (rng.gen_range(0..n as u32), rng.gen_range(0..n as u32), 1.0))
                    .collect();
                graphs.push(Csr::from_edges(n, edges.into_iter()));
            }
        }
        graphs
    }

    /// A partition as sorted sets of accounts, to compare two labellings.
    fn partition(groups: impl IntoIterator<Item = Vec<u32>>) -> Vec<Vec<u32>> {
        let mut sets: Vec<Vec<u32>> = groups
            .into_iter()
            .map(|mut group| {
                group.sort_unstable();
                group
            })
            .collect();
        sets.sort();
        sets
    }

    fn members(components: &Components) -> Vec<Vec<u32>> {
        let mut groups = vec![Vec::new(); components.count()];
        for (account, &k) in components.number.iter().enumerate() {
            groups[k as usize - 1].push(account as u32);
        }
        groups
    }

    #[test]
    fn strong_components_equal_petgraphs_kosaraju() {
        for graph in random_graphs() {
            let ours = strong_components(&graph);
            let theirs = petgraph::algo::kosaraju_scc(graph.directed_view());
            assert_eq!(partition(members(&ours)), partition(theirs));
            // petgraph's toposort fails exactly on a cycle.
            let acyclic = petgraph::algo::toposort(graph.directed_view(), None).is_ok();
            assert_eq!(has_cycle(&graph), !acyclic);
        }
    }

    #[test]
    fn gatekeepers_equal_petgraphs_articulation_points_and_bridges() {
        for graph in random_graphs() {
            let ours = gatekeepers(&graph);
            let mut points: Vec<u32> =
                petgraph::algo::articulation_points::articulation_points(graph.undirected_view())
                    .into_iter()
                    .collect();
            points.sort_unstable();
            let our_points: Vec<u32> = (0..graph.node_count() as u32)
                .filter(|&v| ours.articulation[v as usize])
                .collect();
            assert_eq!(our_points, points);
            let mut bridges: Vec<(u32, u32)> = petgraph::algo::bridges(graph.undirected_view())
                .map(|e| (e.source().min(e.target()), e.source().max(e.target())))
                .collect();
            bridges.sort_unstable();
            assert_eq!(ours.bridges, bridges);
        }
    }

    #[test]
    fn weak_components_equal_the_components_of_u() {
        for graph in random_graphs() {
            let ours = weak_components(&graph);
            // Breadth-first search over U with petgraph's Bfs, from each unreached account.
            let u = graph.undirected_view();
            let mut seen = vec![false; graph.node_count()];
            let mut groups = Vec::new();
            for start in 0..graph.node_count() as u32 {
                if seen[start as usize] {
                    continue;
                }
                let mut bfs = petgraph::visit::Bfs::new(u, start);
                let mut group = Vec::new();
                while let Some(v) = bfs.next(u) {
                    seen[v as usize] = true;
                    group.push(v);
                }
                groups.push(group);
            }
            assert_eq!(partition(members(&ours)), partition(groups));
            assert_eq!(petgraph::algo::connected_components(u), ours.count());
        }
    }

    /// `graph` without `account`'s interactions (the account stays, alone).
    fn without(graph: &Csr, account: u32) -> Csr {
        let edges: Vec<(u32, u32, f64)> = graph
            .directed_view()
            .edge_references()
            .filter(|e| e.source() != account && e.target() != account)
            .map(|e| (e.source(), e.target(), 1.0))
            .collect();
        Csr::from_edges(graph.node_count(), edges.into_iter())
    }

    #[test]
    fn parts_without_an_account_count_the_components_it_leaves() {
        for graph in random_graphs() {
            let before = weak_components(&graph).count() as i64;
            let found = gatekeepers(&graph);
            for account in (0..graph.node_count() as u32).step_by(7) {
                let parts = parts_without(&graph, account);
                // Taking its interactions out leaves it alone (a component of its own) and
                // splits the rest of its component into `parts`.
                let after = weak_components(&without(&graph, account)).count() as i64;
                let linked = graph
                    .undirected()
                    .neighbours(account as usize)
                    .iter()
                    .any(|&w| w != account);
                let expected = if linked { before + i64::from(parts) } else { before };
                assert_eq!(after, expected, "account {account}");
                assert_eq!(parts == 0, !linked, "account {account}");
                assert_eq!(
                    parts >= 2,
                    found.articulation[account as usize],
                    "account {account}"
                );
            }
        }
        let star = graph(5, &[(1, 0), (0, 2), (3, 0)]);
        assert_eq!(
            (0..5).map(|v| parts_without(&star, v)).collect::<Vec<_>>(),
            vec![3, 1, 1, 1, 0]
        );
    }

    #[test]
    fn a_chain_of_100000_accounts_does_not_overflow_the_stack() {
        // Run on a thread with wasm's 1 MiB stack: a recursive search would overflow it.
        let result = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(|| {
                let n = 100_000u32;
                let chain = graph(n as usize, &(0..n - 1).map(|v| (v, v + 1)).collect::<Vec<_>>());
                let strong = strong_components(&chain);
                let weak = weak_components(&chain);
                let found = gatekeepers(&chain);
                (
                    strong.count(),
                    weak.count(),
                    found.articulation_count(),
                    found.bridges.len(),
                    has_cycle(&chain),
                )
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(result, (100_000, 1, 99_998, 99_999, false));
    }

    #[test]
    fn summary_of_a_small_network() {
        let g = graph(5, &[(0, 1), (1, 0), (1, 2), (3, 2)]);
        let summary = summarise(&g);
        assert_eq!(summary.components, 2);
        assert_eq!(summary.largest_component, 4);
        assert_eq!(summary.largest_component_share, 0.8);
        assert_eq!(summary.isolated_accounts, 1);
        assert_eq!(summary.strong_components, 4);
        assert_eq!(summary.largest_strong_component, 2);
        assert_eq!(summary.accounts_in_cycles, 2);
        assert_eq!(summary.reciprocity, Some(0.5));
        assert_eq!(summary.density, 4.0 / 20.0);
        assert!(summary.has_cycle);
        let empty = summarise(&Csr::from_edges(0, std::iter::empty()));
        assert_eq!(
            (empty.components, empty.reciprocity, empty.density),
            (0, None, 0.0)
        );
    }
}
