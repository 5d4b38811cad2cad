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

use crate::coordination::{ActionCounts, CoordinateBy, Coordination, Item, ItemKind};
use crate::export::Names;
use crate::groups::GroupReport;
use crate::ingest::{FileReport, Warning};
use crate::metrics::influence_index::Pillar;
use crate::metrics::{self, Detail, ParamInfo, ValueKind};
use crate::network::{imported, Kind, Network, NetworkSummary};
use crate::timeline::{Timeline, Window, WindowWidth, MIN_RANKED_INTERACTIONS};
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

/// A copy of the snapshot for the page's helper workers, which compute blocks of the
/// metrics that split: its out-adjacency (the in-adjacency is rebuilt there), and a key
/// that changes exactly when the snapshot does (with the kind weights).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SnapshotParts {
    pub key: String,
    pub node_count: usize,
    pub offsets: U32s,
    pub neighbours: U32s,
    pub weights: Floats,
}

/// Every window's edges and the PageRank settings in force, for the helpers that score
/// windows (`timeline::WindowEdges`), with the key that changes when they do.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WindowParts {
    pub key: String,
    pub node_count: usize,
    pub offsets: U32s,
    pub actors: U32s,
    pub targets: U32s,
    pub weights: Floats,
    pub interactions: U32s,
    pub alpha: f64,
    pub tolerance: f64,
    pub max_iterations: usize,
    pub seeds: U32s,
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
    /// A window with fewer interactions is too thin to rank (its status says `thin`).
    pub min_interactions: usize,
    /// The two windows risers and fallers compare first (`Timeline::default_comparison`).
    pub compare: Option<(usize, usize)>,
}

impl Windows {
    pub fn of(timeline: &Timeline) -> Windows {
        Windows {
            width: timeline.width(),
            windows: timeline.windows().to_vec(),
            untimed: timeline.untimed(),
            min_interactions: MIN_RANKED_INTERACTIONS,
            compare: timeline.default_comparison(),
        }
    }
}

/// An account's (or group's) score and rank in every window.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Trajectory {
    /// Account index, or group index.
    pub index: u32,
    pub name: String,
    pub scores: Floats,
    /// Competition rank per window (1 = top), 0 in an empty window (whose score is NaN).
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

/// A column imported with the accounts (a scores table: `network::imported`), described
/// with the fields of a catalogue entry ([`MetricInfo`](crate::metrics::MetricInfo)), so that the page lists it with
/// the lenses: a column to show, sort and colour by. It takes no parameters.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportedColumnInfo {
    /// `imported:<metric>`: what `Session::column` serves it as.
    pub id: String,
    pub name: String,
    pub values: ValueKind,
    pub explanation: String,
    pub reference: String,
    pub complexity: String,
    pub params: Vec<ParamInfo>,
}

impl ImportedColumnInfo {
    /// The entry for the imported column `name`, after the metric it names when it does.
    pub fn of(name: &str) -> ImportedColumnInfo {
        let metric = metrics::find(name).map(|m| &m.info);
        let what = metric.map_or(name, |m| m.name);
        let explanation = format!(
            "Read from a scores table, not computed here: the {what} each account had on the network \
             the table was computed from (attache score, or spark/attache_spark.py on a whole \
             collection). The kind weights and lens settings here do not change it. {}",
            metric.map_or("", |m| m.explanation)
        );
        ImportedColumnInfo {
            id: imported::column_id(name),
            name: format!("{what} (imported)"),
            values: metric.map_or(ValueKind::Score, |m| m.values),
            explanation: explanation.trim_end().to_owned(),
            reference: metric.map_or_else(String::new, |m| m.reference.to_owned()),
            complexity: "O(V): read with the accounts".to_owned(),
            params: Vec::new(),
        }
    }
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

/// The coordination network as the command line's JSON and the page show it: accounts
/// named by the session's names (aliases under pseudonyms). See [`crate::coordination`].
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CoordinationReport {
    pub by: CoordinateBy,
    /// Seconds.
    pub window: i64,
    pub min_shared: u32,
    /// The seed of the baseline's permutations of the action times.
    pub seed: u64,
    /// How many permutations the expected counts average (0: no baseline).
    pub permutations: u32,
    pub actions: ActionCounts,
    /// Why nothing could be compared (no timestamps, no reposts or links, reposts without
    /// their original), in plain words; null when actions were compared.
    pub missing: Option<String>,
    /// By shared count, highest first.
    pub pairs: Vec<CoordinationPair>,
    /// By size, then total shared count.
    pub groups: Vec<CoordinationGroup>,
}

/// Two accounts that co-acted on at least `min_shared` items.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CoordinationPair {
    pub a: String,
    pub b: String,
    pub shared: u32,
}

/// One group (a connected component of the coordination network).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CoordinationGroup {
    /// Member ids, in account order.
    pub members: Vec<String>,
    /// The sum of the group's pairs' shared counts.
    pub shared: u64,
    /// Distinct items the group's pairs co-acted on.
    pub items: usize,
    pub median_gap_seconds: f64,
    pub top_items: Vec<CoordinatedItem>,
    /// The same total with the action times shuffled, averaged over the permutations
    /// (null without a baseline).
    pub expected_shared: Option<f64>,
    /// `shared / expected_shared`; null when no permutation gave the group any co-action
    /// (the ratio is beyond what the baseline measures: sort it first) or without a baseline.
    pub ratio: Option<f64>,
}

/// An item a group amplified.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CoordinatedItem {
    pub kind: ItemKind,
    /// The reposted post's id, or the normalised URL. Under pseudonyms a post is named by
    /// its author's alias and its index instead (a post id leads straight to its author).
    pub item: String,
    /// The reposted post's author (none for a URL).
    pub author: Option<String>,
    /// Members of the group who co-acted on it.
    pub accounts: u32,
}

impl CoordinationReport {
    pub fn new(found: &Coordination, names: &Names, network: &Network) -> Self {
        let item = |item: Item, accounts: u32| CoordinatedItem {
            kind: item.kind(),
            item: item_name(item, names, network),
            author: item.author(network).map(|a| names.id(a as usize).to_owned()),
            accounts,
        };
        let groups = found
            .groups
            .iter()
            .map(|group| CoordinationGroup {
                members: group
                    .members
                    .iter()
                    .map(|&m| names.id(m as usize).to_owned())
                    .collect(),
                shared: group.shared,
                items: group.items.len(),
                median_gap_seconds: group.median_gap_seconds,
                top_items: group.top_items.iter().map(|t| item(t.item, t.accounts)).collect(),
                expected_shared: (!group.expected_shared.is_nan()).then_some(group.expected_shared),
                ratio: group.ratio,
            })
            .collect();
        CoordinationReport {
            by: found.params.by,
            window: found.params.window,
            min_shared: found.params.min_shared,
            seed: found.options.seed,
            permutations: found.options.permutations,
            actions: found.actions,
            missing: found.actions.missing(found.params.by),
            pairs: found
                .pairs
                .iter()
                .map(|pair| CoordinationPair {
                    a: names.id(pair.a as usize).to_owned(),
                    b: names.id(pair.b as usize).to_owned(),
                    shared: pair.shared,
                })
                .collect(),
            groups,
        }
    }
}

/// An item's name in a report (see [`CoordinatedItem::item`]).
pub fn item_name(item: Item, names: &Names, network: &Network) -> String {
    match (item, item.author(network)) {
        (Item::Post(post), Some(author)) if names.is_pseudonymous() => {
            format!("post {post} of {}", names.id(author as usize))
        }
        _ => item.text(network).to_owned(),
    }
}

/// The coordination network for the page: the report, plus account indices to highlight
/// members in the rankings and the map, and each group's actions for its timeline.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CoordinationView {
    #[serde(flatten)]
    pub report: CoordinationReport,
    /// Group index per account, 0xFFFFFFFF for accounts in no group.
    pub membership: U32s,
    /// Pair i of `pairs` is accounts `pair_accounts[2i]` and `pair_accounts[2i + 1]`.
    pub pair_accounts: U32s,
    /// One per group of `groups`, in the same order.
    pub group_details: Vec<CoordinationGroupDetail>,
}

/// A group's members and actions as indices, for drawing.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CoordinationGroupDetail {
    /// Member account indices, in the order of the group's `members`.
    pub accounts: U32s,
    /// Every item the group's pairs co-acted on (named as in `top_items`), in item order.
    pub items: Vec<String>,
    pub item_kinds: Vec<ItemKind>,
    /// The members' actions on those items, by time: action i is account
    /// `action_accounts[i]` acting on `items[action_items[i]]` at `action_times[i]`
    /// (seconds since the Unix epoch).
    pub action_accounts: U32s,
    pub action_items: U32s,
    pub action_times: Floats,
}

impl CoordinationView {
    pub fn new(found: &Coordination, names: &Names, network: &Network) -> Self {
        let group_details = found
            .groups
            .iter()
            .map(|group| {
                let position = |item: &Item| group.items.binary_search(item).map_or(u32::MAX, |i| i as u32);
                CoordinationGroupDetail {
                    accounts: U32s(group.members.clone()),
                    items: group
                        .items
                        .iter()
                        .map(|&i| item_name(i, names, network))
                        .collect(),
                    item_kinds: group.items.iter().map(|i| i.kind()).collect(),
                    action_accounts: U32s(group.actions.iter().map(|a| a.account).collect()),
                    action_items: U32s(group.actions.iter().map(|a| position(&a.item)).collect()),
                    action_times: Floats(group.actions.iter().map(|a| a.time as f64).collect()),
                }
            })
            .collect();
        CoordinationView {
            report: CoordinationReport::new(found, names, network),
            membership: U32s(found.membership(network.account_count())),
            pair_accounts: U32s(found.pairs.iter().flat_map(|p| [p.a, p.b]).collect()),
            group_details,
        }
    }
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
        use crate::{
            coordination, explain, groups, ingest, layout, metrics, network, owner, paths, structure,
            timeline, topics,
        };
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
            metrics::ValueKind,
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
            owner::OwnerView,
            owner::PublicTotals,
            owner::TravelledPost,
            owner::Engagement,
            owner::ActivityMonth,
            groups::Member,
            groups::GroupSummary,
            groups::Flow,
            groups::GroupReport,
            topics::TermCount,
            topics::Topics,
            timeline::WindowWidth,
            timeline::WindowMetric,
            timeline::Window,
            timeline::WindowStatus,
            timeline::Move,
            timeline::Movers,
            coordination::CoordinationOptions,
            coordination::CoordinateBy,
            coordination::ItemKind,
            coordination::ActionCounts,
            structure::SizeCount,
            structure::Structure,
            structure::Gatekeeping,
            paths::Step,
            paths::AttentionPath,
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
            SnapshotParts,
            WindowParts,
            Neighbours,
            Attribute,
            ImportedColumnInfo,
            SettingsView,
            OpenedAnalysis,
            NamedFile,
            CoordinationReport,
            CoordinationPair,
            CoordinationGroup,
            CoordinatedItem,
            CoordinationView,
            CoordinationGroupDetail,
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
