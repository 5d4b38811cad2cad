//! The influence scores ("lenses") and their catalogue.
//!
//! Each metric lives in its own file with its definition, reference and complexity in
//! the doc comment, and exposes one [`Metric`]: a [`MetricInfo`] the page builds its
//! forms from (as Gephi Lite does) plus a `compute` function over a [`Context`].
//! Every metric returns one value per account, in account order.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::csr::Csr;
use crate::network::Network;
use crate::progress::{Cancelled, Progress};

pub mod audience;
pub mod betweenness;
mod bfs;
pub mod closeness;
pub mod clustering;
pub mod collective_influence;
pub mod community;
pub mod component;
pub mod component_size;
pub mod coordination;
pub mod coreness;
pub mod degree;
pub mod eigenvector;
pub mod engagement;
pub mod gatekeeper;
pub mod harmonic;
pub mod hits;
pub mod influence_index;
mod iteration;
pub mod pagerank;
pub mod posting;
pub mod received;
pub mod split;
pub mod strong_component_size;
pub mod tunkrank;

/// What a metric reads: the network (for kinds, attributes, posts), its CSR snapshot,
/// and the columns of the other metrics it builds on (the index reads PageRank), under
/// the caller's settings for them, so that one setting means one value everywhere.
pub struct Context<'a> {
    pub network: &'a Network,
    pub graph: &'a Csr,
    pub columns: &'a dyn Columns,
    /// Threads the metrics that split ([`split`]) may use; the result does not depend on it.
    pub threads: usize,
}

/// Gives the column of a metric under the settings in force (see [`depends_on`]).
pub trait Columns {
    fn column(&self, id: &str, progress: &mut dyn Progress) -> Result<Arc<MetricOutput>, MetricError>;
}

/// The metrics whose columns metric `id` reads through [`Context::columns`]: its result
/// changes with their parameters too, so a cache keys it by theirs as well.
pub fn depends_on(id: &str) -> &'static [&'static str] {
    match id {
        "influence_index" => &["pagerank"],
        _ => &[],
    }
}

/// Columns computed afresh on every request, with the parameters of `params` (for one-off
/// runs on a bare graph: benchmarks, the unit tests of metrics).
struct Uncached<'a> {
    network: &'a Network,
    graph: &'a Csr,
    params: &'a LensParams,
}

impl Columns for Uncached<'_> {
    fn column(&self, id: &str, progress: &mut dyn Progress) -> Result<Arc<MetricOutput>, MetricError> {
        compute(
            id,
            self.network,
            self.graph,
            self.params.get(id),
            self.params,
            progress,
        )
        .map(Arc::new)
    }
}

/// Describes one metric for people and for the page's forms.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct MetricInfo {
    /// Column id, fixed: tests, exports and the page refer to it.
    pub id: &'static str,
    pub name: &'static str,
    /// What its values are, for showing them (whole counts, shares, labels...).
    pub values: ValueKind,
    /// One paragraph in plain language: what a high value means.
    pub explanation: &'static str,
    /// The paper or reference implementation it is checked against.
    pub reference: &'static str,
    pub complexity: &'static str,
    pub params: &'static [ParamInfo],
}

/// What a lens's values are, so that every door shows them the same way: counts as whole
/// numbers, one precision per column, labels without a rank.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A number of accounts, interactions or posts: whole (weighted ones may not be).
    Count,
    /// A part of a whole (0 to 1; PageRank's sum to 1): shown as a percentage.
    Share,
    /// A score on a scale of its own: shown to a few significant digits.
    Score,
    /// The influence index, 0 to 100, shown with one decimal.
    Index,
    /// A label (a community, a component): no order, no rank.
    Category,
}

/// One tunable parameter of a metric.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct ParamInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub help: &'static str,
    #[serde(flatten)]
    pub kind: ParamKind,
}

/// What values a parameter takes; the page builds its control from this.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ParamKind {
    /// A number in `min..=max`; whole numbers only when `integer`.
    Number {
        default: f64,
        min: f64,
        max: f64,
        integer: bool,
    },
    /// A set of accounts, by id (e.g. the seeds of a personalised PageRank). Default: none.
    Accounts,
}

/// A metric: its description and the function computing it.
pub struct Metric {
    pub info: MetricInfo,
    pub compute: fn(&Context, &Params, &mut dyn Progress) -> Result<MetricOutput, MetricError>,
}

/// One value per account, plus figures about the run as a whole (modularity, an error
/// bound, iterations) that the page shows beside the column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricOutput {
    pub values: Vec<f64>,
    pub details: Vec<Detail>,
}

impl MetricOutput {
    pub fn values(values: Vec<f64>) -> Self {
        MetricOutput {
            values,
            details: Vec::new(),
        }
    }

    pub fn with_detail(mut self, id: &'static str, name: &'static str, value: f64) -> Self {
        self.details.push(Detail { id, name, value });
        self
    }

    pub fn detail(&self, id: &str) -> Option<f64> {
        self.details.iter().find(|d| d.id == id).map(|d| d.value)
    }
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detail {
    pub id: &'static str,
    pub name: &'static str,
    pub value: f64,
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
    hits::HUB,
    hits::AUTHORITY,
    betweenness::METRIC,
    harmonic::METRIC,
    closeness::METRIC,
    eigenvector::METRIC,
    coreness::METRIC,
    clustering::METRIC,
    collective_influence::METRIC,
    tunkrank::METRIC,
    community::METRIC,
    component::METRIC,
    component_size::METRIC,
    strong_component_size::METRIC,
    gatekeeper::METRIC,
    received::FOLLOWS_IN,
    received::REPOSTS_IN,
    received::QUOTES_IN,
    received::REPLIES_IN,
    received::MENTIONS_IN,
    audience::FOLLOWERS,
    posting::POSTS,
    posting::POSTS_PER_DAY,
    engagement::REPOSTS_PER_POST,
    engagement::LIKES_PER_POST,
    posting::REPLY_SHARE,
    audience::MUTUAL_FOLLOWS,
    engagement::T_FACTOR,
    coordination::METRIC,
    influence_index::METRIC,
];

pub fn find(id: &str) -> Option<&'static Metric> {
    catalogue().iter().find(|metric| metric.info.id == id)
}

/// A parameter value as the page or the command line gives it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    Number(f64),
    Accounts(Vec<String>),
}

/// Parameter values by id; a missing one takes its default from the catalogue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(pub BTreeMap<String, ParamValue>);

impl Params {
    pub fn with(mut self, id: &str, value: f64) -> Self {
        self.0.insert(id.to_owned(), ParamValue::Number(value));
        self
    }

    pub fn with_accounts(mut self, id: &str, accounts: &[&str]) -> Self {
        let ids = accounts.iter().map(|a| (*a).to_owned()).collect();
        self.0.insert(id.to_owned(), ParamValue::Accounts(ids));
        self
    }

    fn spec<'i>(info: &'i MetricInfo, id: &str) -> &'i ParamInfo {
        info.params
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("metric {} has no parameter {id}", info.id))
    }

    fn bad(info: &MetricInfo, spec: &ParamInfo, message: String) -> MetricError {
        MetricError::BadParameter {
            metric: info.id,
            param: spec.id,
            message,
        }
    }

    /// The number `id` of `info`, checked against its range.
    pub fn number(&self, info: &MetricInfo, id: &str) -> Result<f64, MetricError> {
        let spec = Self::spec(info, id);
        let ParamKind::Number {
            default,
            min,
            max,
            integer,
        } = spec.kind
        else {
            panic!("parameter {id} of {} is not a number", info.id);
        };
        let value = match self.0.get(id) {
            None => default,
            Some(ParamValue::Number(value)) => *value,
            Some(ParamValue::Accounts(_)) => {
                return Err(Self::bad(info, spec, format!("{} must be a number", spec.name)))
            }
        };
        let in_range = value.is_finite() && value >= min && value <= max;
        if !in_range || (integer && value.fract() != 0.0) {
            let what = if integer { "a whole number" } else { "a number" };
            let message = format!(
                "{} must be {what} between {min} and {max}, got {value}",
                spec.name
            );
            return Err(Self::bad(info, spec, message));
        }
        Ok(value)
    }

    /// The account ids given for `id` of `info` (none by default).
    pub fn accounts(&self, info: &MetricInfo, id: &str) -> Result<Vec<String>, MetricError> {
        let spec = Self::spec(info, id);
        match self.0.get(id) {
            None => Ok(Vec::new()),
            Some(ParamValue::Accounts(ids)) => Ok(ids.clone()),
            Some(ParamValue::Number(_)) => Err(Self::bad(
                info,
                spec,
                format!("{} must be a list of account ids", spec.name),
            )),
        }
    }

    /// The accounts given for `id` of `info`, as indices into `network.accounts` (every
    /// account carrying a given id, in account order). Ids matching no account are
    /// refused, all named in the message, so a typo does not silently change a result.
    pub fn account_indices(
        &self,
        info: &MetricInfo,
        id: &str,
        network: &Network,
    ) -> Result<Vec<u32>, MetricError> {
        let wanted = self.accounts(info, id)?;
        let wanted_set: std::collections::BTreeSet<&str> = wanted.iter().map(String::as_str).collect();
        let mut found = std::collections::BTreeSet::new();
        let mut indices = Vec::new();
        for (index, account) in network.accounts.iter().enumerate() {
            if let Some(&hit) = wanted_set.get(account.id.as_str()) {
                found.insert(hit);
                indices.push(index as u32);
            }
        }
        let unknown: Vec<&str> = wanted
            .iter()
            .map(String::as_str)
            .filter(|w| !found.contains(w))
            .collect();
        if !unknown.is_empty() {
            let spec = Self::spec(info, id);
            let quoted: Vec<String> = unknown.iter().map(|id| format!("'{id}'")).collect();
            let message = format!("{}: no account has the id {}", spec.name, quoted.join(", "));
            return Err(Self::bad(info, spec, message));
        }
        Ok(indices)
    }

    /// Checks every given parameter: known to the metric, of the right type, in range.
    /// (Account ids are checked against the network when the metric runs.)
    pub fn validate(&self, info: &MetricInfo) -> Result<(), MetricError> {
        self.check_known(info)?;
        for spec in info.params {
            match spec.kind {
                ParamKind::Number { .. } => self.number(info, spec.id).map(drop)?,
                ParamKind::Accounts => self.accounts(info, spec.id).map(drop)?,
            }
        }
        Ok(())
    }

    /// Every parameter of `info` with the value in force (given, else the catalogue's
    /// default), in catalogue order; `None` for an account list left empty.
    pub fn effective(&self, info: &MetricInfo) -> Vec<(&'static str, Option<ParamValue>)> {
        info.params
            .iter()
            .map(|spec| {
                let value = match (spec.kind, self.0.get(spec.id)) {
                    (_, Some(ParamValue::Accounts(ids))) if ids.is_empty() => None,
                    (_, Some(given)) => Some(given.clone()),
                    (ParamKind::Number { default, .. }, None) => Some(ParamValue::Number(default)),
                    (ParamKind::Accounts, None) => None,
                };
                (spec.id, value)
            })
            .collect()
    }

    /// Whether every parameter is at its default (nothing given differs from it).
    pub fn is_default(&self, info: &MetricInfo) -> bool {
        self.effective(info) == Params::default().effective(info)
    }

    /// A text that two parameter sets share exactly when they compute the same column: the
    /// values in force, a default given explicitly being the same as one left out.
    pub fn key(&self, info: &MetricInfo) -> String {
        let mut key = String::new();
        for (id, value) in self.effective(info) {
            key.push_str(id);
            key.push('=');
            match value {
                None => {}
                Some(ParamValue::Number(number)) => key.push_str(&format!("{:016x}", number.to_bits())),
                Some(ParamValue::Accounts(ids)) => {
                    let mut ids = ids.clone();
                    ids.sort();
                    ids.dedup();
                    key.push_str(&ids.join("\u{1f}"));
                }
            }
            key.push(';');
        }
        key
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

/// Reads one `METRIC.NAME=VALUE` assignment, as the command line's `--param` gives it:
/// a number for a numeric parameter, a comma-separated list of account ids for an account
/// set. An unknown metric or parameter is refused with the list of what exists; ranges
/// are checked when the parameters are set ([`LensParams::set`]).
pub fn parse_assignment(text: &str) -> Result<(&'static str, &'static str, ParamValue), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}' is not METRIC.NAME=VALUE"))?;
    let (metric_id, param_id) = name
        .trim()
        .split_once('.')
        .ok_or_else(|| format!("'{name}' is not METRIC.NAME (for example pagerank.damping)"))?;
    let metric =
        find(metric_id).ok_or_else(|| MetricError::UnknownMetric(metric_id.to_owned()).to_string())?;
    let info = &metric.info;
    let spec = info.params.iter().find(|p| p.id == param_id).ok_or_else(|| {
        let known: Vec<&str> = info.params.iter().map(|p| p.id).collect();
        match known.is_empty() {
            true => format!("{} ({}) has no parameters", info.name, info.id),
            false => format!(
                "{} ({}) has no parameter '{param_id}'; its parameters: {}",
                info.name,
                info.id,
                known.join(", ")
            ),
        }
    })?;
    let value = value.trim();
    let parsed = match spec.kind {
        ParamKind::Number { .. } => ParamValue::Number(
            value
                .parse()
                .map_err(|_| format!("{}.{}: '{value}' is not a number", info.id, spec.id))?,
        ),
        ParamKind::Accounts => ParamValue::Accounts(
            value
                .split(',')
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
    };
    Ok((info.id, spec.id, parsed))
}

/// The parameters of every lens, by metric id (a lens left out runs with its defaults).
/// Only validated parameters get in ([`LensParams::set`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LensParams(BTreeMap<&'static str, Params>);

static NO_PARAMS: Params = Params(BTreeMap::new());

impl LensParams {
    /// The parameters set for metric `id` (empty: the defaults).
    pub fn get(&self, id: &str) -> &Params {
        self.0.get(id).unwrap_or(&NO_PARAMS)
    }

    /// Sets metric `id`'s parameters after checking them; on error nothing changes.
    /// Values equal to their default are not kept, so that equal settings compare equal
    /// however they were given.
    pub fn set(&mut self, id: &str, mut params: Params) -> Result<(), MetricError> {
        let metric = find(id).ok_or_else(|| MetricError::UnknownMetric(id.to_owned()))?;
        params.validate(&metric.info)?;
        let defaults: BTreeMap<&str, Option<ParamValue>> =
            Params::default().effective(&metric.info).into_iter().collect();
        params.0.retain(|param, value| match value {
            ParamValue::Accounts(ids) => !ids.is_empty(),
            ParamValue::Number(_) => defaults.get(param.as_str()) != Some(&Some(value.clone())),
        });
        if params.0.is_empty() {
            self.0.remove(metric.info.id);
        } else {
            self.0.insert(metric.info.id, params);
        }
        Ok(())
    }

    /// The metrics with parameters set, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Params)> {
        self.0.iter().map(|(id, params)| (*id, params))
    }

    /// The cache key of metric `id`'s column: its parameters in force and those of the
    /// metrics it reads.
    pub fn column_key(&self, info: &MetricInfo) -> String {
        let mut key = format!("{}:{}", info.id, self.get(info.id).key(info));
        for &dependency in depends_on(info.id) {
            let dependency = &find(dependency).expect("a catalogue id").info;
            key.push_str(&format!(
                "|{}:{}",
                dependency.id,
                self.get(dependency.id).key(dependency)
            ));
        }
        key
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
    /// The parts of a split computation ([`split`]) do not fit it (from another worker).
    BadParts(String),
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
            MetricError::BadParts(message) => write!(f, "the parts computed apart do not fit: {message}"),
        }
    }
}

impl std::error::Error for MetricError {}

/// Computes metric `id` on `graph` with `params`, the metrics it reads (see [`depends_on`])
/// computed afresh with theirs from `others`. For repeated use, [`crate::analysis::Analysis`]
/// keeps columns.
pub fn compute(
    id: &str,
    network: &Network,
    graph: &Csr,
    params: &Params,
    others: &LensParams,
    progress: &mut dyn Progress,
) -> Result<MetricOutput, MetricError> {
    let columns = Uncached {
        network,
        graph,
        params: others,
    };
    compute_in(
        id,
        &Context {
            network,
            graph,
            columns: &columns,
            threads: 1,
        },
        params,
        progress,
    )
}

/// Computes metric `id` in `context` with `params`.
pub fn compute_in(
    id: &str,
    context: &Context,
    params: &Params,
    progress: &mut dyn Progress,
) -> Result<MetricOutput, MetricError> {
    let metric = find(id).ok_or_else(|| MetricError::UnknownMetric(id.to_owned()))?;
    params.check_known(&metric.info)?;
    (metric.compute)(context, params, progress).map(without_negative_zero)
}

/// Turns −0 (an empty sum is −0 in Rust) into 0, so that exports and the page never show "-0".
pub(crate) fn without_negative_zero(mut output: MetricOutput) -> MetricOutput {
    for value in &mut output.values {
        if *value == 0.0 {
            *value = 0.0;
        }
    }
    output
}

/// Runs a metric on a bare graph, for the unit tests of metrics that read only the CSR.
#[cfg(test)]
pub(crate) fn run_on_graph(
    metric: &Metric,
    graph: &Csr,
    params: &Params,
) -> Result<MetricOutput, MetricError> {
    let network = Network::default();
    params.check_known(&metric.info)?;
    let others = LensParams::default();
    let columns = Uncached {
        network: &network,
        graph,
        params: &others,
    };
    let context = Context {
        network: &network,
        graph,
        columns: &columns,
        threads: 1,
    };
    (metric.compute)(&context, params, &mut crate::progress::Silent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_name_a_metric_a_parameter_and_a_value() {
        assert_eq!(
            parse_assignment("pagerank.alpha=0.9").unwrap(),
            ("pagerank", "alpha", ParamValue::Number(0.9))
        );
        assert_eq!(
            parse_assignment("pagerank.seeds= a, b,,c ").unwrap().2,
            ParamValue::Accounts(vec!["a".into(), "b".into(), "c".into()])
        );
        let unknown_metric = parse_assignment("fame.alpha=1").unwrap_err();
        assert!(unknown_metric.contains("unknown metric 'fame'") && unknown_metric.contains("pagerank"));
        let unknown_param = parse_assignment("pagerank.damping=0.9").unwrap_err();
        assert!(unknown_param.contains("'damping'") && unknown_param.contains("alpha, seeds"));
        assert!(parse_assignment("pagerank.alpha=high")
            .unwrap_err()
            .contains("not a number"));
        assert!(parse_assignment("pagerank=1")
            .unwrap_err()
            .contains("METRIC.NAME"));
        assert!(parse_assignment("pagerank.alpha")
            .unwrap_err()
            .contains("METRIC.NAME=VALUE"));
    }

    #[test]
    fn catalogue_ids_are_unique_and_defaults_in_range() {
        let mut ids: Vec<&str> = catalogue().iter().map(|m| m.info.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), catalogue().len());
        for metric in catalogue() {
            for param in metric.info.params {
                if let ParamKind::Number {
                    default, min, max, ..
                } = param.kind
                {
                    assert!(min <= default && default <= max, "{}", param.id);
                }
            }
        }
    }

    /// Asks to stop at the first report.
    struct CancelAtOnce;

    impl Progress for CancelAtOnce {
        fn report(&mut self, _phase: &str, _fraction: f64) {}

        fn is_cancelled(&self) -> bool {
            true
        }
    }

    #[test]
    fn every_metric_slower_than_linear_stops_when_cancelled() {
        let linear = [
            "in_degree",
            "out_degree",
            "in_strength",
            "out_strength",
            "coreness",
            // Counts over interactions, accounts and posts: one pass each.
            "follows_in",
            "reposts_in",
            "quotes_in",
            "replies_in",
            "mentions_in",
            "followers",
            "posts",
            "posts_per_day",
            "reposts_per_post",
            "likes_per_post",
            "reply_share",
            "mutual_follows",
            "t_factor",
            // Components and gatekeepers: one search each.
            "component",
            "component_size",
            "strong_component_size",
            "gatekeeper",
        ];
        let edges = vec![(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (2, 3, 2.0)];
        let graph = Csr::from_edges(4, edges.into_iter());
        let network = Network::default();
        let others = LensParams::default();
        let columns = Uncached {
            network: &network,
            graph: &graph,
            params: &others,
        };
        let context = Context {
            network: &network,
            graph: &graph,
            columns: &columns,
            threads: 1,
        };
        for metric in catalogue() {
            let result = (metric.compute)(&context, &Params::default(), &mut CancelAtOnce);
            if linear.contains(&metric.info.id) {
                assert!(result.is_ok(), "{}", metric.info.id);
            } else {
                assert_eq!(result, Err(MetricError::Cancelled), "{}", metric.info.id);
            }
        }
    }

    #[test]
    fn a_default_given_explicitly_keys_the_same_column_as_one_left_out() {
        let info = &pagerank::METRIC.info;
        let explicit = Params::default().with("alpha", 0.85);
        assert_eq!(explicit.key(info), Params::default().key(info));
        assert!(explicit.is_default(info));
        let damped = Params::default().with("alpha", 0.5);
        assert_ne!(damped.key(info), Params::default().key(info));
        let seeds = Params::default().with_accounts("seeds", &["b", "a", "b"]);
        assert_eq!(
            seeds.key(info),
            Params::default().with_accounts("seeds", &["a", "b"]).key(info)
        );
        assert!(Params::default().with_accounts("seeds", &[]).is_default(info));
    }

    #[test]
    fn the_index_is_keyed_by_the_pagerank_it_reads() {
        let index = &influence_index::METRIC.info;
        let mut lenses = LensParams::default();
        let before = lenses.column_key(index);
        lenses
            .set("pagerank", Params::default().with("alpha", 0.5))
            .unwrap();
        assert_ne!(lenses.column_key(index), before);
    }

    #[test]
    fn lens_params_refuse_what_the_catalogue_does_not_allow() {
        let mut lenses = LensParams::default();
        assert!(matches!(
            lenses.set("fame", Params::default()),
            Err(MetricError::UnknownMetric(_))
        ));
        let error = lenses
            .set("pagerank", Params::default().with("beta", 1.0))
            .unwrap_err();
        assert!(error.to_string().contains("no parameter 'beta'"), "{error}");
        let error = lenses
            .set("betweenness", Params::default().with("k", 1.5))
            .unwrap_err();
        assert!(error.to_string().contains("whole number"), "{error}");
        assert_eq!(lenses, LensParams::default());
    }

    #[test]
    fn out_of_range_parameter_is_refused_with_its_range() {
        let error = Params::default()
            .with("alpha", 1.5)
            .number(&pagerank::METRIC.info, "alpha");
        let message = error.unwrap_err().to_string();
        assert!(message.contains("between 0 and 1"), "{message}");
    }
}
