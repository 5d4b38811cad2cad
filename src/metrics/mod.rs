//! The influence scores ("lenses") and their catalogue.
//!
//! Each metric lives in its own file with its definition, reference and complexity in
//! the doc comment, and exposes one [`Metric`]: a [`MetricInfo`] the page builds its
//! forms from (as Gephi Lite does) plus a `compute` function over a [`Context`].
//! Every metric returns one value per account, in account order.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::csr::Csr;
use crate::network::Network;
use crate::progress::{Cancelled, Progress};

pub mod degree;
pub mod pagerank;

/// What a metric reads: the network (for kinds, attributes, posts) and its CSR snapshot.
pub struct Context<'a> {
    pub network: &'a Network,
    pub graph: &'a Csr,
}

/// Describes one metric for people and for the page's forms.
#[derive(Debug, Clone, Serialize)]
pub struct MetricInfo {
    /// Column id, fixed: tests, exports and the page refer to it.
    pub id: &'static str,
    pub name: &'static str,
    /// One paragraph in plain language: what a high value means.
    pub explanation: &'static str,
    /// The paper or reference implementation it is checked against.
    pub reference: &'static str,
    pub complexity: &'static str,
    pub params: &'static [ParamInfo],
}

/// One tunable parameter of a metric.
#[derive(Debug, Clone, Serialize)]
pub struct ParamInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub help: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    /// True when only whole numbers make sense.
    pub integer: bool,
}

/// A metric: its description and the function computing it.
pub struct Metric {
    pub info: MetricInfo,
    pub compute: fn(&Context, &Params, &mut dyn Progress) -> Result<Vec<f64>, MetricError>,
}

/// Every metric, in the order the page and `--metrics all` list them.
pub fn catalogue() -> &'static [Metric] {
    CATALOGUE
}

static CATALOGUE: &[Metric] = &[
    pagerank::METRIC,
    degree::IN_DEGREE,
    degree::OUT_DEGREE,
    degree::IN_STRENGTH,
    degree::OUT_STRENGTH,
];

pub fn find(id: &str) -> Option<&'static Metric> {
    catalogue().iter().find(|metric| metric.info.id == id)
}

/// Parameter values by id; a missing one takes its default from the catalogue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(pub BTreeMap<String, f64>);

impl Params {
    pub fn with(mut self, id: &str, value: f64) -> Self {
        self.0.insert(id.to_owned(), value);
        self
    }

    /// The value of `id` for `info`, checked against its range.
    pub fn get(&self, info: &MetricInfo, id: &str) -> Result<f64, MetricError> {
        let spec = info
            .params
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("metric {} has no parameter {id}", info.id));
        let value = self.0.get(id).copied().unwrap_or(spec.default);
        let in_range = value.is_finite() && value >= spec.min && value <= spec.max;
        if !in_range || (spec.integer && value.fract() != 0.0) {
            return Err(MetricError::BadParameter {
                metric: info.id,
                param: spec.id,
                message: format!(
                    "{} must be {} between {} and {}, got {value}",
                    spec.name,
                    if spec.integer {
                        "a whole number"
                    } else {
                        "a number"
                    },
                    spec.min,
                    spec.max
                ),
            });
        }
        Ok(value)
    }

    /// Rejects parameters the metric does not have (a typo should not pass silently).
    pub fn check_known(&self, info: &MetricInfo) -> Result<(), MetricError> {
        for id in self.0.keys() {
            if !info.params.iter().any(|p| p.id == id) {
                return Err(MetricError::BadParameter {
                    metric: info.id,
                    param: "",
                    message: format!("{} has no parameter '{id}'", info.name),
                });
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum MetricError {
    UnknownMetric(String),
    BadParameter {
        metric: &'static str,
        param: &'static str,
        message: String,
    },
    Cancelled,
}

impl From<Cancelled> for MetricError {
    fn from(_: Cancelled) -> Self {
        MetricError::Cancelled
    }
}

impl std::fmt::Display for MetricError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MetricError::UnknownMetric(id) => {
                let known: Vec<&str> = catalogue().iter().map(|m| m.info.id).collect();
                write!(f, "unknown metric '{id}'; known metrics: {}", known.join(", "))
            }
            MetricError::BadParameter { message, .. } => f.write_str(message),
            MetricError::Cancelled => f.write_str("cancelled"),
        }
    }
}

impl std::error::Error for MetricError {}

/// Computes metric `id` on `context` with `params`.
pub fn compute(
    id: &str,
    context: &Context,
    params: &Params,
    progress: &mut dyn Progress,
) -> Result<Vec<f64>, MetricError> {
    let metric = find(id).ok_or_else(|| MetricError::UnknownMetric(id.to_owned()))?;
    params.check_known(&metric.info)?;
    (metric.compute)(context, params, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_ids_are_unique_and_defaults_in_range() {
        let mut ids: Vec<&str> = catalogue().iter().map(|m| m.info.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), catalogue().len());
        for metric in catalogue() {
            for param in metric.info.params {
                assert!(
                    param.min <= param.default && param.default <= param.max,
                    "{}",
                    param.id
                );
            }
        }
    }

    #[test]
    fn out_of_range_parameter_is_refused_with_its_range() {
        let error = Params::default()
            .with("alpha", 1.5)
            .get(&pagerank::METRIC.info, "alpha");
        let message = error.unwrap_err().to_string();
        assert!(message.contains("between 0 and 1"), "{message}");
    }
}
