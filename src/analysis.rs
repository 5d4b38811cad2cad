//! A loaded network ready for scoring: the network, its CSR snapshot (built once, rebuilt
//! only when the kind weights change), the parameters of every lens, and the columns
//! computed under them.
//!
//! Every column is read through [`Analysis::column`], under the lens parameters in force,
//! so that the table, the influence index, explain, groups and the time view show one
//! value for one setting. Columns are kept, keyed by the metric and the parameters in
//! force for it and for the metrics it reads ([`LensParams::column_key`]), until the kind
//! weights change; changing a lens's parameters back finds its earlier column again.
//! Columns imported with the accounts (a scores table: `network::imported`) are served
//! under their ids too, as read.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::csr::{Csr, KindWeights};
use crate::metrics::influence_index::{self, IndexWeights, InfluenceIndex};
use crate::metrics::split::{LastPlan, Split};
use crate::metrics::{self, Columns, Context, LensParams, MetricError, MetricOutput, ParamKind, Params};
use crate::network::Network;
use crate::progress::Progress;

/// At most this many columns are kept (the oldest go first): a person trying settings
/// one after the other should not fill the tab's memory with columns of a million values.
const KEPT_COLUMNS: usize = 64;

pub struct Analysis {
    network: Network,
    graph: Csr,
    kind_weights: KindWeights,
    params: LensParams,
    kept: Mutex<Kept>,
    /// Threads the metrics that split may use (natively); never changes a result.
    threads: usize,
    /// The last split planned for a pool of workers, by column key (a sampled
    /// betweenness draws its sources once, however many blocks are asked for).
    split: LastPlan,
}

/// Columns by key, with the order they were computed in (for eviction), and the index.
#[derive(Default)]
struct Kept {
    columns: BTreeMap<String, (u64, Arc<MetricOutput>)>,
    computed: u64,
    index: Option<(String, Arc<InfluenceIndex>)>,
}

impl Kept {
    fn insert(&mut self, key: String, column: Arc<MetricOutput>) {
        self.computed += 1;
        self.columns.insert(key, (self.computed, column));
        while self.columns.len() > KEPT_COLUMNS {
            let oldest = self
                .columns
                .iter()
                .min_by_key(|(_, (when, _))| *when)
                .map(|(key, _)| key.clone());
            oldest.map(|key| self.columns.remove(&key));
        }
    }
}

impl Analysis {
    pub fn new(network: Network) -> Self {
        Self::with_kind_weights(network, KindWeights::default())
    }

    pub fn with_kind_weights(network: Network, kind_weights: KindWeights) -> Self {
        let graph = Csr::from_network(&network, &kind_weights);
        Self::with_snapshot(network, graph, kind_weights, 1)
    }

    /// An analysis of `network` whose snapshot `graph` was built from it under
    /// `kind_weights` (by [`Csr::from_network_on`]: the caller did other work meanwhile),
    /// whose metrics that split run on up to `threads` threads (never changing a result).
    pub fn with_snapshot(network: Network, graph: Csr, kind_weights: KindWeights, threads: usize) -> Self {
        debug_assert_eq!(graph.node_count(), network.account_count());
        Analysis {
            network,
            graph,
            kind_weights,
            params: LensParams::default(),
            kept: Mutex::default(),
            threads: threads.max(1),
            split: LastPlan::default(),
        }
    }

    /// Lets the metrics that split ([`crate::metrics::split`]) use up to `threads` threads.
    pub fn set_threads(&mut self, threads: usize) {
        self.threads = threads.max(1);
    }

    /// The threads the metrics that split may use.
    pub fn threads(&self) -> usize {
        self.threads
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn graph(&self) -> &Csr {
        &self.graph
    }

    pub fn kind_weights(&self) -> &KindWeights {
        &self.kind_weights
    }

    /// Changes how much each kind of interaction counts; rebuilds the snapshot if needed.
    /// Returns whether anything changed.
    pub fn set_kind_weights(&mut self, kind_weights: KindWeights) -> bool {
        if kind_weights == self.kind_weights {
            return false;
        }
        self.graph = Csr::from_network_on(&self.network, &kind_weights, self.threads);
        self.kind_weights = kind_weights;
        *self.kept.get_mut().unwrap_or_else(PoisonError::into_inner) = Kept::default();
        self.split.forget();
        true
    }

    /// The parameters of every lens.
    pub fn lens_params(&self) -> &LensParams {
        &self.params
    }

    /// Metric `id`'s parameters in force (empty: its defaults).
    pub fn params(&self, id: &str) -> &Params {
        self.params.get(id)
    }

    /// Sets metric `id`'s parameters after checking them (nothing changes on error).
    /// Account ids are checked when the column is next computed.
    /// Checks them (account ids against this network too) first: on error nothing changes.
    pub fn set_params(&mut self, id: &str, params: Params) -> Result<(), MetricError> {
        if let Some(metric) = metrics::find(id) {
            for spec in metric
                .info
                .params
                .iter()
                .filter(|p| matches!(p.kind, ParamKind::Accounts))
            {
                params.account_indices(&metric.info, spec.id, &self.network)?;
            }
        }
        self.params.set(id, params)
    }

    /// Replaces every lens's parameters at once (already checked by [`LensParams::set`]).
    pub fn set_lens_params(&mut self, params: LensParams) {
        self.params = params;
    }

    /// The influence index's pillar weights in force.
    pub fn index_weights(&self) -> IndexWeights {
        IndexWeights::from_params(self.params(influence_index::METRIC.info.id)).expect("checked when set")
    }

    fn context<'a>(&'a self) -> Context<'a> {
        Context {
            network: &self.network,
            graph: &self.graph,
            columns: self,
            threads: self.threads,
        }
    }

    /// Metric `id` with explicit `params`, once, not kept (a trial run: the betweenness
    /// time budget, the Learn view's example). The metrics it reads use the parameters in force.
    pub fn compute(
        &self,
        id: &str,
        params: &Params,
        progress: &mut dyn Progress,
    ) -> Result<MetricOutput, MetricError> {
        metrics::compute_in(id, &self.context(), params, progress)
    }

    /// Metric `id` under the parameters in force, computed once and kept; or an imported
    /// column (`imported:pagerank`), as read.
    pub fn column(&self, id: &str, progress: &mut dyn Progress) -> Result<Arc<MetricOutput>, MetricError> {
        if let Some(imported) = self.network.imported.by_column_id(id) {
            return Ok(Arc::new(MetricOutput::values(imported.values.clone())));
        }
        let metric = metrics::find(id).ok_or_else(|| MetricError::UnknownMetric(id.to_owned()))?;
        let key = self.params.column_key(&metric.info);
        if let Some((_, kept)) = self.kept().columns.get(&key) {
            return Ok(Arc::clone(kept));
        }
        // Not holding the lock while computing: the index asks for PageRank meanwhile, and
        // a cancelled run leaves nothing behind.
        let output = metrics::compute_in(metric.info.id, &self.context(), self.params(id), progress)?;
        let output = Arc::new(output);
        self.kept().insert(key, Arc::clone(&output));
        Ok(output)
    }

    /// How metric `id`'s column under the parameters in force splits into blocks that
    /// other workers may compute ([`Split::run_block`] on a copy of [`Analysis::graph`]);
    /// `None` when it does not split. The page's pool runs the blocks, then
    /// [`Analysis::keep_parts`] keeps the column, the same bits as [`Analysis::column`].
    pub fn split(&self, id: &str) -> Result<Option<Arc<Split>>, MetricError> {
        let metric = metrics::find(id).ok_or_else(|| MetricError::UnknownMetric(id.to_owned()))?;
        let key = self.params.column_key(&metric.info);
        self.split
            .get_or_plan(key, || Split::plan(id, &self.graph, self.params(id)))
    }

    /// Whether metric `id`'s column under the parameters in force is kept already.
    pub fn is_kept(&self, id: &str) -> bool {
        let Some(metric) = metrics::find(id) else {
            return self.network.imported.by_column_id(id).is_some();
        };
        let key = self.params.column_key(&metric.info);
        self.kept().columns.contains_key(&key)
    }

    /// Keeps metric `id`'s column from the parts of its split, in block order (see
    /// [`Analysis::split`]); refuses parts that do not fit, keeping nothing.
    pub fn keep_parts(&self, id: &str, parts: Vec<Vec<f64>>) -> Result<Arc<MetricOutput>, MetricError> {
        let split = self
            .split(id)?
            .ok_or_else(|| MetricError::BadParts(format!("{id} is not computed in parts")))?;
        let mut merger = split.merger(&self.graph);
        for (block, part) in parts.into_iter().enumerate() {
            merger.add(block, part).map_err(MetricError::BadParts)?;
        }
        let output = merger.finish().map_err(MetricError::BadParts)?;
        let output = Arc::new(metrics::without_negative_zero(output));
        let metric = metrics::find(id).expect("split metrics are in the catalogue");
        self.kept()
            .insert(self.params.column_key(&metric.info), Arc::clone(&output));
        Ok(output)
    }

    fn kept(&self) -> MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The influence index with its pillars, under the weights and the PageRank in force.
    pub fn influence_index(&self, progress: &mut dyn Progress) -> Result<Arc<InfluenceIndex>, MetricError> {
        let key = self.params.column_key(&influence_index::METRIC.info);
        if let Some((kept_key, index)) = &self.kept().index {
            if *kept_key == key {
                return Ok(Arc::clone(index));
            }
        }
        let pagerank = self.column("pagerank", progress)?;
        let index = Arc::new(InfluenceIndex::compute(
            &self.network,
            &pagerank.values,
            self.graph.edge_count() > 0,
            &self.index_weights(),
        ));
        self.kept().index = Some((key, Arc::clone(&index)));
        Ok(index)
    }
}

impl Columns for Analysis {
    fn column(&self, id: &str, progress: &mut dyn Progress) -> Result<Arc<MetricOutput>, MetricError> {
        Analysis::column(self, id, progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Interaction, Kind, NetworkBuilder, Platform};
    use crate::progress::Silent;

    fn analysis() -> Analysis {
        let mut builder = NetworkBuilder::new();
        let [a, b, c] = ["a", "b", "c"].map(|id| builder.account(Platform::Generic, id));
        builder.interact(Interaction::new(a, b, Kind::Repost));
        builder.interact(Interaction::new(c, b, Kind::Mention));
        builder.interact(Interaction::new(b, c, Kind::Mention));
        Analysis::new(builder.finish())
    }

    #[test]
    fn kept_columns_are_reused_until_the_kind_weights_change() {
        let mut analysis = analysis();
        let first = analysis.column("in_strength", &mut Silent).unwrap();
        assert!(Arc::ptr_eq(
            &first,
            &analysis.column("in_strength", &mut Silent).unwrap()
        ));
        assert_eq!(first.values, vec![0.0, 2.0, 1.0]);
        let mut weights = KindWeights::default();
        weights.set(Kind::Repost, 3.0);
        assert!(analysis.set_kind_weights(weights));
        assert!(!analysis.set_kind_weights(weights));
        assert_eq!(
            analysis.column("in_strength", &mut Silent).unwrap().values,
            vec![0.0, 4.0, 1.0]
        );
    }

    #[test]
    fn the_index_equals_the_metric_with_the_same_weights() {
        let mut analysis = analysis();
        let weights = IndexWeights([0.0, 1.0, 2.0, 3.0]);
        analysis
            .set_params("influence_index", weights.to_params())
            .unwrap();
        let index = analysis.influence_index(&mut Silent).unwrap();
        let metric = analysis.column("influence_index", &mut Silent).unwrap();
        assert_eq!(index.values, metric.values);
        assert_eq!(metric.detail("reach"), Some(0.0));
    }

    #[test]
    fn personalised_pagerank_is_the_one_the_index_reads() {
        let mut analysis = analysis();
        let before = analysis.influence_index(&mut Silent).unwrap();
        let seeded = Params::default().with_accounts("seeds", &["a"]);
        analysis.set_params("pagerank", seeded.clone()).unwrap();
        let pagerank = analysis.column("pagerank", &mut Silent).unwrap();
        let direct = analysis.compute("pagerank", &seeded, &mut Silent).unwrap();
        assert_eq!(pagerank.values, direct.values);
        let index = analysis.influence_index(&mut Silent).unwrap();
        assert_eq!(index.pillars[3].raw, pagerank.values);
        assert_ne!(index.pillars[3].raw, before.pillars[3].raw);
        assert_eq!(
            analysis.column("influence_index", &mut Silent).unwrap().values,
            index.values
        );
        // Back to the defaults: the first columns again, not recomputed.
        analysis.set_params("pagerank", Params::default()).unwrap();
        assert_eq!(
            analysis.influence_index(&mut Silent).unwrap().values,
            before.values
        );
    }
}
