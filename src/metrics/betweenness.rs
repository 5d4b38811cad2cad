//! Betweenness: how often an account lies on the shortest paths between other accounts,
//! the broker through whom attention travels.
//!
//! Definition, as `networkx.betweenness_centrality(G, normalized=True)` (hop distances,
//! endpoints excluded): `b(v) = Σ_{s ≠ v ≠ t} σ_st(v) / σ_st`, with `σ_st` the number of
//! shortest paths s → t and `σ_st(v)` those through v, divided by `(n − 1)(n − 2)`, the
//! number of ordered pairs v could lie between.
//!
//! Exact: Brandes' algorithm, one breadth-first search per source along the out-adjacency
//! counting shortest paths, then dependencies `δ_s(v) = Σ_{w: v precedes w} σ_sv / σ_sw ×
//! (1 + δ_s(w))` accumulated in reverse order of distance, walking the same out-rows
//! (no predecessor lists). The search buffers are reused across sources.
//!
//! Sampled (`k` sources, `2 ≤ k < n`): the sources are k distinct accounts drawn by a
//! ChaCha8 generator seeded with `seed`, and the estimate is networkx's
//! (`betweenness_centrality(G, k, seed)`, networkx ≥ 3.5): the summed dependencies are
//! divided by `(k − 1)(n − 2)` for an account that was itself a source (its own search
//! tells nothing about it) and by `k (n − 2)` otherwise. The drawn sources differ from
//! networkx's (another generator), the estimator is the same.
//!
//! Error bound: each sampled value is the mean of m ≥ k − 1 terms `δ_s(v) / (n − 2)`,
//! each in [0, 1] (at most n − 2 targets depend on v), drawn without replacement from
//! the n − 1 accounts other than v, whose mean is the exact value. Hoeffding's
//! inequality (Hoeffding 1963, Theorem 1 and §6 for sampling without replacement; the
//! bound Brandes & Pich 2007 use for this estimator) gives
//! `P(|b̂(v) − b(v)| ≥ ε) ≤ 2 exp(−2 m ε²)`, so with 95% confidence each value is within
//! `ε = sqrt(ln(2 / 0.05) / (2 (k − 1)))` of the exact one (`error_bound`), and all n
//! values at once within `sqrt(ln(2n / 0.05) / (2 (k − 1)))` (union bound, `error_bound_all`).
//! The bound is distribution-free and so conservative: it does not shrink with the graph.
//!
//! In parallel: the sources are cut into blocks ([`split`]); each block sums its own
//! sources' dependencies from zero and the blocks add up in block order, so that any
//! number of threads (or the page's workers) gives the same bits.
//!
//! Reference: Brandes (2001); Brandes & Pich (2007); `networkx.betweenness_centrality`.
//! Complexity: O(S × (V + E)) time for S sources (S = V when exact), O(V) extra memory.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::split::{self, Split, Tick};
use super::{Metric, MetricError, MetricInfo, MetricOutput, ParamInfo, ParamKind, Params, ValueKind};
use crate::csr::{Adjacency, Csr};
use crate::progress::{Cancelled, Progress};

/// The confidence the reported error bounds hold with.
const CONFIDENCE: f64 = 0.95;

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "betweenness",
        values: ValueKind::Score,
        name: "Betweenness",
        explanation: "How often this account lies on the shortest chains of interactions \
            between two other accounts: a broker through whom attention passes from one \
            part of the network to another. 1 would mean it lies on every shortest path \
            between every pair. On large networks it can be estimated from a sample of \
            starting accounts; the estimate comes with a 95% error bound.",
        reference:
            "Brandes (2001), Brandes & Pich (2007); networkx.betweenness_centrality(G, k, normalized=True)",
        complexity: "O(S × (V + E)), S = sampled sources (V when exact)",
        params: &[
            ParamInfo {
                id: "k",
                name: "Sampled sources",
                help: "Estimate from this many randomly chosen starting accounts (at least 2); \
                    0, or at least the number of accounts, computes the exact value.",
                kind: ParamKind::Number {
                    default: 0.0,
                    min: 0.0,
                    max: 4_294_967_295.0,
                    integer: true,
                },
            },
            ParamInfo {
                id: "seed",
                name: "Random seed",
                help: "Which sample is drawn: the same seed gives the same estimate.",
                kind: ParamKind::Number {
                    default: 0.0,
                    min: 0.0,
                    max: 4_294_967_295.0,
                    integer: true,
                },
            },
        ],
    },
    compute,
};

fn compute(
    context: &super::Context,
    params: &Params,
    progress: &mut dyn Progress,
) -> Result<MetricOutput, MetricError> {
    let split = Split::plan(METRIC.info.id, context.graph, params)?.expect("betweenness splits");
    Ok(split::compute(&split, context.graph, context.threads, progress)?)
}

/// The sources a run searches from, fixed by the parameters (see [`plan`]).
pub struct Plan {
    /// Ascending: every account when exact, else the sample.
    sources: Vec<u32>,
    exact: bool,
}

/// The sources for `params` on a graph of `n` accounts: every account when `k` is 0 or
/// at least n, else k drawn with `seed`. k = 1 is refused.
pub fn plan(n: usize, params: &Params) -> Result<Plan, MetricError> {
    let info = &METRIC.info;
    let k = params.number(info, "k")? as usize;
    let seed = params.number(info, "seed")? as u64;
    if k == 1 {
        return Err(MetricError::BadParameter {
            metric: info.id,
            param: "k",
            message: "Sampled sources must be 0 (exact) or at least 2: one source tells \
                nothing about itself"
                .to_owned(),
        });
    }
    Ok(if k == 0 || k >= n {
        Plan {
            sources: (0..n as u32).collect(),
            exact: true,
        }
    } else {
        Plan {
            sources: sample_sources(n, k, seed),
            exact: false,
        }
    })
}

impl Plan {
    pub fn sources(&self) -> &[u32] {
        &self.sources
    }

    /// The output from the dependencies summed over every source: normalised (exact), or
    /// networkx's estimate (sampled), with the error bounds.
    pub fn finish(&self, n: usize, mut totals: Vec<f64>) -> MetricOutput {
        if self.exact {
            if n > 2 {
                let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
                totals.iter_mut().for_each(|v| *v *= scale);
            }
            return MetricOutput::values(totals)
                .with_detail("sources", "Sources searched", n as f64)
                .with_detail("error_bound", "Error bound (95%, each value)", 0.0);
        }
        let k = self.sources.len();
        if n > 2 {
            let pairs_per_source = (n - 2) as f64;
            let mut scale = vec![1.0 / (k as f64 * pairs_per_source); n];
            for &s in &self.sources {
                scale[s as usize] = 1.0 / ((k as f64 - 1.0) * pairs_per_source);
            }
            totals.iter_mut().zip(&scale).for_each(|(v, s)| *v *= s);
        }
        let (each, all) = error_bounds(n, k);
        MetricOutput::values(totals)
            .with_detail("sources", "Sources searched", k as f64)
            .with_detail("error_bound", "Error bound (95%, each value)", each)
            .with_detail("error_bound_all", "Error bound (95%, all values at once)", all)
    }
}

/// Exact normalised betweenness: every node a source (one thread).
pub fn exact(graph: &Csr, progress: &mut dyn Progress) -> Result<Vec<f64>, Cancelled> {
    let n = graph.node_count();
    let plan = Plan {
        sources: (0..n as u32).collect(),
        exact: true,
    };
    run_plan(graph, plan, progress)
}

/// networkx's sampled estimate from the given distinct `sources` (at least 2; one thread).
pub fn sampled(graph: &Csr, sources: &[u32], progress: &mut dyn Progress) -> Result<Vec<f64>, Cancelled> {
    let plan = Plan {
        sources: sources.to_vec(),
        exact: false,
    };
    run_plan(graph, plan, progress)
}

fn run_plan(graph: &Csr, plan: Plan, progress: &mut dyn Progress) -> Result<Vec<f64>, Cancelled> {
    let phase = "Betweenness";
    let mut done = 0;
    let count = plan.sources.len().max(1) as f64;
    let totals = summed_dependencies(&graph.out, &plan.sources, &mut |units| {
        done += units;
        progress.step(phase, done as f64 / count)
    })?;
    Ok(plan.finish(graph.node_count(), totals).values)
}

/// k distinct sources out of n, ascending, from the seeded generator.
fn sample_sources(n: usize, k: usize, seed: u64) -> Vec<u32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut sources: Vec<u32> = rand::seq::index::sample(&mut rng, n, k)
        .into_iter()
        .map(|i| i as u32)
        .collect();
    sources.sort_unstable();
    sources
}

/// Hoeffding half-widths at [`CONFIDENCE`] for k sampled sources: for each value, and
/// for all n values at once (union bound). See the module documentation.
pub fn error_bounds(n: usize, k: usize) -> (f64, f64) {
    let terms = (k - 1) as f64;
    let risk = 1.0 - CONFIDENCE;
    let half_width = |failure: f64| ((2.0 / failure).ln() / (2.0 * terms)).sqrt();
    (half_width(risk), half_width(risk / n as f64))
}

/// Σ over `sources` of the dependencies δ_s(v), v ≠ s (Brandes' accumulation), from zero.
/// `tick(1)` after each source: progress, and the place a cancel stops the run.
pub(super) fn summed_dependencies(
    out: &Adjacency,
    sources: &[u32],
    tick: &mut Tick,
) -> Result<Vec<f64>, Cancelled> {
    let n = out.offsets.len().saturating_sub(1);
    let mut search = ShortestPaths::new(n);
    let mut totals = vec![0.0; n];
    for &source in sources {
        search.run(out, source);
        search.accumulate(out, &mut totals);
        tick(1)?;
    }
    Ok(totals)
}

const UNREACHED: u32 = u32::MAX;

/// What one search knows of a node, packed so that an edge costs one memory access.
#[derive(Clone, Copy)]
struct NodeState {
    distance: u32,
    /// σ, the number of shortest paths from the source, while searching; once the
    /// node's dependency δ is known, `(1 + δ) / σ`, the share it passes back to each
    /// shortest path reaching it (read by its predecessors, which come later).
    paths_or_share: f64,
}

const FRESH: NodeState = NodeState {
    distance: UNREACHED,
    paths_or_share: 0.0,
};

/// One source's shortest-path counts and dependencies; buffers reused across sources.
struct ShortestPaths {
    state: Vec<NodeState>,
    /// Nodes reached, by increasing distance (the BFS queue), source first.
    order: Vec<u32>,
}

impl ShortestPaths {
    fn new(n: usize) -> Self {
        ShortestPaths {
            state: vec![FRESH; n],
            order: Vec::with_capacity(n),
        }
    }

    /// Breadth-first search from `source` counting shortest paths (σ).
    fn run(&mut self, out: &Adjacency, source: u32) {
        for &v in &self.order {
            self.state[v as usize] = FRESH;
        }
        self.order.clear();
        self.state[source as usize] = NodeState {
            distance: 0,
            paths_or_share: 1.0,
        };
        self.order.push(source);
        let mut head = 0;
        while let Some(&v) = self.order.get(head) {
            head += 1;
            let NodeState {
                distance,
                paths_or_share: paths,
            } = self.state[v as usize];
            let next = distance + 1;
            for &w in out.neighbours(v as usize) {
                let reached = &mut self.state[w as usize];
                if reached.distance == UNREACHED {
                    reached.distance = next;
                    self.order.push(w);
                }
                if reached.distance == next {
                    reached.paths_or_share += paths;
                }
            }
        }
    }

    /// Adds the dependencies of the last search's nodes (the source excepted) to `totals`:
    /// `δ(v) = σ(v) × Σ_{successors w} (1 + δ(w)) / σ(w)`, in reverse order of distance.
    fn accumulate(&mut self, out: &Adjacency, totals: &mut [f64]) {
        for (position, &v) in self.order.iter().enumerate().rev() {
            let v = v as usize;
            let next = self.state[v].distance + 1;
            let mut shares = 0.0;
            for &w in out.neighbours(v) {
                let successor = self.state[w as usize];
                if successor.distance == next {
                    shares += successor.paths_or_share;
                }
            }
            let paths = self.state[v].paths_or_share;
            let dependency = paths * shares;
            self.state[v].paths_or_share = (1.0 + dependency) / paths;
            if position > 0 {
                totals[v] += dependency;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::run_on_graph;
    use crate::progress::Silent;

    fn graph(n: usize, edges: &[(u32, u32)]) -> Csr {
        Csr::from_edges(n, edges.iter().map(|&(s, t)| (s, t, 1.0)))
    }

    /// A small graph with cycles, a source-only node (5) and a sink-only node (6).
    fn mixed() -> Csr {
        let edges = [
            (0, 1),
            (1, 2),
            (2, 0),
            (2, 3),
            (3, 4),
            (4, 2),
            (5, 1),
            (5, 3),
            (3, 6),
            (1, 6),
        ];
        graph(7, &edges)
    }

    #[test]
    fn directed_path_by_hand() {
        // 0 → 1 → 2: only 1 lies between a pair, on 1 of the 2 × 1 ordered pairs it could.
        let values = exact(&graph(3, &[(0, 1), (1, 2)]), &mut Silent).unwrap();
        assert_eq!(values, vec![0.0, 0.5, 0.0]);
    }

    #[test]
    fn split_paths_share_the_credit() {
        // Two shortest paths 0 → 3, through 1 and through 2: each gets half.
        let values = exact(&graph(4, &[(0, 1), (0, 2), (1, 3), (2, 3)]), &mut Silent).unwrap();
        assert_eq!(values[1], values[2]);
        assert!((values[1] - 0.5 / 6.0).abs() < 1e-15);
    }

    #[test]
    fn nodes_without_in_or_out_edges_broker_nothing() {
        let g = mixed();
        let values = exact(&g, &mut Silent).unwrap();
        for (v, &value) in values.iter().enumerate() {
            if g.inc.degree(v) == 0 || g.out.degree(v) == 0 {
                assert_eq!(value, 0.0, "node {v}");
            }
        }
        assert!(values[2] > 0.0 && values[3] > 0.0);
    }

    #[test]
    fn sampling_every_source_is_the_exact_value() {
        let g = mixed();
        let all: Vec<u32> = (0..7).collect();
        let estimate = sampled(&g, &all, &mut Silent).unwrap();
        let exact = exact(&g, &mut Silent).unwrap();
        for (e, x) in estimate.iter().zip(&exact) {
            assert!((e - x).abs() < 1e-15, "{estimate:?} vs {exact:?}");
        }
    }

    #[test]
    fn the_estimate_is_unbiased_over_all_samples() {
        // The mean of the estimate over every 3-subset of sources is the exact value.
        let g = mixed();
        let exact = exact(&g, &mut Silent).unwrap();
        let mut mean = vec![0.0; 7];
        let mut subsets = 0.0;
        for a in 0..7u32 {
            for b in a + 1..7 {
                for c in b + 1..7 {
                    let estimate = sampled(&g, &[a, b, c], &mut Silent).unwrap();
                    mean.iter_mut().zip(&estimate).for_each(|(m, e)| *m += e);
                    subsets += 1.0;
                }
            }
        }
        for (m, x) in mean.iter().zip(&exact) {
            assert!((m / subsets - x).abs() < 1e-12, "{mean:?} vs {exact:?}");
        }
    }

    #[test]
    fn sampled_run_is_seeded_and_reports_its_bound() {
        let g = mixed();
        let params = Params::default().with("k", 3.0).with("seed", 11.0);
        let first = run_on_graph(&METRIC, &g, &params).unwrap();
        let again = run_on_graph(&METRIC, &g, &params).unwrap();
        assert_eq!(first, again);
        assert_eq!(first.detail("sources"), Some(3.0));
        let bound = first.detail("error_bound").unwrap();
        assert!((bound - ((2.0f64 / 0.05).ln() / 4.0).sqrt()).abs() < 1e-15);
        assert!(first.detail("error_bound_all").unwrap() > bound);
    }

    #[test]
    fn k_of_one_is_refused_and_k_of_n_is_exact() {
        let g = mixed();
        let one = run_on_graph(&METRIC, &g, &Params::default().with("k", 1.0));
        assert!(matches!(one, Err(MetricError::BadParameter { param: "k", .. })));
        let all = run_on_graph(&METRIC, &g, &Params::default().with("k", 7.0)).unwrap();
        assert_eq!(all.values, exact(&g, &mut Silent).unwrap());
        assert_eq!(all.detail("error_bound"), Some(0.0));
    }
}
