//! The JavaScript façade: the only module that knows wasm-bindgen, js-sys and
//! serde-wasm-bindgen. It translates between JS values and the core's types and adds
//! no behaviour of its own. Large arrays leave as typed arrays; small objects as
//! plain JS objects through serde.
//!
//! The Web Worker (`www/src/worker.ts`) owns one [`Session`]: it pushes file chunks,
//! finishes the ingest, then asks for metric columns.

use std::cell::RefCell;

use std::collections::BTreeMap;

use js_sys::{
    Array, Float32Array, Float64Array, Function, JsString, Object, Reflect, Uint32Array, Uint8Array,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::analysis::Analysis;
use crate::csr::KindWeights;
use crate::explain::{account_by_id, explain, ExplainOptions};
use crate::export::{self, gexf, Names, ReportContext};
use crate::groups::{GroupBy, GroupReport, Grouping};
use crate::ingest::{self, FileOptions, FileReport, Ingest, RandomAccess, TableOptions, Warning};
use crate::layout::{ForceAtlas2, Settings as LayoutSettings, SettingsPatch};
use crate::metrics::influence_index::{self, IndexWeights};
use crate::metrics::{self, MetricInfo, ParamValue, Params};
use crate::network::NetworkSummary;
use crate::network::{AccountIdx, Kind, Network};
use crate::progress::Progress;
use crate::scores::{self, ScoreTable};
use crate::timeline::{Timeline, Trajectory, WindowMetric, WindowWidth};
use crate::topics;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A metric's result: one value per account, in account order, and figures about the run. */
export interface MetricResult {
  values: Float64Array;
  details: { id: string; name: string; value: number }[];
}

/** What a table column means (`name` only for attributes). */
export type ColumnRole =
  | { role: "source" | "target" | "weight" | "kind" | "directed" | "time" | "id" | "label" | "platform" | "ignore" }
  | { role: "attribute"; name: string };

/** How to read a table; every field left out is guessed. */
export interface TableOptions {
  delimiter?: string;
  skip_rows?: number;
  has_header?: boolean;
  columns?: ColumnRole[];
  undirected?: boolean;
}

/** How to read one file (`table` makes it read as a table with that mapping; `format`
 * forces a reader, e.g. "edge_list", "gexf", "twarc2", whatever detection would say). */
export interface FileOptions {
  table?: TableOptions;
  format?: "edge_list" | "node_table" | "nodexl_edges" | "nodexl_vertices" | "gdf" | "gexf" | "graphml"
    | "pajek" | "gml" | "node_link" | "graphology" | "twarc2" | "twitter_v1" | "twarc_csv" | "zip"
    | "x_archive" | "mastodon" | "mastodon_csv" | "bluesky_car" | "unknown";
}

/** The guess for a table and its first rows, for the mapping step. */
export interface TablePreview {
  format: string;
  delimiter: string;
  skip_rows: number;
  has_header: boolean;
  shape: "edges" | "nodes" | null;
  columns: ({ header: string | null } & ColumnRole)[];
  rows: string[][];
}

/** The directed, merged edges of the snapshot: edge i is sources[i] → targets[i]. */
export interface EdgeArrays {
  sources: Uint32Array;
  targets: Uint32Array;
  weights: Float64Array;
}

/** Who interacts with an account (incoming) and with whom it interacts (outgoing). */
export interface Neighbours {
  incoming: Uint32Array;
  incomingWeights: Float64Array;
  outgoing: Uint32Array;
  outgoingWeights: Float64Array;
}

/** A categorical attribute: codes[i] indexes values, 0xFFFFFFFF where account i has none. */
export interface AttributeColumn {
  values: string[];
  codes: Uint32Array;
}

/** ForceAtlas2 settings (Gephi's names); every field optional when passed in. */
export interface LayoutSettings {
  seed: number;
  linLog: boolean;
  gravity: number;
  strongGravity: boolean;
  scalingRatio: number;
  edgeWeightInfluence: number;
  jitterTolerance: number;
  dissuadeHubs: boolean;
  barnesHut: boolean;
  barnesHutTheta: number;
}

/** What exports are made of: metric ids with their columns (account order). */
export interface ExportColumns {
  metrics: string[];
  columns: Float64Array[];
}
"#;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

#[wasm_bindgen]
extern "C" {
    /// `{values, details}` as declared in the TypeScript section above.
    #[wasm_bindgen(typescript_type = "MetricResult")]
    pub type MetricResult;
    #[wasm_bindgen(typescript_type = "EdgeArrays")]
    pub type EdgeArrays;
    #[wasm_bindgen(typescript_type = "Neighbours")]
    pub type Neighbours;
    #[wasm_bindgen(typescript_type = "AttributeColumn")]
    pub type AttributeColumn;
    #[wasm_bindgen(typescript_type = "LayoutSettings")]
    pub type JsLayoutSettings;
    #[wasm_bindgen(typescript_type = "Partial<LayoutSettings> | undefined")]
    pub type PartialLayoutSettings;
    #[wasm_bindgen(typescript_type = "ExportColumns")]
    pub type ExportColumns;

    #[wasm_bindgen(typescript_type = "TablePreview")]
    pub type TablePreviewValue;

    #[wasm_bindgen(typescript_type = "TableOptions")]
    pub type TableOptionsValue;

    #[wasm_bindgen(typescript_type = "FileOptions")]
    pub type FileOptionsValue;

    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Keeps the message of a panic so the worker can show it after catching the trap
/// (a panic aborts the wasm instance; the worker then restarts).
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        console_error(&message);
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(message));
    }));
}

/// The message of the panic that aborted the module, if one did.
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow().clone())
}

/// Every metric's description, for the page's columns and forms.
#[wasm_bindgen]
pub fn catalogue() -> Result<JsValue, JsError> {
    let infos: Vec<&MetricInfo> = metrics::catalogue().iter().map(|m| &m.info).collect();
    to_js(&infos)
}

/// Account indices by `values`, highest first, ties in account order: the same order
/// the command-line tool prints.
#[wasm_bindgen(js_name = rankDescending)]
pub fn rank_descending(values: &[f64]) -> Uint32Array {
    Uint32Array::from(scores::rank_descending(values).as_slice())
}

/// The guess for a table from its first bytes (`options` re-guesses under an explicit
/// delimiter, header or mapping): delimiter, header, shape, a role per column and the first rows.
#[wasm_bindgen(js_name = previewTable)]
pub fn preview_table(bytes: &[u8], options: Option<TableOptionsValue>) -> Result<TablePreviewValue, JsError> {
    let options: TableOptions =
        from_js_or_default(options.map_or(JsValue::UNDEFINED, Into::into), "table options")?;
    Ok(to_js(&ingest::preview_table_with(bytes, &options))?.unchecked_into())
}

/// Whether a file starting with these bytes must go through `Session.ingestArchive`
/// (a ZIP, which needs random access) rather than `beginFile`/`push`/`endFile`.
#[wasm_bindgen(js_name = needsRandomAccess)]
pub fn needs_random_access(head: &[u8]) -> bool {
    crate::ingest::needs_random_access(head)
}

#[derive(Serialize)]
struct LoadSummary<'a> {
    #[serde(flatten)]
    network: NetworkSummary,
    warnings: &'a [Warning],
    files: &'a [FileReport],
}

enum State {
    Ingesting(Ingest),
    Ready(Analysis),
    /// Transient, while moving from one state to the other.
    Moving,
}

/// One analysis: files pushed in, then scores, layout and exports out.
#[wasm_bindgen]
pub struct Session {
    state: State,
    /// What ingest reported, kept for the JSON report.
    files: Vec<FileReport>,
    warnings: Vec<Warning>,
    layout: Option<ForceAtlas2>,
    positions: Vec<f32>,
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        install_panic_hook();
        Session {
            state: State::Ingesting(Ingest::new()),
            files: Vec::new(),
            warnings: Vec::new(),
            layout: None,
            positions: Vec::new(),
        }
    }

    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, name: &str) -> Result<(), JsError> {
        self.ingest()?.begin_file(name);
        Ok(())
    }

    /// Starts a file read as `options` say: `{table: {...}}` reads it as a table with that
    /// mapping, whatever detection would say.
    #[wasm_bindgen(js_name = beginFileWith)]
    pub fn begin_file_with(&mut self, name: &str, options: Option<FileOptionsValue>) -> Result<(), JsError> {
        let options: FileOptions =
            from_js_or_default(options.map_or(JsValue::UNDEFINED, Into::into), "file options")?;
        self.ingest()?.begin_file_with(name, options);
        Ok(())
    }

    /// Sets the most memory ingest may hold, in bytes (undefined or 0: no limit, the
    /// default). When reached, reading stops with a warning saying where, what was read
    /// stays, later files are reported as not read, and `finish()` works as ever. The
    /// metrics need about a fifth more afterwards: leave headroom below the tab's limit.
    #[wasm_bindgen(js_name = setMemoryBudget)]
    pub fn set_memory_budget(&mut self, bytes: Option<f64>) -> Result<(), JsError> {
        let budget = match bytes {
            None => None,
            Some(b) if b.is_finite() && b >= 0.0 => Some(b as u64).filter(|&b| b > 0),
            Some(b) => {
                return Err(JsError::new(&format!(
                    "the memory budget must be a byte count, got {b}"
                )))
            }
        };
        self.ingest()?.set_memory_budget(budget);
        Ok(())
    }

    /// The estimated bytes ingest holds so far (for a progress display).
    #[wasm_bindgen(js_name = memoryEstimate)]
    pub fn memory_estimate(&mut self) -> Result<f64, JsError> {
        Ok(self.ingest()?.estimated_bytes() as f64)
    }

    /// Whether the memory budget was reached (later files are not read).
    #[wasm_bindgen(js_name = budgetReached)]
    pub fn budget_reached(&mut self) -> Result<bool, JsError> {
        Ok(self.ingest()?.budget_reached())
    }

    /// Leaves out interactions of these kinds (`"mention"`, `"reply"`...) from files read
    /// from now on, to save memory; an empty list keeps every kind.
    #[wasm_bindgen(js_name = leaveOutKinds)]
    pub fn leave_out_kinds(&mut self, kinds: Vec<String>) -> Result<(), JsError> {
        let kinds = kinds
            .iter()
            .map(|name| {
                Kind::ALL.into_iter().find(|k| k.as_str() == name).ok_or_else(|| {
                    JsError::new(&format!(
                        "unknown interaction kind '{name}'; kinds: follow, repost, quote, reply, mention, link"
                    ))
                })
            })
            .collect::<Result<Vec<Kind>, JsError>>()?;
        self.ingest()?.leave_out_kinds(&kinds);
        Ok(())
    }

    /// The next bytes of the open file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.ingest()?.push(chunk);
        Ok(())
    }

    /// Ends the open file; returns its report `{path, format, bytes, records, skipped, interactions, warnings}`.
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<JsValue, JsError> {
        let report = self.ingest()?.end_file();
        to_js(&report)
    }

    /// Reads a ZIP archive of `size` bytes by random access: `readAt(offset, length)` must
    /// return a `Uint8Array` of exactly `length` bytes from `offset` (the worker reads
    /// `file.slice(offset, offset + length)` with `FileReaderSync`). Only the members needed
    /// are read. Returns the reports: the archive's own first, then one per member read
    /// (named `name/member/path`). A file still open is ended first.
    #[wasm_bindgen(js_name = ingestArchive)]
    pub fn ingest_archive(&mut self, name: &str, size: f64, read_at: Function) -> Result<JsValue, JsError> {
        if !(size.is_finite() && size >= 0.0 && size <= 9_007_199_254_740_992.0) {
            return Err(JsError::new("size must be a byte count"));
        }
        let mut source = JsSource {
            size: size as u64,
            read_at,
        };
        let reports = self.ingest()?.ingest_archive(name, &mut source);
        to_js(&reports)
    }

    /// Ends ingest and builds the snapshot; returns counts, warnings and per-file reports.
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let State::Ingesting(ingest) = std::mem::replace(&mut self.state, State::Moving) else {
            return Err(JsError::new("finish() was already called"));
        };
        let loaded = ingest.finish();
        let summary = LoadSummary {
            network: loaded.network.summary(),
            warnings: &loaded.warnings,
            files: &loaded.files,
        };
        let result = to_js(&summary);
        self.files = loaded.files;
        self.warnings = loaded.warnings;
        self.state = State::Ready(Analysis::new(loaded.network));
        result
    }

    /// Account ids, as the input gave them, in account order.
    #[wasm_bindgen(js_name = accountIds)]
    pub fn account_ids(&self) -> Result<Array, JsError> {
        let analysis = self.analysis()?;
        Ok(analysis
            .network()
            .accounts
            .iter()
            .map(|a| JsString::from(a.id.as_str()))
            .collect())
    }

    /// Display labels in account order.
    #[wasm_bindgen(js_name = accountLabels)]
    pub fn account_labels(&self) -> Result<Array, JsError> {
        let analysis = self.analysis()?;
        Ok(analysis
            .network()
            .accounts
            .iter()
            .map(|a| JsString::from(a.display_label()))
            .collect())
    }

    /// Metric `id`: `{values: Float64Array (one per account), details: [{id, name, value}]}`.
    /// `params` is an object by parameter id (numbers, or arrays of account ids), or
    /// undefined; `on_progress(phase, fraction)` is optional.
    pub fn compute(
        &self,
        id: &str,
        params: JsValue,
        on_progress: Option<Function>,
    ) -> Result<MetricResult, JsError> {
        let params: BTreeMap<String, ParamValue> = if params.is_undefined() || params.is_null() {
            BTreeMap::new()
        } else {
            serde_wasm_bindgen::from_value(params)
                .map_err(|e| JsError::new(&format!("bad parameters: {e}")))?
        };
        let mut progress = JsProgress::new(on_progress);
        let output = self
            .analysis()?
            .compute(id, &Params(params), &mut progress)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let result = Object::new();
        set(
            &result,
            "values",
            &Float64Array::from(output.values.as_slice()).into(),
        )?;
        set(&result, "details", &to_js(&output.details)?)?;
        Ok(result.unchecked_into())
    }

    /// The snapshot's edges (actor → target, parallel interactions merged and weighted).
    pub fn edges(&self) -> Result<EdgeArrays, JsError> {
        let graph = self.analysis()?.graph();
        let mut sources = Vec::with_capacity(graph.edge_count());
        for node in 0..graph.node_count() {
            sources.extend(std::iter::repeat_n(node as u32, graph.out.degree(node)));
        }
        let result = Object::new();
        set(&result, "sources", &Uint32Array::from(sources.as_slice()).into())?;
        set(
            &result,
            "targets",
            &Uint32Array::from(graph.out.neighbours.as_slice()).into(),
        )?;
        set(
            &result,
            "weights",
            &Float64Array::from(graph.out.weights.as_slice()).into(),
        )?;
        Ok(result.unchecked_into())
    }

    /// An account's neighbours in both directions, with the merged weights.
    pub fn neighbours(&self, account: u32) -> Result<Neighbours, JsError> {
        let graph = self.analysis()?.graph();
        let node = account as usize;
        if node >= graph.node_count() {
            return Err(JsError::new(&format!("no account {account}")));
        }
        let result = Object::new();
        set(
            &result,
            "incoming",
            &Uint32Array::from(graph.inc.neighbours(node)).into(),
        )?;
        set(
            &result,
            "incomingWeights",
            &Float64Array::from(graph.inc.weights(node)).into(),
        )?;
        set(
            &result,
            "outgoing",
            &Uint32Array::from(graph.out.neighbours(node)).into(),
        )?;
        set(
            &result,
            "outgoingWeights",
            &Float64Array::from(graph.out.weights(node)).into(),
        )?;
        Ok(result.unchecked_into())
    }

    /// The attribute keys any account has (country, category, ...), sorted.
    #[wasm_bindgen(js_name = attributeKeys)]
    pub fn attribute_keys(&self) -> Result<Vec<String>, JsError> {
        Ok(export::attribute_keys(self.analysis()?.network()))
    }

    /// One attribute as categories: sorted distinct values and one code per account.
    pub fn attribute(&self, key: &str) -> Result<AttributeColumn, JsError> {
        let accounts = &self.analysis()?.network().accounts;
        let values: std::collections::BTreeSet<&str> = accounts
            .iter()
            .filter_map(|a| a.attributes.get(key).map(String::as_str))
            .collect();
        let values: Vec<&str> = values.into_iter().collect();
        let codes: Vec<u32> = accounts
            .iter()
            .map(|a| {
                a.attributes
                    .get(key)
                    .and_then(|v| values.binary_search(&v.as_str()).ok())
                    .map_or(u32::MAX, |code| code as u32)
            })
            .collect();
        let result = Object::new();
        set(&result, "values", &to_js(&values)?)?;
        set(&result, "codes", &Uint32Array::from(codes.as_slice()).into())?;
        Ok(result.unchecked_into())
    }

    /// Stable aliases ("Account 0042") for every account, keyed by `salt`.
    pub fn aliases(&self, salt: &str) -> Result<Vec<String>, JsError> {
        Ok(export::aliases(self.analysis()?.network(), salt))
    }

    /// The ForceAtlas2 settings Gephi would pick for this network.
    #[wasm_bindgen(js_name = layoutDefaults)]
    pub fn layout_defaults(&self) -> Result<JsLayoutSettings, JsError> {
        let count = self.analysis()?.network().account_count();
        Ok(to_js(&LayoutSettings::for_size(count))?.unchecked_into())
    }

    /// Starts the layout from seeded positions, or, if one runs, changes its settings
    /// and keeps its positions. Settings not given keep their value (at the start:
    /// Gephi's defaults for the network's size). Returns the settings in force.
    #[wasm_bindgen(js_name = startLayout)]
    pub fn start_layout(&mut self, settings: PartialLayoutSettings) -> Result<JsLayoutSettings, JsError> {
        let settings: JsValue = settings.into();
        let analysis = match &self.state {
            State::Ready(analysis) => analysis,
            _ => return Err(JsError::new("no network yet: call finish() after the files")),
        };
        let patch: SettingsPatch = if settings.is_undefined() || settings.is_null() {
            SettingsPatch::default()
        } else {
            serde_wasm_bindgen::from_value(settings)
                .map_err(|e| JsError::new(&format!("bad layout settings: {e}")))?
        };
        let applied = match &mut self.layout {
            Some(layout) => {
                let settings = layout.settings().patched(&patch);
                layout.set_settings(settings);
                settings
            }
            None => {
                let settings = LayoutSettings::for_size(analysis.network().account_count()).patched(&patch);
                self.layout = Some(ForceAtlas2::new(analysis.graph(), settings));
                settings
            }
        };
        Ok(to_js(&applied)?.unchecked_into())
    }

    /// Runs `iterations` more iterations; returns the positions `x0, y0, x1, y1, ...`.
    #[wasm_bindgen(js_name = stepLayout)]
    pub fn step_layout(&mut self, iterations: u32) -> Result<Float32Array, JsError> {
        let layout = self
            .layout
            .as_mut()
            .ok_or_else(|| JsError::new("no layout: call startLayout() first"))?;
        layout.step(iterations as usize);
        layout.positions_f32(&mut self.positions);
        Ok(Float32Array::from(self.positions.as_slice()))
    }

    /// Iterations run so far (0 when there is no layout).
    #[wasm_bindgen(js_name = layoutIterations)]
    pub fn layout_iterations(&self) -> f64 {
        self.layout.as_ref().map_or(0.0, |l| l.iterations() as f64)
    }

    /// Forgets the layout; the next start begins from the seeded positions again.
    #[wasm_bindgen(js_name = resetLayout)]
    pub fn reset_layout(&mut self) {
        self.layout = None;
    }

    /// The scores as CSV (`id,label,<attributes>,<metrics>`), rows in `order`.
    /// With a `salt`, ids and labels are aliases and identifying attributes are left out.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(
        &self,
        columns: ExportColumns,
        order: &[u32],
        salt: Option<String>,
    ) -> Result<Uint8Array, JsError> {
        let analysis = self.analysis()?;
        let table = score_table(columns, analysis.network().account_count())?;
        let order = checked_order(order, analysis.network().account_count())?;
        let names = names(analysis, salt.as_deref());
        let mut out = Vec::new();
        export::write_scores_csv(&names, &table, &order, &mut out).map_err(write_error)?;
        Ok(Uint8Array::from(out.as_slice()))
    }

    /// A JSON report: what was loaded, what each score means, every account in `order`,
    /// which follows `sorted_by` (a metric id, `label`, ...).
    #[wasm_bindgen(js_name = exportReport)]
    pub fn export_report(
        &self,
        columns: ExportColumns,
        order: &[u32],
        sorted_by: Option<String>,
        salt: Option<String>,
    ) -> Result<Uint8Array, JsError> {
        let analysis = self.analysis()?;
        let table = score_table(columns, analysis.network().account_count())?;
        let order = checked_order(order, analysis.network().account_count())?;
        let names = names(analysis, salt.as_deref());
        let context = ReportContext {
            summary: analysis.network().summary(),
            files: &self.files,
            warnings: &self.warnings,
            layout_iterations: self.layout.as_ref().map(|l| l.iterations()),
            sorted_by: sorted_by.as_deref(),
        };
        let mut out = Vec::new();
        export::write_report_json(&names, &table, &order, &context, &mut out).map_err(write_error)?;
        Ok(Uint8Array::from(out.as_slice()))
    }

    /// The network as GEXF 1.3 with the scores, the layout's positions (if it ran) and
    /// the map's sizes (one per account) and colours (r, g, b per account), if given.
    #[wasm_bindgen(js_name = exportGexf)]
    pub fn export_gexf(
        &self,
        columns: ExportColumns,
        salt: Option<String>,
        sizes: Option<Vec<f64>>,
        colours: Option<Vec<u8>>,
    ) -> Result<Uint8Array, JsError> {
        let analysis = self.analysis()?;
        let table = score_table(columns, analysis.network().account_count())?;
        let names = names(analysis, salt.as_deref());
        let positions = self.layout.as_ref().map(|l| l.positions());
        let visual = gexf::Visual {
            positions: positions.as_deref(),
            sizes: sizes.as_deref(),
            colours: colours.as_deref(),
        };
        let mut out = Vec::new();
        gexf::write(&names, analysis.graph(), &table, &visual, &mut out).map_err(write_error)?;
        Ok(Uint8Array::from(out.as_slice()))
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    fn ingest(&mut self) -> Result<&mut Ingest, JsError> {
        match &mut self.state {
            State::Ingesting(ingest) => Ok(ingest),
            _ => Err(JsError::new(
                "the session has finished reading files; start a new session",
            )),
        }
    }

    fn analysis(&self) -> Result<&Analysis, JsError> {
        match &self.state {
            State::Ready(analysis) => Ok(analysis),
            _ => Err(JsError::new("no network yet: call finish() after the files")),
        }
    }
}

/// A file read through a JavaScript `readAt(offset, length) → Uint8Array` callback.
struct JsSource {
    size: u64,
    read_at: Function,
}

impl RandomAccess for JsSource {
    fn len(&self) -> u64 {
        self.size
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        let result = self
            .read_at
            .call2(
                &JsValue::NULL,
                &JsValue::from_f64(offset as f64),
                &JsValue::from_f64(buf.len() as f64),
            )
            .map_err(|error| {
                let message = error
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .or_else(|| error.as_string())
                    .unwrap_or_else(|| "an exception".to_owned());
                format!("readAt failed: {message}")
            })?;
        let bytes: Uint8Array = result
            .dyn_into()
            .map_err(|_| "readAt must return a Uint8Array".to_owned())?;
        if bytes.length() as usize != buf.len() {
            return Err(format!(
                "readAt returned {} bytes where {} were asked for",
                bytes.length(),
                buf.len()
            ));
        }
        bytes.copy_to(buf);
        Ok(())
    }
}

fn names<'a>(analysis: &'a Analysis, salt: Option<&str>) -> Names<'a> {
    match salt {
        Some(salt) => Names::pseudonymous(analysis.network(), salt),
        None => Names::real(analysis.network()),
    }
}

/// Reads `{metrics, columns}` from JS, checking every column has one value per account.
fn score_table(columns: ExportColumns, account_count: usize) -> Result<ScoreTable, JsError> {
    let object: JsValue = columns.into();
    let metrics: Vec<String> = Reflect::get(&object, &JsValue::from_str("metrics"))
        .ok()
        .and_then(|m| serde_wasm_bindgen::from_value(m).ok())
        .ok_or_else(|| JsError::new("columns.metrics must be an array of metric ids"))?;
    let arrays = Reflect::get(&object, &JsValue::from_str("columns"))
        .ok()
        .and_then(|c| c.dyn_into::<Array>().ok())
        .ok_or_else(|| JsError::new("columns.columns must be an array of Float64Array"))?;
    let columns: Vec<Vec<f64>> = arrays
        .iter()
        .map(|column| column.dyn_into::<Float64Array>().map(|c| c.to_vec()))
        .collect::<Result<_, _>>()
        .map_err(|_| JsError::new("columns.columns must be an array of Float64Array"))?;
    if columns.len() != metrics.len() || columns.iter().any(|c| c.len() != account_count) {
        return Err(JsError::new(
            "one column of one value per account is needed for each metric",
        ));
    }
    Ok(ScoreTable { metrics, columns })
}

fn checked_order(order: &[u32], account_count: usize) -> Result<Vec<u32>, JsError> {
    if order.iter().any(|&a| a as usize >= account_count) {
        return Err(JsError::new("the order names an account that does not exist"));
    }
    Ok(order.to_vec())
}

fn write_error(error: std::io::Error) -> JsError {
    JsError::new(&format!("cannot write the export: {error}"))
}

/// Forwards progress to a JS callback, at most once per percent.
struct JsProgress {
    callback: Option<Function>,
    last: Option<(String, i32)>,
}

impl JsProgress {
    fn new(callback: Option<Function>) -> Self {
        JsProgress { callback, last: None }
    }
}

impl Progress for JsProgress {
    fn report(&mut self, phase: &str, fraction: f64) {
        let Some(callback) = &self.callback else {
            return;
        };
        let percent = (fraction * 100.0) as i32;
        if self
            .last
            .as_ref()
            .is_some_and(|(p, c)| p == phase && *c == percent)
        {
            return;
        }
        self.last = Some((phase.to_owned(), percent));
        // A throwing listener must not abort the computation.
        let _ = callback.call2(
            &JsValue::NULL,
            &JsValue::from_str(phase),
            &JsValue::from_f64(fraction),
        );
    }
}

fn set(object: &Object, key: &str, value: &JsValue) -> Result<(), JsError> {
    Reflect::set(object, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| JsError::new("cannot build the result object"))
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&format!("cannot pass result to JavaScript: {e}")))
}

#[wasm_bindgen(typescript_custom_section)]
const SOCIAL_TYPES: &'static str = r#"
export type InteractionKind = 'follow' | 'repost' | 'quote' | 'reply' | 'mention' | 'link';
/** How much one interaction of each kind counts in the graph (default 1 each). */
export type KindWeightsObject = Record<InteractionKind, number>;
export type PillarId = 'reach' | 'amplification' | 'conversation' | 'network';
/** Pillar weights of the influence index, 0..100 each, default 1; missing ones take the default. */
export type IndexWeightsObject = Partial<Record<PillarId, number>>;
export interface PillarResult {
  pillar: PillarId;
  present: boolean;
  /** The lens behind the pillar ('followers', 'follows_in', 'pagerank'...), or why it is left out. */
  source: string;
  weight: number;
  accounts_with_value: number;
  /** Raw lens value per account, NaN where unknown. */
  raw: Float64Array;
  /** Percentile rank 0..1 per account, NaN where unknown. */
  percentile: Float64Array;
}
export interface IndexResult {
  /** 0..100 per account, NaN where no pillar applies. */
  values: Float64Array;
  pillars: PillarResult[];
  /** Pillars the data lacks. */
  missing: PillarId[];
}
export interface ExplainOptionsObject {
  weights?: IndexWeightsObject;
  /** Lens ids to rank under; default every catalogue metric. */
  lenses?: string[];
  /** In-neighbours to list, default 10. */
  contributors?: number;
}
export interface AccountRefObject { index: number; id: string; label: string }
export interface ExplanationObject {
  account: AccountRefObject;
  influence_index: number | null;
  index_rank: number | null;
  pillars: { pillar: PillarId; name: string; present: boolean; source: string; weight: number;
    raw: number | null; percentile: number | null; contribution: number | null }[];
  missing: PillarId[];
  lenses: { id: string; name: string; value: number | null; rank: number | null; ranked: number }[];
  pagerank: number;
  contributors: (AccountRefObject & { pagerank: number; edge_weight: number; out_strength: number;
    contribution: number; share: number; interactions: Partial<Record<InteractionKind, number>> })[];
  in_neighbours: number;
  from_jumps: number;
}
export interface GroupOptionsObject { weights?: IndexWeightsObject; top?: number }
export interface MemberObject { index: number; id: string; label: string; influence_index: number | null }
export interface GroupReportObject {
  by: string;
  /** Whether `by` named a node attribute or a metric column. */
  source: 'attribute' | 'metric';
  groups: { name: string; members: number; index_sum: number; index_median: number | null;
    pagerank_share: number; top_members: MemberObject[] }[];
  /** Interactions from group `from` to group `to` (indices into `groups`), by kind. */
  flows: { from: number; to: number; kinds: Partial<Record<InteractionKind, number>>; total: number }[];
  /** Group index per account. */
  membership: Uint32Array;
}
export interface TermCountObject { term: string; count: number }
export interface TopicsObject {
  posts: number;
  hashtags: TermCountObject[];
  domains: TermCountObject[];
  languages: TermCountObject[];
}
export type WindowWidthId = 'day' | 'week' | 'month';
export type WindowMetricId = 'pagerank' | 'in_degree' | 'in_strength';
export interface TimelineObject {
  width: WindowWidthId;
  /** Seconds since the epoch (UTC); `end` excluded. */
  windows: { start: number; end: number; label: string; interactions: number }[];
  /** Interactions without a timestamp, in no window. */
  untimed: number;
}
export interface TrajectoryObject {
  /** Account index, or group index. */
  index: number;
  name: string;
  /** One per window. */
  scores: Float64Array;
  /** Competition rank per window (1 = top). */
  ranks: Uint32Array;
}
export interface MoveObject { index: number; id: string; label: string; rank_from: number; rank_to: number;
  change: number; score_from: number; score_to: number }
export interface MoversObject { from: number; to: number; risers: MoveObject[]; fallers: MoveObject[] }
"#;

/// Influence index, explain, groups, topics, time windows and kind weights.
#[wasm_bindgen]
impl Session {
    /// The current kind weights, `{follow, repost, quote, reply, mention, link}`.
    #[wasm_bindgen(js_name = kindWeights, unchecked_return_type = "KindWeightsObject")]
    pub fn kind_weights(&self) -> Result<JsValue, JsError> {
        to_js(&kind_weights_object(self.analysis()?.kind_weights()))
    }

    /// Sets how much each kind counts (numbers ≥ 0; kinds left out keep their weight), rebuilds
    /// the graph and forgets kept columns. Returns the weights now in force.
    #[wasm_bindgen(js_name = setKindWeights, unchecked_return_type = "KindWeightsObject")]
    pub fn set_kind_weights(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Partial<KindWeightsObject>")] weights: JsValue,
    ) -> Result<JsValue, JsError> {
        let given: BTreeMap<String, f64> = from_js(weights, "kind weights")?;
        let analysis = self.analysis_mut()?;
        let mut kind_weights = *analysis.kind_weights();
        for (name, weight) in given {
            let kind = Kind::ALL
                .into_iter()
                .find(|k| k.as_str() == name)
                .ok_or_else(|| {
                    JsError::new(&format!(
                    "unknown interaction kind '{name}'; kinds: follow, repost, quote, reply, mention, link"
                ))
                })?;
            if !(weight.is_finite() && weight >= 0.0) {
                return Err(JsError::new(&format!(
                    "the weight of {name} must be a number ≥ 0, got {weight}"
                )));
            }
            kind_weights.set(kind, weight);
        }
        analysis.set_kind_weights(kind_weights);
        to_js(&kind_weights_object(analysis.kind_weights()))
    }

    /// The influence index under `weights` (`{reach, amplification, conversation, network}`,
    /// each optional), with every pillar's raw values and percentiles.
    #[wasm_bindgen(js_name = influenceIndex, unchecked_return_type = "IndexResult")]
    pub fn influence_index(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IndexWeightsObject | undefined")] weights: JsValue,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let weights = index_weights(weights)?;
        let mut progress = JsProgress::new(on_progress);
        let index = self
            .analysis()?
            .influence_index(&weights, &mut progress)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let result = Object::new();
        set(
            &result,
            "values",
            &Float64Array::from(index.values.as_slice()).into(),
        )?;
        let pillars = Array::new();
        for scores in &index.pillars {
            let pillar = to_js(scores)?.unchecked_into::<Object>();
            set(&pillar, "raw", &Float64Array::from(scores.raw.as_slice()).into())?;
            set(
                &pillar,
                "percentile",
                &Float64Array::from(scores.percentile.as_slice()).into(),
            )?;
            pillars.push(&pillar);
        }
        set(&result, "pillars", &pillars)?;
        set(&result, "missing", &to_js(&index.missing())?)?;
        Ok(result.into())
    }

    /// Why account `account_id` scores as it does: pillars, ranks under each lens, and the
    /// in-neighbours passing it the most PageRank with the interactions behind them.
    #[wasm_bindgen(unchecked_return_type = "ExplanationObject")]
    pub fn explain(
        &self,
        account_id: &str,
        #[wasm_bindgen(unchecked_param_type = "ExplainOptionsObject | undefined")] options: JsValue,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        #[derive(serde::Deserialize, Default)]
        #[serde(deny_unknown_fields)]
        struct Given {
            weights: Option<BTreeMap<String, f64>>,
            lenses: Option<Vec<String>>,
            contributors: Option<u32>,
        }
        let given: Given = from_js_or_default(options, "explain options")?;
        let analysis = self.analysis()?;
        let account = find_account(analysis.network(), account_id)?;
        let options = ExplainOptions {
            weights: weights_from_map(given.weights.unwrap_or_default())?,
            lenses: given.lenses,
            contributors: given.contributors.map_or(10, |c| c as usize),
        };
        let mut progress = JsProgress::new(on_progress);
        let explanation =
            explain(analysis, account, &options, &mut progress).map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&explanation)
    }

    /// Accounts grouped by `by`: a node attribute some account has, else a metric id
    /// (e.g. `community`). Accounts without a value form the group "(none)".
    #[wasm_bindgen(unchecked_return_type = "GroupReportObject")]
    pub fn groups(
        &self,
        by: &str,
        #[wasm_bindgen(unchecked_param_type = "GroupOptionsObject | undefined")] options: JsValue,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        #[derive(serde::Deserialize, Default)]
        #[serde(deny_unknown_fields)]
        struct Given {
            weights: Option<BTreeMap<String, f64>>,
            top: Option<u32>,
        }
        let given: Given = from_js_or_default(options, "group options")?;
        let weights = weights_from_map(given.weights.unwrap_or_default())?;
        let analysis = self.analysis()?;
        let mut progress = JsProgress::new(on_progress);
        let group_by = GroupBy::resolve(analysis.network(), by);
        let grouping =
            Grouping::of(analysis, &group_by, &mut progress).map_err(|e| JsError::new(&e.to_string()))?;
        let top = given.top.map_or(5, |t| t as usize);
        let report = GroupReport::compute(analysis, &grouping, &weights, top, &mut progress)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let result = to_js(&report)?.unchecked_into::<Object>();
        let source = match group_by {
            GroupBy::Attribute(_) => "attribute",
            GroupBy::Metric(_) => "metric",
        };
        set(&result, "source", &JsValue::from_str(source))?;
        set(
            &result,
            "membership",
            &Uint32Array::from(grouping.of_account.as_slice()).into(),
        )?;
        Ok(result.into())
    }

    /// Top hashtags, domains and languages of one account's collected posts, or of all
    /// posts when `account_id` is null or undefined. `top` defaults to 10.
    #[wasm_bindgen(unchecked_return_type = "TopicsObject")]
    pub fn topics(&self, account_id: Option<String>, top: Option<u32>) -> Result<JsValue, JsError> {
        let network = self.analysis()?.network();
        let top = top.map_or(10, |t| t as usize);
        let topics = match account_id {
            None => topics::overall(network, top),
            Some(id) => topics::of_accounts(network, &[find_account(network, &id)?], top),
        };
        to_js(&topics)
    }

    /// Topics of each group of `by` (as in `groups`), in group order: `[{name, topics}]`.
    #[wasm_bindgen(js_name = groupTopics, unchecked_return_type = "{ name: string; topics: TopicsObject }[]")]
    pub fn group_topics(
        &self,
        by: &str,
        top: Option<u32>,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Entry<'a> {
            name: &'a str,
            topics: topics::Topics,
        }
        let analysis = self.analysis()?;
        let mut progress = JsProgress::new(on_progress);
        let grouping = Grouping::of(analysis, &GroupBy::resolve(analysis.network(), by), &mut progress)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let lists = topics::by_group(analysis.network(), &grouping, top.map_or(10, |t| t as usize));
        let entries: Vec<Entry> = grouping
            .names
            .iter()
            .zip(lists)
            .map(|(name, topics)| Entry { name, topics })
            .collect();
        to_js(&entries)
    }

    /// The windows of `width` ('day', 'week' or 'month') over the timed interactions.
    #[wasm_bindgen(unchecked_return_type = "TimelineObject")]
    pub fn windows(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WindowWidthId")] width: &str,
    ) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Windows<'a> {
            width: WindowWidth,
            windows: &'a [crate::timeline::Window],
            untimed: usize,
        }
        let timeline = self.timeline(width)?;
        to_js(&Windows {
            width: timeline.width(),
            windows: timeline.windows(),
            untimed: timeline.untimed(),
        })
    }

    /// `metric` ('pagerank', 'in_degree', 'in_strength') of every account on window
    /// `window`'s sub-network.
    #[wasm_bindgen(js_name = windowScores)]
    pub fn window_scores(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WindowWidthId")] width: &str,
        window: u32,
        #[wasm_bindgen(unchecked_param_type = "WindowMetricId")] metric: &str,
        on_progress: Option<Function>,
    ) -> Result<Float64Array, JsError> {
        let metric = window_metric(metric)?;
        let mut progress = JsProgress::new(on_progress);
        let scores = self
            .timeline(width)?
            .scores(self.analysis()?, window as usize, metric, &mut progress)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Float64Array::from(scores.as_slice()))
    }

    /// Scores and ranks of the given accounts in every window.
    #[wasm_bindgen(unchecked_return_type = "TrajectoryObject[]")]
    pub fn trajectories(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WindowWidthId")] width: &str,
        #[wasm_bindgen(unchecked_param_type = "WindowMetricId")] metric: &str,
        account_ids: Vec<String>,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let metric = window_metric(metric)?;
        let analysis = self.analysis()?;
        let accounts = account_ids
            .iter()
            .map(|id| find_account(analysis.network(), id))
            .collect::<Result<Vec<_>, _>>()?;
        let mut progress = JsProgress::new(on_progress);
        let trajectories = self
            .timeline(width)?
            .trajectories(analysis, metric, &accounts, &mut progress)
            .map_err(|e| JsError::new(&e.to_string()))?;
        trajectories_to_js(&trajectories)
    }

    /// Every group's summed score and rank among groups in every window (groups as in `groups`).
    #[wasm_bindgen(js_name = groupTrajectories, unchecked_return_type = "TrajectoryObject[]")]
    pub fn group_trajectories(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WindowWidthId")] width: &str,
        #[wasm_bindgen(unchecked_param_type = "WindowMetricId")] metric: &str,
        by: &str,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let metric = window_metric(metric)?;
        let analysis = self.analysis()?;
        let mut progress = JsProgress::new(on_progress);
        let grouping = Grouping::of(analysis, &GroupBy::resolve(analysis.network(), by), &mut progress)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let trajectories = self
            .timeline(width)?
            .group_trajectories(analysis, metric, &grouping, &mut progress)
            .map_err(|e| JsError::new(&e.to_string()))?;
        trajectories_to_js(&trajectories)
    }

    /// The `top` (default 10) biggest risers and fallers in rank from window `from` to `to`.
    #[wasm_bindgen(unchecked_return_type = "MoversObject")]
    pub fn movers(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WindowWidthId")] width: &str,
        #[wasm_bindgen(unchecked_param_type = "WindowMetricId")] metric: &str,
        from: u32,
        to: u32,
        top: Option<u32>,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let metric = window_metric(metric)?;
        let mut progress = JsProgress::new(on_progress);
        let movers = self
            .timeline(width)?
            .movers(
                self.analysis()?,
                metric,
                from as usize,
                to as usize,
                top.map_or(10, |t| t as usize),
                &mut progress,
            )
            .map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&movers)
    }
}

impl Session {
    fn analysis_mut(&mut self) -> Result<&mut Analysis, JsError> {
        match &mut self.state {
            State::Ready(analysis) => Ok(analysis),
            _ => Err(JsError::new("no network yet: call finish() after the files")),
        }
    }

    fn timeline(&self, width: &str) -> Result<Timeline, JsError> {
        let width = WindowWidth::parse(width)
            .ok_or_else(|| JsError::new(&format!("unknown window '{width}'; expected day, week or month")))?;
        Timeline::new(self.analysis()?.network(), width).map_err(|e| JsError::new(&e.to_string()))
    }
}

fn kind_weights_object(weights: &KindWeights) -> BTreeMap<Kind, f64> {
    Kind::ALL
        .into_iter()
        .map(|kind| (kind, weights.get(kind)))
        .collect()
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("bad {what}: {e}")))
}

/// Reads a plain JS object through serde; `undefined` or `null` is the default.
fn from_js_or_default<T: serde::de::DeserializeOwned + Default>(
    value: JsValue,
    what: &str,
) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        from_js(value, what)
    }
}

/// Pillar weights from `{reach, amplification, conversation, network}`, checked like the
/// metric's parameters.
fn weights_from_map(given: BTreeMap<String, f64>) -> Result<IndexWeights, JsError> {
    let params = Params(
        given
            .into_iter()
            .map(|(k, v)| (k, ParamValue::Number(v)))
            .collect(),
    );
    let info = &influence_index::METRIC.info;
    params
        .check_known(info)
        .and_then(|()| IndexWeights::from_params(&params))
        .map_err(|e| JsError::new(&e.to_string()))
}

fn index_weights(weights: JsValue) -> Result<IndexWeights, JsError> {
    weights_from_map(from_js_or_default(weights, "index weights")?)
}

fn find_account(network: &Network, id: &str) -> Result<AccountIdx, JsError> {
    account_by_id(network, id).ok_or_else(|| JsError::new(&format!("no account with id '{id}'")))
}

fn window_metric(id: &str) -> Result<WindowMetric, JsError> {
    WindowMetric::parse(id).ok_or_else(|| {
        JsError::new(&format!(
            "unknown window metric '{id}'; expected pagerank, in_degree or in_strength"
        ))
    })
}

fn trajectories_to_js(trajectories: &[Trajectory]) -> Result<JsValue, JsError> {
    let list = Array::new();
    for trajectory in trajectories {
        let entry = Object::new();
        set(&entry, "index", &JsValue::from(trajectory.index))?;
        set(&entry, "name", &JsValue::from_str(&trajectory.name))?;
        set(
            &entry,
            "scores",
            &Float64Array::from(trajectory.scores.as_slice()).into(),
        )?;
        set(
            &entry,
            "ranks",
            &Uint32Array::from(trajectory.ranks.as_slice()).into(),
        )?;
        list.push(&entry);
    }
    Ok(list.into())
}
