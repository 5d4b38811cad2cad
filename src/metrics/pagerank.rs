//! PageRank: the share of time a random reader spends on each account when they follow
//! interactions towards their targets, and now and then jump to a random account.
//!
//! Definition (Brin & Page 1998), as `networkx.pagerank(G, alpha, weight="weight")`:
//! `x' = alpha * (x W + (sum of x over dangling nodes) * p) + (1 - alpha) * p`, where `W`
//! is the weight matrix with each row divided by its out-strength, `p` the teleport
//! (personalisation) distribution, uniform by default, and a dangling node one without
//! out-edges, whose mass is spread by `p` (networkx's default `dangling=None`).
//! Iterates from the uniform vector until the L1 change falls below `tolerance`.
//!
//! Personalised PageRank: the `seeds` parameter (account ids) makes `p` uniform over the
//! seeds and zero elsewhere, as `networkx.pagerank(G, personalization={seed: 1, ...})`:
//! the reader only ever jumps back to the seeds (one country's accounts, say), so the
//! scores say how much attention flows to each account from the seeds' side of the network.
//!
//! Complexity: O(iterations × (V + E)) time, O(V) extra memory. The iteration pulls
//! along in-edges, so every node's new value is one contiguous scan of the CSR.
//! (petgraph's `page_rank` is O(V²) per iteration and is not used.)

use super::iteration::{iterate, Stopping};
use super::{
    Context, Metric, MetricError, MetricInfo, MetricOutput, ParamInfo, ParamKind, Params, ValueKind,
};
use crate::csr::Csr;
use crate::network::{AccountIdx, Network};
use crate::progress::{Cancelled, Progress};

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "pagerank",
        values: ValueKind::Share,
        name: "PageRank",
        explanation: "How much attention flows to an account through the network. An account \
            ranks high when it receives interactions from accounts that themselves rank high, \
            so one repost by a central account counts for more than many from the periphery. \
            The value is a share: all accounts together sum to 1. With seed accounts (say, one \
            country's), it measures the attention that flows from the seeds' side of the network.",
        reference: "Brin & Page (1998); networkx.pagerank(G, alpha, personalization, weight=\"weight\")",
        complexity: "O(iterations × (V + E))",
        params: &[
            ParamInfo {
                id: "alpha",
                name: "Damping factor",
                help: "Probability of following an interaction rather than jumping to a random account.",
                kind: ParamKind::Number {
                    default: 0.85,
                    min: 0.0,
                    max: 1.0,
                    integer: false,
                },
            },
            ParamInfo {
                id: "seeds",
                name: "Seed accounts",
                help: "Personalise: the random reader jumps only to these accounts (by id). \
                    None: to any account.",
                kind: ParamKind::Accounts,
            },
            ParamInfo {
                id: "tolerance",
                name: "Tolerance",
                help: "Stop when the total (L1) change of one iteration falls below this.",
                kind: ParamKind::Number {
                    default: 1e-10,
                    min: 1e-15,
                    max: 1e-2,
                    integer: false,
                },
            },
            ParamInfo {
                id: "max_iterations",
                name: "Maximum iterations",
                help: "Stop after this many iterations even if not converged.",
                kind: ParamKind::Number {
                    default: 1000.0,
                    min: 1.0,
                    max: 100_000.0,
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
    let result = pagerank_with(context.graph, context.network, params, progress)?;
    Ok(MetricOutput::values(result.scores)
        .with_detail("iterations", "Iterations", result.iterations as f64)
        .with_detail("last_change", "Last L1 change", result.last_change))
}

/// PageRank of `graph` with the lens's `params` (damping, seeds by id in `network`,
/// tolerance, iteration cap), also used for the windows of the time view.
pub fn pagerank_with(
    graph: &Csr,
    network: &Network,
    params: &Params,
    progress: &mut dyn Progress,
) -> Result<PageRank, MetricError> {
    Ok(Seeded::read(params, network)?.compute(graph, progress)?)
}

/// The lens's parameters read: the iteration's settings and the seeds as account
/// indices. What [`pagerank_with`] runs, and what a helper worker's copy of a timeline's
/// windows carries (it has no network to find seeds by id in).
#[derive(Debug, Clone)]
pub struct Seeded {
    pub settings: Settings,
    pub seeds: Vec<AccountIdx>,
}

impl Seeded {
    /// The one reading of the parameters.
    pub fn read(params: &Params, network: &Network) -> Result<Seeded, MetricError> {
        Ok(Seeded {
            settings: Settings::from_params(params)?,
            seeds: params.account_indices(&METRIC.info, "seeds", network)?,
        })
    }

    /// Settings and seeds that come from elsewhere (a copy), refused when a seed is
    /// past the `node_count` accounts of the graph they will run on.
    pub fn checked(settings: Settings, seeds: Vec<AccountIdx>, node_count: usize) -> Result<Seeded, String> {
        match seeds.iter().find(|&&seed| seed as usize >= node_count) {
            Some(seed) => Err(format!("seed {seed} is past the {node_count} accounts")),
            None => Ok(Seeded { settings, seeds }),
        }
    }

    /// PageRank of `graph`, teleporting to the seeds (to every node when there are none).
    pub fn compute(&self, graph: &Csr, progress: &mut dyn Progress) -> Result<PageRank, Cancelled> {
        let teleport = (!self.seeds.is_empty()).then(|| {
            let mut teleport = vec![0.0; graph.node_count()];
            for &seed in &self.seeds {
                teleport[seed as usize] = 1.0;
            }
            teleport
        });
        pagerank(graph, &self.settings, teleport.as_deref(), progress)
    }
}

/// The numeric settings of the iteration; their defaults are the catalogue's.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub alpha: f64,
    pub tolerance: f64,
    pub max_iterations: usize,
}

impl Settings {
    pub fn from_params(params: &Params) -> Result<Settings, MetricError> {
        let info = &METRIC.info;
        Ok(Settings {
            alpha: params.number(info, "alpha")?,
            tolerance: params.number(info, "tolerance")?,
            max_iterations: params.number(info, "max_iterations")? as usize,
        })
    }
}

#[derive(Debug, Clone)]
pub struct PageRank {
    pub scores: Vec<f64>,
    pub iterations: usize,
    /// The L1 change of the last iteration.
    pub last_change: f64,
}

/// Power iteration. `teleport`, when given, is the personalisation vector (non-negative,
/// not all zero; normalised here) and also receives the dangling mass, as in networkx.
pub fn pagerank(
    graph: &Csr,
    settings: &Settings,
    teleport: Option<&[f64]>,
    progress: &mut dyn Progress,
) -> Result<PageRank, Cancelled> {
    let n = graph.node_count();
    if n == 0 {
        return Ok(PageRank {
            scores: Vec::new(),
            iterations: 0,
            last_change: 0.0,
        });
    }
    let teleport = normalised_teleport(n, teleport);
    let inverse_strength: Vec<f64> = graph
        .out_strengths()
        .into_iter()
        .map(|s| if s > 0.0 { 1.0 / s } else { 0.0 })
        .collect();
    let dangling: Vec<u32> = (0..n as u32)
        .filter(|&v| inverse_strength[v as usize] == 0.0)
        .collect();

    let alpha = settings.alpha;
    let mut scores = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    let mut share = vec![0.0; n];
    let stopping = Stopping {
        threshold: settings.tolerance,
        max_iterations: settings.max_iterations,
    };
    let outcome = iterate(stopping, "PageRank", progress, || {
        for v in 0..n {
            share[v] = scores[v] * inverse_strength[v];
        }
        let dangling_mass: f64 = dangling.iter().map(|&v| scores[v as usize]).sum();
        let mut change = 0.0;
        for v in 0..n {
            let inflow: f64 = graph
                .inc
                .neighbours(v)
                .iter()
                .zip(graph.inc.weights(v))
                .map(|(&u, &w)| share[u as usize] * w)
                .sum();
            let p = teleport.as_ref().map_or(1.0 / n as f64, |t| t[v]);
            next[v] = alpha * (inflow + dangling_mass * p) + (1.0 - alpha) * p;
            change += (next[v] - scores[v]).abs();
        }
        std::mem::swap(&mut scores, &mut next);
        change
    })?;
    Ok(PageRank {
        scores,
        iterations: outcome.iterations,
        last_change: outcome.last_change,
    })
}

fn normalised_teleport(n: usize, teleport: Option<&[f64]>) -> Option<Vec<f64>> {
    let teleport = teleport?;
    assert_eq!(teleport.len(), n, "personalisation vector has the wrong length");
    let total: f64 = teleport.iter().sum();
    assert!(total > 0.0, "personalisation vector sums to zero");
    Some(teleport.iter().map(|&t| t / total).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    fn defaults() -> Settings {
        Settings::from_params(&Params::default()).unwrap()
    }

    #[test]
    fn the_defaults_are_the_catalogue_s() {
        let settings = defaults();
        assert_eq!(
            (settings.alpha, settings.tolerance, settings.max_iterations),
            (0.85, 1e-10, 1000)
        );
    }

    #[test]
    fn empty_graph_has_no_scores() {
        let graph = Csr::from_edges(0, std::iter::empty());
        let result = pagerank(&graph, &defaults(), None, &mut Silent).unwrap();
        assert!(result.scores.is_empty());
    }

    #[test]
    fn scores_sum_to_one_with_dangling_nodes() {
        let graph = Csr::from_edges(4, vec![(0, 1, 1.0), (1, 2, 2.0), (3, 2, 1.0)].into_iter());
        let result = pagerank(&graph, &defaults(), None, &mut Silent).unwrap();
        let total: f64 = result.scores.iter().sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert!(result.scores[2] > result.scores[1]);
        assert!(result.last_change < 1e-10);
    }

    #[test]
    fn two_node_cycle_by_hand() {
        // Symmetric: both nodes get 1/2 exactly.
        let graph = Csr::from_edges(2, vec![(0, 1, 1.0), (1, 0, 1.0)].into_iter());
        let result = pagerank(&graph, &defaults(), None, &mut Silent).unwrap();
        assert!((result.scores[0] - 0.5).abs() < 1e-15);
    }
}
