//! Collective influence at radius 2: how much of the network an account holds together,
//! judged by the degrees of the accounts two steps away.
//!
//! Definition (Morone & Makse 2015, ℓ = 2) on the undirected simple view U (unweighted):
//! `CI(i) = (k_i − 1) × Σ_{j : d(i, j) = 2} (k_j − 1)`, with `k` the degree in U and the
//! sum over the accounts at distance exactly 2 (not neighbours, not i itself). Isolated
//! accounts and leaves score 0. There is no networkx function; the reference is a
//! direct breadth-first search to depth 2 in `tests/reference/generate.py`.
//!
//! Computed per account by scanning the neighbours of its neighbours, with one stamp
//! array (the current account's index) marking who was already seen: nothing is cleared
//! or allocated between accounts.
//!
//! Reference: Morone & Makse, "Influence maximization in complex networks through
//! optimal percolation", Nature 524 (2015).
//! Complexity: O(Σ_v k_v²) time, O(V) extra memory.

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::csr::Adjacency;
use crate::progress::{Cancelled, Progress};

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "collective_influence",
        values: ValueKind::Count,
        name: "Collective influence",
        explanation: "How much of the network would fall apart without this account: it is \
            high for accounts that are well connected and whose contacts' contacts are well \
            connected too, so that the account bridges many busy neighbourhoods. Removing the \
            highest-scoring accounts fragments the network fastest (Morone & Makse).",
        reference: "Morone & Makse (2015), radius 2 on U",
        complexity: "O(Σ degree²)",
        params: &[],
    },
    compute: |context, _, progress| {
        let values = collective_influence(context.graph.undirected(), progress)?;
        Ok(MetricOutput::values(values))
    },
};

pub fn collective_influence(u: &Adjacency, progress: &mut dyn Progress) -> Result<Vec<f64>, Cancelled> {
    let n = u.offsets.len().saturating_sub(1);
    let excess = |v: u32| u.degree(v as usize) as f64 - 1.0;
    let mut seen_from = vec![u32::MAX; n];
    let mut values = vec![0.0; n];
    for i in 0..n {
        if i % 1024 == 0 {
            progress.step("Collective influence", i as f64 / n as f64)?;
        }
        if u.degree(i) < 2 {
            continue;
        }
        let me = i as u32;
        seen_from[i] = me;
        for &j in u.neighbours(i) {
            seen_from[j as usize] = me;
        }
        let mut frontier = 0.0;
        for &j in u.neighbours(i) {
            for &l in u.neighbours(j as usize) {
                if seen_from[l as usize] != me {
                    seen_from[l as usize] = me;
                    frontier += excess(l);
                }
            }
        }
        values[i] = excess(me) * frontier;
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Csr;
    use crate::progress::Silent;

    #[test]
    fn star_of_stars_by_hand() {
        // Centre 0 with arms 1, 2; each arm has two leaves. Leaves are at distance 2 from 0
        // (excess 0 each); the other arm is at distance 2 from an arm (excess 2).
        let edges = vec![
            (0, 1, 1.0),
            (0, 2, 1.0),
            (1, 3, 1.0),
            (1, 4, 1.0),
            (5, 2, 1.0),
            (6, 2, 1.0),
        ];
        let graph = Csr::from_edges(8, edges.into_iter());
        let values = collective_influence(graph.undirected(), &mut Silent).unwrap();
        assert_eq!(values, vec![0.0, 4.0, 4.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn neighbours_in_a_triangle_are_not_at_distance_two() {
        // Triangle 0-1-2, path 1-3-4. From 1 nobody is at distance 2 but 4 (a leaf): 0.
        // From 0 (and 2) only 3 is (excess 1); from 3, 0 and 2 are (excess 1 each).
        let edges = vec![(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (1, 3, 1.0), (4, 3, 1.0)];
        let graph = Csr::from_edges(5, edges.into_iter());
        let values = collective_influence(graph.undirected(), &mut Silent).unwrap();
        assert_eq!(values, vec![1.0, 0.0, 1.0, 2.0, 0.0]);
    }
}
