//! Paths of attention: how attention reaches one account from another ("how does the
//! minister come to hear of that account?").
//!
//! Definition: the shortest chain of interactions from `from` to `to` along their
//! direction (actor → target, the way attention flows), in hops, on G under the kind
//! weights in force. Among the shortest chains, the one whose weakest step is strongest
//! (a step's strength is its weight in G: the kind-weighted sum of the interactions from
//! one account to the next); among those, the first in account order, compared account
//! by account along the chain. Each step lists the interactions it stands for, by kind:
//! the sum of the events' weights (1 for each post-based interaction, a table's weight
//! column), kinds weighted 0 left out as they are from G. An account reaches itself in
//! 0 hops; an account that cannot be reached has no path (`hops` is `None`).
//!
//! Computed by one breadth-first search backwards from `to` (along in-rows), stopped
//! once `from`'s layer is complete; then, layer by layer outwards from `to`, each
//! account's best weakest step over its shortest chains to `to` (a max-min over the
//! steps that go one layer closer); then a walk from `from` that takes, at each account,
//! the first next account (rows are sorted) that keeps the best weakest step.
//!
//! Reference: `hops` is `networkx.shortest_path_length(G, from, to)`; the choice among
//! the shortest paths is attaché's, checked against a brute force over
//! `networkx.all_shortest_paths(G, from, to)` in `tests/reference_structure.rs`.
//! Complexity: O(V + E) for the path, plus one pass over the interactions for the kinds
//! of its steps.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::csr::{Csr, KindWeights};
use crate::network::{AccountIdx, Kind, Network};

/// The chosen chain from one account to another (see the module documentation).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AttentionPath {
    pub from: AccountIdx,
    pub to: AccountIdx,
    /// Steps on the path; `None` when `to` cannot be reached from `from`.
    pub hops: Option<u32>,
    /// The accounts along the path, `from` first and `to` last; empty without a path.
    pub path: Vec<AccountIdx>,
    pub steps: Vec<Step>,
}

/// One step of a path: the interactions of `from` towards `to`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Step {
    pub from: AccountIdx,
    pub to: AccountIdx,
    /// The step's weight in G (what "strongest" compares).
    pub weight: f64,
    /// The interactions by kind, kinds without any left out.
    pub kinds: BTreeMap<Kind, f64>,
}

/// The path of attention from `from` to `to` in `network`, whose snapshot under
/// `kind_weights` is `graph`. Both accounts must exist.
pub fn attention_path(
    network: &Network,
    graph: &Csr,
    kind_weights: &KindWeights,
    from: AccountIdx,
    to: AccountIdx,
) -> AttentionPath {
    let Some(path) = shortest_strongest(graph, from, to) else {
        return AttentionPath {
            from,
            to,
            hops: None,
            path: Vec::new(),
            steps: Vec::new(),
        };
    };
    let mut steps: Vec<Step> = path
        .windows(2)
        .map(|pair| {
            let (a, b) = (pair[0], pair[1]);
            let row = graph.out.neighbours(a as usize);
            let position = row.binary_search(&b).expect("a step of the path is an edge of G");
            Step {
                from: a,
                to: b,
                weight: graph.out.weights(a as usize)[position],
                kinds: BTreeMap::new(),
            }
        })
        .collect();
    // An account appears once on a shortest path, so an actor names its step.
    let mut step_of = vec![u32::MAX; network.account_count()];
    for (index, step) in steps.iter().enumerate() {
        step_of[step.from as usize] = index as u32;
    }
    let events = &network.interactions;
    for i in 0..events.len() {
        let step = step_of[events.actor[i] as usize];
        if step == u32::MAX || steps[step as usize].to != events.target[i] {
            continue;
        }
        let kind = events.kind[i];
        if kind_weights.get(kind) != 0.0 {
            *steps[step as usize].kinds.entry(kind).or_insert(0.0) += events.weight[i];
        }
    }
    for step in &mut steps {
        step.kinds.retain(|_, count| *count != 0.0);
    }
    AttentionPath {
        from,
        to,
        hops: Some(steps.len() as u32),
        path,
        steps,
    }
}

/// The accounts of the chosen path from `from` to `to` (both included), or `None` when
/// there is none.
pub fn shortest_strongest(graph: &Csr, from: u32, to: u32) -> Option<Vec<u32>> {
    const UNREACHED: u32 = u32::MAX;
    if from == to {
        return Some(vec![from]);
    }
    let (from_index, to_index) = (from as usize, to as usize);
    // Hops from each account to `to`, by a backward search; `order` is by layer.
    let mut hops = vec![UNREACHED; graph.node_count()];
    hops[to_index] = 0;
    let mut order = vec![to];
    let mut head = 0;
    while let Some(&v) = order.get(head) {
        if hops[v as usize] >= hops[from_index] {
            // `from` is reached and its layer complete: nothing farther is needed.
            break;
        }
        head += 1;
        let next = hops[v as usize] + 1;
        for &w in graph.inc.neighbours(v as usize) {
            if hops[w as usize] == UNREACHED {
                hops[w as usize] = next;
                order.push(w);
            }
        }
    }
    let total = hops[from_index];
    if total == UNREACHED {
        return None;
    }
    // The best weakest step over each account's shortest chains to `to`; layer by layer,
    // so the accounts one step closer are done first. Weights are compared, never summed:
    // ties are exact.
    let mut strongest = vec![f64::NEG_INFINITY; graph.node_count()];
    strongest[to_index] = f64::INFINITY;
    let hops = &hops;
    let closer = |v: usize| {
        let h = hops[v];
        let row = graph.out.neighbours(v).iter().zip(graph.out.weights(v));
        row.filter(move |(&w, _)| hops[w as usize] != UNREACHED && hops[w as usize] + 1 == h)
    };
    for &v in &order[1..] {
        let v = v as usize;
        if hops[v] == total && v != from_index {
            continue;
        }
        strongest[v] = closer(v)
            .map(|(&w, &weight)| weight.min(strongest[w as usize]))
            .fold(f64::NEG_INFINITY, f64::max);
    }
    let bound = strongest[from_index];
    let mut path = Vec::with_capacity(total as usize + 1);
    path.push(from);
    let mut v = from_index;
    while v != to_index {
        let (&w, _) = closer(v)
            .find(|(&w, &weight)| weight >= bound && strongest[w as usize] >= bound)
            .expect("a next account keeps the bound, since the bound was computed from them");
        path.push(w);
        v = w as usize;
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Interaction, NetworkBuilder, Platform};

    fn csr(n: usize, edges: &[(u32, u32, f64)]) -> Csr {
        Csr::from_edges(n, edges.iter().copied())
    }

    #[test]
    fn the_shortest_then_the_strongest_then_the_first_in_account_order() {
        // 0 → 3 in three hops by 0-1-2-3 (weights 5, 1, 5), 0-4-2-3 (2, 2, 5) or 0-5-6-3
        // (2, 2, 2); the direct 0 → 7 → 8 → 9 → 3 is longer. Weakest steps: 1, 2, 2:
        // 0-4-2-3 and 0-5-6-3 tie at 2, and 4 comes before 5.
        let edges = [
            (0, 1, 5.0),
            (1, 2, 1.0),
            (2, 3, 5.0),
            (0, 4, 2.0),
            (4, 2, 2.0),
            (0, 5, 2.0),
            (5, 6, 2.0),
            (6, 3, 2.0),
            (0, 7, 9.0),
            (7, 8, 9.0),
            (8, 9, 9.0),
            (9, 3, 9.0),
        ];
        let graph = csr(10, &edges);
        assert_eq!(shortest_strongest(&graph, 0, 3), Some(vec![0, 4, 2, 3]));
        // Against the direction there is no path; an account reaches itself.
        assert_eq!(shortest_strongest(&graph, 3, 0), None);
        assert_eq!(shortest_strongest(&graph, 6, 6), Some(vec![6]));
        // A stronger 5 → 6 → 3 does not help while 0 → 5 stays at 2; a stronger
        // 1 → 2 makes 0-1-2-3 the strongest.
        let mut stronger = edges.to_vec();
        stronger[1].2 = 3.0;
        assert_eq!(
            shortest_strongest(&csr(10, &stronger), 0, 3),
            Some(vec![0, 1, 2, 3])
        );
    }

    #[test]
    fn a_chain_of_100000_accounts_end_to_end() {
        let n = 100_000u32;
        let edges: Vec<(u32, u32, f64)> = (0..n - 1).map(|v| (v, v + 1, 1.0)).collect();
        let graph = csr(n as usize, &edges);
        let path = shortest_strongest(&graph, 0, n - 1).unwrap();
        assert_eq!(path.len(), n as usize);
        assert!(path.iter().zip(0..).all(|(&a, b)| a == b));
        assert_eq!(shortest_strongest(&graph, n - 1, 0), None);
    }

    #[test]
    fn steps_count_their_interactions_by_kind_under_the_kind_weights() {
        let mut builder = NetworkBuilder::new();
        let ids: Vec<u32> = ["a", "b", "c"]
            .iter()
            .map(|id| builder.account(Platform::Generic, id))
            .collect();
        let (a, b, c) = (ids[0], ids[1], ids[2]);
        for (actor, target, kind) in [
            (a, b, Kind::Repost),
            (a, b, Kind::Repost),
            (a, b, Kind::Mention),
            (b, c, Kind::Follow),
            (b, c, Kind::Reply),
            (c, a, Kind::Reply),
        ] {
            builder.interact(Interaction::new(actor, target, kind));
        }
        let network = builder.finish();
        let weights = KindWeights::default();
        let graph = Csr::from_network(&network, &weights);
        let found = attention_path(&network, &graph, &weights, a, c);
        assert_eq!(found.hops, Some(2));
        assert_eq!(found.path, vec![a, b, c]);
        let kinds: Vec<Vec<(Kind, f64)>> = found
            .steps
            .iter()
            .map(|s| s.kinds.clone().into_iter().collect())
            .collect();
        assert_eq!(
            kinds,
            vec![
                vec![(Kind::Repost, 2.0), (Kind::Mention, 1.0)],
                vec![(Kind::Follow, 1.0), (Kind::Reply, 1.0)]
            ]
        );
        assert_eq!(found.steps[0].weight, 3.0);

        // Without replies, b → c stands on the follow alone, and c → a is gone.
        let mut no_replies = KindWeights::default();
        no_replies.set(Kind::Reply, 0.0);
        let graph = Csr::from_network(&network, &no_replies);
        let found = attention_path(&network, &graph, &no_replies, a, c);
        assert_eq!(
            found.steps[1].kinds.keys().collect::<Vec<_>>(),
            vec![&Kind::Follow]
        );
        let none = attention_path(&network, &graph, &no_replies, c, a);
        assert_eq!((none.hops, none.path.len(), none.steps.len()), (None, 0, 0));
    }
}
