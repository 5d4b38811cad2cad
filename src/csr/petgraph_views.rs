//! petgraph's visit traits on views of our [`Csr`], so that petgraph's algorithms
//! (strong components, articulation points, bridges, topological order...) run on the
//! snapshot the metrics read, without copying it into a petgraph graph.
//!
//! Two views, both `Copy` (a pair of references), as petgraph's algorithms take graphs
//! by value:
//! - [`DirectedView`] is G: `neighbors(v)` are the accounts `v` pays attention to (its
//!   out-row), `neighbors_directed(v, Incoming)` those that pay attention to `v`;
//! - [`UndirectedView`] is U ([`Csr::undirected`]): every neighbour once, whatever the
//!   direction, with the weights of both directions summed. Its `edge_references` list
//!   each undirected edge once (from the lower index), as petgraph's undirected graphs
//!   do, so that edge-based algorithms (bridges) see each link once.
//!
//! Nodes are account indices (`u32`), edges positions in the adjacency's arrays; the
//! visit map is a bit set. This follows petgraph's own `csr.rs`, whose layout ours shares.

use std::iter::Copied;
use std::ops::Range;
use std::slice::Iter;

use fixedbitset::FixedBitSet;
use petgraph::visit::{
    Data, EdgeRef, GraphBase, GraphProp, GraphRef, IntoEdgeReferences, IntoEdges, IntoNeighbors,
    IntoNeighborsDirected, IntoNodeIdentifiers, IntoNodeReferences, NodeCompactIndexable, NodeCount,
    NodeIndexable, Visitable,
};
use petgraph::Direction;

use super::{Adjacency, Csr};

impl Csr {
    /// G as a petgraph graph.
    pub fn directed_view(&self) -> DirectedView<'_> {
        DirectedView {
            out: &self.out,
            inc: &self.inc,
        }
    }

    /// U as a petgraph graph (builds U on first use, see [`Csr::undirected`]).
    pub fn undirected_view(&self) -> UndirectedView<'_> {
        UndirectedView {
            adjacency: self.undirected(),
        }
    }
}

/// G: out-rows are the neighbours, in-rows the incoming neighbours.
#[derive(Clone, Copy, Debug)]
pub struct DirectedView<'a> {
    out: &'a Adjacency,
    inc: &'a Adjacency,
}

/// U: one symmetric adjacency.
#[derive(Clone, Copy, Debug)]
pub struct UndirectedView<'a> {
    adjacency: &'a Adjacency,
}

/// One edge: its endpoints, its weight, its position in the adjacency's arrays.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge<'a> {
    source: u32,
    target: u32,
    weight: &'a f64,
    id: u32,
}

impl EdgeRef for Edge<'_> {
    type NodeId = u32;
    type EdgeId = u32;
    type Weight = f64;

    fn source(&self) -> u32 {
        self.source
    }

    fn target(&self) -> u32 {
        self.target
    }

    fn weight(&self) -> &f64 {
        self.weight
    }

    fn id(&self) -> u32 {
        self.id
    }
}

/// The edges of one row.
#[derive(Clone, Debug)]
pub struct RowEdges<'a> {
    adjacency: &'a Adjacency,
    source: u32,
    positions: Range<usize>,
}

impl<'a> RowEdges<'a> {
    fn new(adjacency: &'a Adjacency, source: u32) -> Self {
        RowEdges {
            adjacency,
            source,
            positions: adjacency.range(source as usize),
        }
    }
}

impl<'a> Iterator for RowEdges<'a> {
    type Item = Edge<'a>;

    fn next(&mut self) -> Option<Edge<'a>> {
        let position = self.positions.next()?;
        Some(Edge {
            source: self.source,
            target: self.adjacency.neighbours[position],
            weight: &self.adjacency.weights[position],
            id: position as u32,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.positions.size_hint()
    }
}

/// Every edge of an adjacency, row after row; with `lower_only`, only the entries whose
/// target is not below their source (each undirected edge once).
#[derive(Clone, Debug)]
pub struct AllEdges<'a> {
    adjacency: &'a Adjacency,
    source: u32,
    position: usize,
    lower_only: bool,
}

impl<'a> Iterator for AllEdges<'a> {
    type Item = Edge<'a>;

    fn next(&mut self) -> Option<Edge<'a>> {
        let adjacency = self.adjacency;
        loop {
            if self.position >= adjacency.neighbours.len() {
                return None;
            }
            // Skip the rows that end here (empty rows included).
            while adjacency.offsets[self.source as usize + 1] as usize <= self.position {
                self.source += 1;
            }
            let position = self.position;
            self.position += 1;
            let target = adjacency.neighbours[position];
            if self.lower_only && target < self.source {
                continue;
            }
            return Some(Edge {
                source: self.source,
                target,
                weight: &adjacency.weights[position],
                id: position as u32,
            });
        }
    }
}

fn all_edges(adjacency: &Adjacency, lower_only: bool) -> AllEdges<'_> {
    AllEdges {
        adjacency,
        source: 0,
        position: 0,
        lower_only,
    }
}

fn node_count(adjacency: &Adjacency) -> usize {
    adjacency.offsets.len().saturating_sub(1)
}

/// Node ids `0..n`: the exact size petgraph's algorithms size their tables by.
pub type NodeIds = Range<u32>;

/// Node references: petgraph's `(id, ())` pairs for graphs without node weights.
pub type NodeReferences = std::iter::Map<Range<u32>, fn(u32) -> (u32, ())>;

fn with_unit(node: u32) -> (u32, ()) {
    (node, ())
}

/// The traits both views implement the same way, over their node count and one
/// adjacency (`$row`) for `neighbors` and `edges`.
macro_rules! common_traits {
    ($view:ident, $row:ident, $edge_type:ty, $lower_only:expr) => {
        impl GraphBase for $view<'_> {
            type NodeId = u32;
            type EdgeId = u32;
        }

        impl GraphRef for $view<'_> {}

        impl Data for $view<'_> {
            type NodeWeight = ();
            type EdgeWeight = f64;
        }

        impl GraphProp for $view<'_> {
            type EdgeType = $edge_type;
        }

        impl NodeCount for $view<'_> {
            fn node_count(&self) -> usize {
                node_count(self.$row)
            }
        }

        impl NodeIndexable for $view<'_> {
            fn node_bound(&self) -> usize {
                node_count(self.$row)
            }

            fn to_index(&self, node: u32) -> usize {
                node as usize
            }

            fn from_index(&self, index: usize) -> u32 {
                index as u32
            }
        }

        impl NodeCompactIndexable for $view<'_> {}

        impl Visitable for $view<'_> {
            type Map = FixedBitSet;

            fn visit_map(&self) -> FixedBitSet {
                FixedBitSet::with_capacity(node_count(self.$row))
            }

            fn reset_map(&self, map: &mut FixedBitSet) {
                map.clear();
                map.grow(node_count(self.$row));
            }
        }

        impl<'a> IntoNeighbors for $view<'a> {
            type Neighbors = Copied<Iter<'a, u32>>;

            fn neighbors(self, node: u32) -> Self::Neighbors {
                self.$row.neighbours(node as usize).iter().copied()
            }
        }

        impl<'a> IntoEdges for $view<'a> {
            type Edges = RowEdges<'a>;

            fn edges(self, node: u32) -> RowEdges<'a> {
                RowEdges::new(self.$row, node)
            }
        }

        impl<'a> IntoEdgeReferences for $view<'a> {
            type EdgeRef = Edge<'a>;
            type EdgeReferences = AllEdges<'a>;

            fn edge_references(self) -> AllEdges<'a> {
                all_edges(self.$row, $lower_only)
            }
        }

        impl IntoNodeIdentifiers for $view<'_> {
            type NodeIdentifiers = NodeIds;

            fn node_identifiers(self) -> NodeIds {
                0..node_count(self.$row) as u32
            }
        }

        impl IntoNodeReferences for $view<'_> {
            type NodeRef = (u32, ());
            type NodeReferences = NodeReferences;

            fn node_references(self) -> NodeReferences {
                (0..node_count(self.$row) as u32).map(with_unit as fn(u32) -> (u32, ()))
            }
        }
    };
}

common_traits!(DirectedView, out, petgraph::Directed, false);
common_traits!(UndirectedView, adjacency, petgraph::Undirected, true);

impl<'a> IntoNeighborsDirected for DirectedView<'a> {
    type NeighborsDirected = Copied<Iter<'a, u32>>;

    fn neighbors_directed(self, node: u32, direction: Direction) -> Self::NeighborsDirected {
        let adjacency = match direction {
            Direction::Outgoing => self.out,
            Direction::Incoming => self.inc,
        };
        adjacency.neighbours(node as usize).iter().copied()
    }
}

/// In U every neighbour is both a source and a target.
impl<'a> IntoNeighborsDirected for UndirectedView<'a> {
    type NeighborsDirected = Copied<Iter<'a, u32>>;

    fn neighbors_directed(self, node: u32, _: Direction) -> Self::NeighborsDirected {
        self.adjacency.neighbours(node as usize).iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::algo::{kosaraju_scc, toposort};
    use petgraph::visit::{Bfs, Walker};

    fn sample() -> Csr {
        // 0 ⇄ 1 → 2 → 3, 4 → 3, 5 alone.
        let edges = vec![(0, 1, 1.0), (1, 0, 2.0), (1, 2, 1.0), (2, 3, 4.0), (4, 3, 1.0)];
        Csr::from_edges(6, edges.into_iter())
    }

    #[test]
    fn directed_view_lists_out_and_in_rows() {
        let csr = sample();
        let g = csr.directed_view();
        assert_eq!(g.node_count(), 6);
        assert_eq!(g.neighbors(1).collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(
            g.neighbors_directed(3, Direction::Incoming).collect::<Vec<_>>(),
            vec![2, 4]
        );
        let edges: Vec<(u32, u32, f64)> = g
            .edge_references()
            .map(|e| (e.source(), e.target(), *e.weight()))
            .collect();
        assert_eq!(
            edges,
            vec![(0, 1, 1.0), (1, 0, 2.0), (1, 2, 1.0), (2, 3, 4.0), (4, 3, 1.0)]
        );
        let row: Vec<u32> = g.edges(1).map(|e| e.id()).collect();
        assert_eq!(row, vec![1, 2]);
    }

    #[test]
    fn undirected_view_lists_each_link_once() {
        let csr = sample();
        let u = csr.undirected_view();
        assert_eq!(u.neighbors(3).collect::<Vec<_>>(), vec![2, 4]);
        let edges: Vec<(u32, u32, f64)> = u
            .edge_references()
            .map(|e| (e.source(), e.target(), *e.weight()))
            .collect();
        assert_eq!(edges, vec![(0, 1, 3.0), (1, 2, 1.0), (2, 3, 4.0), (3, 4, 1.0)]);
        assert_eq!(u.node_references().size_hint(), (6, Some(6)));
    }

    #[test]
    fn petgraph_algorithms_run_on_the_views() {
        let csr = sample();
        let mut strong: Vec<Vec<u32>> = kosaraju_scc(csr.directed_view())
            .into_iter()
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        strong.sort();
        assert_eq!(strong, vec![vec![0, 1], vec![2], vec![3], vec![4], vec![5]]);
        assert!(toposort(csr.directed_view(), None).is_err());
        let dag = Csr::from_edges(3, vec![(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)].into_iter());
        assert_eq!(toposort(dag.directed_view(), None).unwrap(), vec![0, 1, 2]);
        let mut reached: Vec<u32> = Bfs::new(csr.undirected_view(), 4)
            .iter(csr.undirected_view())
            .collect();
        reached.sort();
        assert_eq!(reached, vec![0, 1, 2, 3, 4]);
    }
}
