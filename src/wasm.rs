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
use crate::export::{self, gexf, Names, ReportContext};
use crate::ingest::{FileReport, Ingest, Warning};
use crate::layout::{ForceAtlas2, Settings as LayoutSettings, SettingsPatch};
use crate::metrics::{self, MetricInfo, ParamValue, Params};
use crate::network::NetworkSummary;
use crate::progress::Progress;
use crate::scores::{self, ScoreTable};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A metric's result: one value per account, in account order, and figures about the run. */
export interface MetricResult {
  values: Float64Array;
  details: { id: string; name: string; value: number }[];
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
