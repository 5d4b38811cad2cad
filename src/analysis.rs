//! A loaded network ready for scoring: the network plus its CSR snapshot, built once
//! and rebuilt only when the kind weights change. Metric columns computed with their
//! default parameters are kept (until the kind weights change), so that explaining an
//! account, grouping by a column or building the index never computes a column twice.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::csr::{Csr, KindWeights};
use crate::metrics::influence_index::{IndexWeights, InfluenceIndex};
use crate::metrics::{self, Context, MetricError, MetricOutput, Params};
use crate::network::Network;
use crate::progress::Progress;

pub struct Analysis {
    network: Network,
    graph: Csr,
    kind_weights: KindWeights,
    /// Default-parameter results by metric id.
    columns: Mutex<BTreeMap<&'static str, Arc<MetricOutput>>>,
}

impl Analysis {
    pub fn new(network: Network) -> Self {
        Self::with_kind_weights(network, KindWeights::default())
    }

    pub fn with_kind_weights(network: Network, kind_weights: KindWeights) -> Self {
        let graph = Csr::from_network(&network, &kind_weights);
        Analysis {
            network,
            graph,
            kind_weights,
            columns: Mutex::default(),
        }
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
    pub fn set_kind_weights(&mut self, kind_weights: KindWeights) {
        if kind_weights != self.kind_weights {
            self.graph = Csr::from_network(&self.network, &kind_weights);
            self.kind_weights = kind_weights;
            self.columns
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .clear();
        }
    }

    fn context(&self) -> Context<'_> {
        Context {
            network: &self.network,
            graph: &self.graph,
        }
    }

    /// One value per account for metric `id`.
    pub fn compute(
        &self,
        id: &str,
        params: &Params,
        progress: &mut dyn Progress,
    ) -> Result<MetricOutput, MetricError> {
        metrics::compute(id, &self.context(), params, progress)
    }

    /// Metric `id` with its default parameters, computed once and kept.
    pub fn column(&self, id: &str, progress: &mut dyn Progress) -> Result<Arc<MetricOutput>, MetricError> {
        let metric = metrics::find(id).ok_or_else(|| MetricError::UnknownMetric(id.to_owned()))?;
        if let Some(kept) = self.kept().get(metric.info.id) {
            return Ok(Arc::clone(kept));
        }
        // Not holding the lock while computing: a cancelled run leaves nothing behind.
        let output = (metric.compute)(&self.context(), &Params::default(), progress)?;
        let output = Arc::new(metrics::without_negative_zero(output));
        self.kept().insert(metric.info.id, Arc::clone(&output));
        Ok(output)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, BTreeMap<&'static str, Arc<MetricOutput>>> {
        self.columns.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The influence index with its pillars, under `weights` (PageRank from the kept column).
    pub fn influence_index(
        &self,
        weights: &IndexWeights,
        progress: &mut dyn Progress,
    ) -> Result<InfluenceIndex, MetricError> {
        let pagerank = self.column("pagerank", progress)?;
        Ok(InfluenceIndex::compute(
            &self.network,
            &pagerank.values,
            self.graph.edge_count() > 0,
            weights,
        ))
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
        analysis.set_kind_weights(weights);
        assert_eq!(
            analysis.column("in_strength", &mut Silent).unwrap().values,
            vec![0.0, 4.0, 1.0]
        );
    }

    #[test]
    fn the_index_equals_the_metric_with_the_same_weights() {
        let analysis = analysis();
        let weights = IndexWeights([0.0, 1.0, 2.0, 3.0]);
        let index = analysis.influence_index(&weights, &mut Silent).unwrap();
        let params = Params::default()
            .with("reach", 0.0)
            .with("amplification", 1.0)
            .with("conversation", 2.0)
            .with("network", 3.0);
        let metric = analysis.compute("influence_index", &params, &mut Silent).unwrap();
        assert_eq!(index.values, metric.values);
        assert_eq!(metric.detail("reach"), Some(0.0));
    }
}
