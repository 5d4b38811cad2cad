//! Breadth-first search over one direction of the CSR, with its buffers reused across
//! sources: the distance metrics (closeness, harmonic) run one search per account.
//!
//! Each search costs O(reached nodes + their edges); resetting touches only the nodes
//! the previous search reached, so n searches on a graph of small components stay cheap.

use crate::csr::Adjacency;

const UNREACHED: u32 = u32::MAX;

pub struct Bfs {
    distance: Vec<u32>,
    /// The nodes reached by the last search, in the order visited (the queue itself).
    order: Vec<u32>,
}

impl Bfs {
    pub fn new(node_count: usize) -> Self {
        Bfs {
            distance: vec![UNREACHED; node_count],
            order: Vec::with_capacity(node_count),
        }
    }

    /// Visits every node reachable from `source` along `adjacency`.
    pub fn run(&mut self, adjacency: &Adjacency, source: usize) {
        for &v in &self.order {
            self.distance[v as usize] = UNREACHED;
        }
        self.order.clear();
        self.distance[source] = 0;
        self.order.push(source as u32);
        let mut head = 0;
        while let Some(&v) = self.order.get(head) {
            head += 1;
            let next = self.distance[v as usize] + 1;
            for &w in adjacency.neighbours(v as usize) {
                if self.distance[w as usize] == UNREACHED {
                    self.distance[w as usize] = next;
                    self.order.push(w);
                }
            }
        }
    }

    /// The nodes the last search reached, by increasing distance, its source first.
    #[inline]
    pub fn reached(&self) -> &[u32] {
        &self.order
    }

    /// Hops from the last search's source to `node` (only for nodes it reached).
    #[inline]
    pub fn distance(&self, node: u32) -> u32 {
        self.distance[node as usize]
    }
}
