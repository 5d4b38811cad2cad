//! A loaded network ready for scoring: the network plus its CSR snapshot, built once
//! and rebuilt only when the kind weights change.

use crate::csr::{Csr, KindWeights};
use crate::metrics::{self, Context, MetricError, MetricOutput, Params};
use crate::network::Network;
use crate::progress::Progress;

pub struct Analysis {
    network: Network,
    graph: Csr,
    kind_weights: KindWeights,
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
        }
    }

    /// One value per account for metric `id`.
    pub fn compute(
        &self,
        id: &str,
        params: &Params,
        progress: &mut dyn Progress,
    ) -> Result<MetricOutput, MetricError> {
        let context = Context {
            network: &self.network,
            graph: &self.graph,
        };
        metrics::compute(id, &context, params, progress)
    }
}
