//! The shapes that cross to JavaScript, beside the core types that cross as they are
//! (explanations, group reports, file reports...). Plain Rust with serde: the façade
//! (`src/wasm.rs`) serialises these; the TypeScript declarations of every crossing type,
//! these and the core's, are generated from the Rust definitions by ts-rs into
//! `www/src/generated/api.ts`, and a test fails when that file is stale (see the test at
//! the end: `UPDATE_API_TYPES=1 cargo test --lib api` rewrites it).
//!
//! Large arrays are [`Floats`] and [`U32s`]: a sequence for serde in native builds, and
//! in the wasm build (`src/wasm.rs` implements their serialisation) a `Float64Array` or
//! `Uint32Array` made in one copy, never an array of boxed numbers.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::groups::GroupReport;
use crate::ingest::{FileReport, Warning};
use crate::metrics::influence_index::Pillar;
use crate::metrics::Detail;
use crate::network::{Kind, NetworkSummary};
use crate::timeline::{Window, WindowWidth};
use crate::topics::Topics;

/// One number per account (or per window), crossing as a `Float64Array`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Floats(pub Vec<f64>);

/// One index per account (or edge), crossing as a `Uint32Array`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct U32s(pub Vec<u32>);

#[cfg(not(target_arch = "wasm32"))]
impl Serialize for Floats {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Serialize for U32s {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// In TypeScript, the typed arrays they become.
#[cfg(test)]
mod typed_arrays {
    use ts_rs::{Config, TS};

    impl TS for super::Floats {
        type WithoutGenerics = Self;
        type OptionInnerType = Self;
        fn name(_: &Config) -> String {
            "Float64Array".to_owned()
        }
        fn inline(config: &Config) -> String {
            Self::name(config)
        }
    }

    impl TS for super::U32s {
        type WithoutGenerics = Self;
        type OptionInnerType = Self;
        fn name(_: &Config) -> String {
            "Uint32Array".to_owned()
        }
        fn inline(config: &Config) -> String {
            Self::name(config)
        }
    }
}

/// What reading the files gave: the network's counts, every warning, every file's report.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LoadSummary {
    #[serde(flatten)]
    pub network: NetworkSummary,
    pub warnings: Vec<Warning>,
    pub files: Vec<FileReport>,
}

/// A metric's column under the parameters in force, and figures about the run.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MetricColumn {
    pub values: Floats,
    pub details: Vec<Detail>,
}

/// One pillar of the influence index over every account.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PillarColumn {
    pub pillar: Pillar,
    pub present: bool,
    /// The lens behind the pillar ('followers', 'follows_in', 'pagerank'...), or why it is left out.
    pub source: String,
    pub weight: f64,
    pub accounts_with_value: usize,
    /// Raw lens value per account, NaN where unknown.
    pub raw: Floats,
    /// Percentile rank 0..1 per account, NaN where unknown.
    pub percentile: Floats,
}

/// The influence index under the weights in force.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IndexColumn {
    /// 0..100 per account, NaN where no pillar applies.
    pub values: Floats,
    pub pillars: Vec<PillarColumn>,
    /// Pillars the data lacks.
    pub missing: Vec<Pillar>,
}

/// Whether a grouping came from a node attribute or a metric's column.
#[derive(Clone, Copy, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum GroupSource {
    Attribute,
    Metric,
}

/// Groups with their members' group, for colouring the map and filtering the table.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Groups {
    #[serde(flatten)]
    pub report: GroupReport,
    pub source: GroupSource,
    /// Group index per account.
    pub membership: U32s,
}

/// One group's topics.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GroupTopics {
    pub name: String,
    pub topics: Topics,
}

/// The windows of one width over the timed interactions.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Windows {
    pub width: WindowWidth,
    pub windows: Vec<Window>,
    /// Interactions without a timestamp, in no window.
    pub untimed: usize,
}

/// An account's (or group's) score and rank in every window.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Trajectory {
    /// Account index, or group index.
    pub index: u32,
    pub name: String,
    pub scores: Floats,
    /// Competition rank per window (1 = top), 0 where unranked.
    pub ranks: U32s,
}

/// The snapshot's directed merged edges: edge i is `sources[i] → targets[i]`.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Edges {
    pub sources: U32s,
    pub targets: U32s,
    pub weights: Floats,
    /// Every account's neighbours in either direction (the undirected view U):
    /// those of account `a` are `neighbours[offsets[a]..offsets[a + 1]]`.
    pub neighbour_offsets: U32s,
    pub neighbours: U32s,
}

/// Who interacts with an account (incoming) and with whom it interacts (outgoing).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Neighbours {
    pub incoming: U32s,
    pub incoming_weights: Floats,
    pub outgoing: U32s,
    pub outgoing_weights: Floats,
}

/// A categorical attribute: `codes[i]` indexes `values`, 0xFFFFFFFF where account i has none.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Attribute {
    pub values: Vec<String>,
    pub codes: U32s,
}

/// How much one interaction of each kind counts.
pub type KindWeightMap = BTreeMap<Kind, f64>;

/// The settings in force, as the page shows them beside the results.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SettingsView {
    pub kind_weights: KindWeightMap,
    /// The methods line of the lenses asked for: every setting behind their values, in words.
    pub methods: String,
    /// The analysis file of these settings (JSON text), to save.
    pub analysis_file: String,
}

/// What opening an analysis file did: what it asks for and what differs from what was read.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct OpenedAnalysis {
    /// The files it names, with their size, to ask the reader for.
    pub files: Vec<NamedFile>,
    pub kind_weights: KindWeightMap,
}

/// A file an analysis names.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NamedFile {
    pub name: String,
    pub size: f64,
    pub sha256: String,
}

#[cfg(test)]
mod tests {
    use ts_rs::{Config, TS};

    use super::*;

    /// Every type the façade sends or takes, in the order the file declares them.
    fn declarations() -> String {
        let config = Config::new().with_large_int("number");
        macro_rules! declare {
            ($($type:ty),* $(,)?) => {{
                let mut text = String::new();
                $(text.push_str(&format!("export {}\n\n", <$type as TS>::decl(&config)));)*
                text
            }};
        }
        use crate::{explain, groups, ingest, layout, metrics, network, timeline, topics};
        let body = declare!(
            network::Kind,
            network::Platform,
            network::NetworkSummary,
            network::NodeRowCounts,
            ingest::Warning,
            ingest::Format,
            ingest::FileReport,
            ingest::FileOptions,
            ingest::ColumnRole,
            ingest::TableShape,
            ingest::TableOptions,
            ingest::TablePreview,
            ingest::tables::PreviewColumn,
            metrics::MetricInfo,
            metrics::ParamInfo,
            metrics::ParamKind,
            metrics::ParamValue,
            metrics::Detail,
            metrics::influence_index::Pillar,
            layout::Settings,
            layout::SettingsPatch,
            explain::AccountRef,
            explain::PillarExplanation,
            explain::LensRank,
            explain::Contributor,
            explain::Explanation,
            groups::Member,
            groups::GroupSummary,
            groups::Flow,
            groups::GroupReport,
            topics::TermCount,
            topics::Topics,
            timeline::WindowWidth,
            timeline::WindowMetric,
            timeline::Window,
            timeline::Move,
            timeline::Movers,
            LoadSummary,
            MetricColumn,
            PillarColumn,
            IndexColumn,
            GroupSource,
            Groups,
            GroupTopics,
            Windows,
            Trajectory,
            Edges,
            Neighbours,
            Attribute,
            SettingsView,
            OpenedAnalysis,
            NamedFile,
        );
        format!(
            "// Generated from the Rust types by ts-rs (src/api.rs); do not edit.\n\
             // Regenerate with: UPDATE_API_TYPES=1 cargo test --lib api\n\n{}",
            body.trim_end()
        ) + "\n"
    }

    #[test]
    fn the_generated_typescript_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/src/generated/api.ts");
        let expected = declarations();
        if std::env::var_os("UPDATE_API_TYPES").is_some() {
            std::fs::write(path, &expected).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == expected,
            "www/src/generated/api.ts is stale: run `UPDATE_API_TYPES=1 cargo test --lib api` and commit it"
        );
    }
}
