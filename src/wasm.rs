//! The JavaScript façade: the only module that knows wasm-bindgen, js-sys, web-sys and
//! serde-wasm-bindgen. It is an adapter over the core [`session::Session`]: each method
//! reads its arguments from JS, calls the session, and sends the answer back (the
//! shapes of `src/api.rs` and the core's, whose TypeScript is generated into
//! `www/src/generated/api.ts`). It adds no behaviour: settings, caching, defaults and
//! validation are the session's. Large arrays leave as typed arrays; small objects as
//! plain JS objects through serde.
//!
//! The Web Worker (`www/src/worker.ts`) owns one [`Session`]: it may apply an analysis
//! file, pushes file chunks, finishes, then asks for answers. web-sys gives the façade
//! the two browser APIs it needs: `console.error` for the panic hook and the worker's
//! `performance.now()` for the clock of the time budgets.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Display;

use js_sys::{Array, Float32Array, Float64Array, Function, JsString, Uint32Array, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::api::{self, Floats, U32s};
use crate::coordination::CoordinationOptions;
use crate::explain::ExplainOptions;
use crate::ingest::{self, FileOptions, RandomAccess, TableOptions};
use crate::layout::SettingsPatch;
use crate::metrics::{self, MetricInfo, MetricOutput, ParamValue, Params};
use crate::network::Kind;
use crate::progress::{Progress, Throttled};
use crate::scores::ScoreTable;
use crate::session::{self, AnalysisFile, DEFAULT_GROUP_TOP, DEFAULT_MOVERS_TOP, DEFAULT_TOPICS_TOP};
use crate::timeline::{WindowMetric, WindowWidth};

/// The generated declarations the signatures below name.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"import type * as api from '../generated/api';"#;

impl Serialize for Floats {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_wasm_bindgen::preserve::serialize(&Float64Array::from(self.0.as_slice()), serializer)
    }
}

impl Serialize for U32s {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_wasm_bindgen::preserve::serialize(&Uint32Array::from(self.0.as_slice()), serializer)
    }
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps the message of a panic so the worker can show it after catching the trap
/// (a panic aborts the wasm instance; the worker then restarts).
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&message));
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(message));
    }));
}

/// The message of the panic that aborted the module, if one did.
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow().clone())
}

/// Every metric's description, for the page's columns and forms.
#[wasm_bindgen(unchecked_return_type = "api.MetricInfo[]")]
pub fn catalogue() -> Result<JsValue, JsError> {
    let infos: Vec<&MetricInfo> = metrics::catalogue().iter().map(|m| &m.info).collect();
    to_js(&infos)
}

/// Account indices by `values`, highest first, ties in account order: the same order
/// the command-line tool prints.
#[wasm_bindgen(js_name = rankDescending)]
pub fn rank_descending(values: &[f64]) -> Uint32Array {
    Uint32Array::from(session::Session::ranking(values).as_slice())
}

/// The guess for a table from its first bytes (`options` re-guesses under an explicit
/// delimiter, header or mapping): delimiter, header, shape, a role per column and the first rows.
#[wasm_bindgen(js_name = previewTable, unchecked_return_type = "api.TablePreview")]
pub fn preview_table(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "api.TableOptions | null | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let options: TableOptions = from_js_or_default(options, "table options")?;
    to_js(&ingest::preview_table_with(bytes, &options))
}

/// Whether a file starting with these bytes must go through `Session.ingestArchive`
/// (a ZIP, which needs random access) rather than `beginFile`/`push`/`endFile`.
#[wasm_bindgen(js_name = needsRandomAccess)]
pub fn needs_random_access(head: &[u8]) -> bool {
    ingest::needs_random_access(head)
}

/// Checks an analysis file without applying it: the files it names and its kind
/// weights, or why it cannot be read (nothing changes either way).
#[wasm_bindgen(js_name = readAnalysis, unchecked_return_type = "api.OpenedAnalysis")]
pub fn read_analysis(text: &str) -> Result<JsValue, JsError> {
    to_js(&opened(&AnalysisFile::parse(text).map_err(fail)?))
}

fn opened(settings: &session::Settings) -> api::OpenedAnalysis {
    let files = settings
        .files
        .iter()
        .map(|f| api::NamedFile {
            name: f.name.clone(),
            size: f.size as f64,
            sha256: f.sha256.clone(),
        })
        .collect();
    api::OpenedAnalysis {
        files,
        kind_weights: kind_weight_map(&settings.kind_weights),
    }
}

/// One analysis: files pushed in, then answers, layout and exports out.
#[wasm_bindgen]
pub struct Session {
    session: session::Session,
    positions: Vec<f32>,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

/// Reading files.
#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        install_panic_hook();
        Session {
            session: session::Session::new(),
            positions: Vec::new(),
        }
    }

    /// Replays an analysis file (the JSON that `settings()` gives, or `attache score
    /// --save-settings` writes) before the files are read: checked whole, applied whole.
    /// Returns the files it names, to ask the reader for.
    #[wasm_bindgen(js_name = applyAnalysis, unchecked_return_type = "api.OpenedAnalysis")]
    pub fn apply_analysis(&mut self, text: &str) -> Result<JsValue, JsError> {
        let settings = AnalysisFile::parse(text).map_err(fail)?;
        let answer = opened(&settings);
        self.session.apply(settings).map_err(fail)?;
        to_js(&answer)
    }

    /// Sets the most memory ingest may hold, in bytes (undefined or 0: no limit).
    #[wasm_bindgen(js_name = setMemoryBudget)]
    pub fn set_memory_budget(&mut self, bytes: Option<f64>) -> Result<(), JsError> {
        let budget = match bytes {
            None => None,
            Some(b) if b.is_finite() && b >= 0.0 => Some(b as u64).filter(|&b| b > 0),
            Some(b) => return Err(fail(format!("the memory budget must be a byte count, got {b}"))),
        };
        self.session.set_memory_budget(budget).map_err(fail)
    }

    #[wasm_bindgen(js_name = memoryEstimate)]
    pub fn memory_estimate(&mut self) -> Result<f64, JsError> {
        Ok(self.session.memory_estimate().map_err(fail)? as f64)
    }

    #[wasm_bindgen(js_name = budgetReached)]
    pub fn budget_reached(&mut self) -> Result<bool, JsError> {
        self.session.budget_reached().map_err(fail)
    }

    /// Leaves out interactions of these kinds from the files read from now on.
    #[wasm_bindgen(js_name = leaveOutKinds)]
    pub fn leave_out_kinds(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "api.Kind[]")] kinds: Vec<String>,
    ) -> Result<(), JsError> {
        let kinds = kinds
            .iter()
            .map(|id| Kind::from_id(id))
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        self.session.leave_out_kinds(&kinds).map_err(fail)
    }

    /// Starts a file, read as `options` say (else as the applied analysis file says, else
    /// by detection).
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(
        &mut self,
        name: &str,
        #[wasm_bindgen(unchecked_param_type = "api.FileOptions | null | undefined")] options: JsValue,
    ) -> Result<(), JsError> {
        let options: Option<FileOptions> = from_js_or_default(options, "file options")?;
        self.session.begin_file(name, options).map_err(fail)
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.session.push(chunk).map_err(fail)
    }

    #[wasm_bindgen(js_name = endFile, unchecked_return_type = "api.FileReport")]
    pub fn end_file(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.session.end_file().map_err(fail)?)
    }

    /// Reads a ZIP archive of `size` bytes by random access: `readAt(offset, length)` must
    /// return a `Uint8Array` of exactly `length` bytes from `offset`. Returns the archive's
    /// report, then one per member read.
    #[wasm_bindgen(js_name = ingestArchive, unchecked_return_type = "api.FileReport[]")]
    pub fn ingest_archive(&mut self, name: &str, size: f64, read_at: Function) -> Result<JsValue, JsError> {
        let mut source = js_source(size, read_at)?;
        to_js(&self.session.ingest_archive(name, &mut source).map_err(fail)?)
    }

    /// Before reading a file of `size` bytes: when its content repeats a file read before,
    /// records it as not read again and returns its report (the caller skips it); else
    /// null. Only a file of an earlier file's size is read here (`readAt` as for archives).
    #[wasm_bindgen(js_name = skipIfRepeat, unchecked_return_type = "api.FileReport | null")]
    pub fn skip_if_repeat(&mut self, name: &str, size: f64, read_at: Function) -> Result<JsValue, JsError> {
        let mut source = js_source(size, read_at)?;
        match self.session.skip_if_repeat(name, &mut source).map_err(fail)? {
            Some(report) => to_js(&report),
            None => Ok(JsValue::NULL),
        }
    }

    /// Ends reading and builds the network; returns counts, warnings and file reports.
    #[wasm_bindgen(unchecked_return_type = "api.LoadSummary")]
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let summary = self.session.finish().map_err(fail)?;
        to_js(&api::LoadSummary {
            network: summary.network,
            warnings: summary.warnings,
            files: summary.files,
        })
    }
}

/// Settings.
#[wasm_bindgen]
impl Session {
    /// The settings in force: kind weights, the methods line of `lenses`, the analysis file.
    #[wasm_bindgen(unchecked_return_type = "api.SettingsView")]
    pub fn settings(&self, lenses: Vec<String>) -> Result<JsValue, JsError> {
        let lenses: Vec<&str> = lenses.iter().map(String::as_str).collect();
        to_js(&api::SettingsView {
            kind_weights: kind_weight_map(&self.session.kind_weights()),
            methods: self.session.methods_line(&lenses),
            analysis_file: self.session.settings().to_json(),
        })
    }

    /// How much each kind counts now.
    #[wasm_bindgen(js_name = kindWeights, unchecked_return_type = "Record<api.Kind, number>")]
    pub fn kind_weights(&self) -> Result<JsValue, JsError> {
        to_js(&kind_weight_map(&self.session.kind_weights()))
    }

    /// Sets how much each kind counts (kinds left out keep theirs). Returns whether the
    /// weights changed: then every column is computed afresh and the layout starts again.
    #[wasm_bindgen(js_name = setKindWeights)]
    pub fn set_kind_weights(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Partial<Record<api.Kind, number>>")] given: JsValue,
    ) -> Result<bool, JsError> {
        let given: BTreeMap<String, f64> = from_js(given, "kind weights")?;
        let mut weights = self.session.kind_weights();
        for (id, weight) in given {
            weights.set(Kind::from_id(&id).map_err(fail)?, weight);
        }
        self.session.set_kind_weights(weights).map_err(fail)
    }

    /// Metric `metric`'s parameters, by id (numbers, or arrays of account ids); an empty
    /// object restores the defaults. For `influence_index`, its pillar weights.
    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(
        &mut self,
        metric: &str,
        #[wasm_bindgen(unchecked_param_type = "Record<string, api.ParamValue>")] params: JsValue,
    ) -> Result<(), JsError> {
        let params = Params(from_js_or_default(params, "parameters")?);
        self.session.set_params(metric, params).map_err(fail)
    }

    /// The parameters set for `metric` (those left out take their defaults).
    #[wasm_bindgen(unchecked_return_type = "Record<string, api.ParamValue>")]
    pub fn params(&self, metric: &str) -> Result<JsValue, JsError> {
        to_js(&self.session.params(metric).0)
    }

    /// Names accounts by aliases keyed by `salt` in exports, or by their names (null).
    #[wasm_bindgen(js_name = setPseudonyms)]
    pub fn set_pseudonyms(&mut self, salt: Option<String>) {
        self.session.set_pseudonyms(salt);
    }
}

/// Answers.
#[wasm_bindgen]
impl Session {
    /// Account ids, as the input gave them, in account order.
    #[wasm_bindgen(js_name = accountIds, unchecked_return_type = "string[]")]
    pub fn account_ids(&self) -> Result<Array, JsError> {
        let accounts = &self.session.network().map_err(fail)?.accounts;
        Ok(accounts.iter().map(|a| JsString::from(a.id.as_str())).collect())
    }

    /// Display labels in account order.
    #[wasm_bindgen(js_name = accountLabels, unchecked_return_type = "string[]")]
    pub fn account_labels(&self) -> Result<Array, JsError> {
        let accounts = &self.session.network().map_err(fail)?.accounts;
        Ok(accounts
            .iter()
            .map(|a| JsString::from(a.display_label()))
            .collect())
    }

    /// Metric `id` under the parameters in force (computed once and kept).
    #[wasm_bindgen(unchecked_return_type = "api.MetricColumn")]
    pub fn column(&self, id: &str, on_progress: Option<Function>) -> Result<JsValue, JsError> {
        let column = self
            .session
            .column(id, &mut progress(on_progress))
            .map_err(fail)?;
        metric_column(&column)
    }

    /// Runs metric `id` once with these parameters, keeping nothing, and returns the
    /// milliseconds it took by the worker's clock (the betweenness time budget times a
    /// sample this way). Timed here, so that copying a column out to JavaScript, which the
    /// budgeted run does not repeat per source, is not counted.
    #[wasm_bindgen(js_name = timeTrial)]
    pub fn time_trial(
        &self,
        id: &str,
        #[wasm_bindgen(unchecked_param_type = "Record<string, api.ParamValue>")] params: JsValue,
    ) -> Result<f64, JsError> {
        let params = Params(from_js_or_default::<BTreeMap<String, ParamValue>>(
            params,
            "parameters",
        )?);
        let clock = clock()?;
        let start = clock.now();
        self.session
            .trial(id, &params, &mut crate::progress::Silent)
            .map_err(fail)?;
        Ok(clock.now() - start)
    }

    /// The influence index under the weights in force, with every pillar's values.
    #[wasm_bindgen(js_name = influenceIndex, unchecked_return_type = "api.IndexColumn")]
    pub fn influence_index(&self, on_progress: Option<Function>) -> Result<JsValue, JsError> {
        let index = self
            .session
            .influence_index(&mut progress(on_progress))
            .map_err(fail)?;
        let pillars = index
            .pillars
            .iter()
            .map(|p| api::PillarColumn {
                pillar: p.pillar,
                present: p.present,
                source: p.source.to_owned(),
                weight: p.weight,
                accounts_with_value: p.accounts_with_value,
                raw: Floats(p.raw.clone()),
                percentile: Floats(p.percentile.clone()),
            })
            .collect();
        to_js(&api::IndexColumn {
            values: Floats(index.values.clone()),
            pillars,
            missing: index.missing(),
        })
    }

    /// Why `account` scores as it does: pillars, ranks under each lens, and the
    /// in-neighbours passing it the most PageRank.
    #[wasm_bindgen(unchecked_return_type = "api.Explanation")]
    pub fn explain(
        &self,
        account: u32,
        lenses: Option<Vec<String>>,
        contributors: Option<u32>,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let account = self.session.account_index(account).map_err(fail)?;
        let mut options = ExplainOptions {
            lenses,
            ..ExplainOptions::default()
        };
        if let Some(contributors) = contributors {
            options.contributors = contributors as usize;
        }
        let explanation = self
            .session
            .explain(account, &options, &mut progress(on_progress))
            .map_err(fail)?;
        to_js(&explanation)
    }

    /// Accounts grouped by `by`: a node attribute some account has, else a metric id.
    #[wasm_bindgen(unchecked_return_type = "api.Groups")]
    pub fn groups(
        &self,
        by: &str,
        top: Option<u32>,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let top = top.map_or(DEFAULT_GROUP_TOP, |t| t as usize);
        let (group_by, grouping, report) = self
            .session
            .groups(by, top, &mut progress(on_progress))
            .map_err(fail)?;
        let source = match group_by {
            crate::groups::GroupBy::Attribute(_) => api::GroupSource::Attribute,
            crate::groups::GroupBy::Metric(_) => api::GroupSource::Metric,
        };
        to_js(&api::Groups {
            report,
            source,
            membership: U32s(grouping.of_account),
        })
    }

    /// Topics of each group of `by`, in group order.
    #[wasm_bindgen(js_name = groupTopics, unchecked_return_type = "api.GroupTopics[]")]
    pub fn group_topics(
        &self,
        by: &str,
        top: Option<u32>,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let top = top.map_or(DEFAULT_TOPICS_TOP, |t| t as usize);
        let lists = self
            .session
            .group_topics(by, top, &mut progress(on_progress))
            .map_err(fail)?;
        let entries: Vec<api::GroupTopics> = lists
            .into_iter()
            .map(|(name, topics)| api::GroupTopics { name, topics })
            .collect();
        to_js(&entries)
    }

    /// Top hashtags, domains and languages of one account's posts, or of every post.
    #[wasm_bindgen(unchecked_return_type = "api.Topics")]
    pub fn topics(&self, account: Option<u32>, top: Option<u32>) -> Result<JsValue, JsError> {
        let account = account
            .map(|a| self.session.account_index(a))
            .transpose()
            .map_err(fail)?;
        let top = top.map_or(DEFAULT_TOPICS_TOP, |t| t as usize);
        to_js(&self.session.topics(account, top).map_err(fail)?)
    }

    /// The windows of `width` over the timed interactions.
    #[wasm_bindgen(unchecked_return_type = "api.Windows")]
    pub fn windows(
        &self,
        #[wasm_bindgen(unchecked_param_type = "api.WindowWidth")] width: &str,
    ) -> Result<JsValue, JsError> {
        let timeline = self.session.timeline(window_width(width)?).map_err(fail)?;
        to_js(&api::Windows::of(&timeline))
    }

    /// `metric` of every account on window `window`'s sub-network.
    #[wasm_bindgen(js_name = windowScores)]
    pub fn window_scores(
        &self,
        #[wasm_bindgen(unchecked_param_type = "api.WindowWidth")] width: &str,
        window: u32,
        #[wasm_bindgen(unchecked_param_type = "api.WindowMetric")] metric: &str,
        on_progress: Option<Function>,
    ) -> Result<Float64Array, JsError> {
        let scores = self
            .session
            .window_scores(
                window_width(width)?,
                window as usize,
                window_metric(metric)?,
                &mut progress(on_progress),
            )
            .map_err(fail)?;
        Ok(Float64Array::from(scores.as_slice()))
    }

    /// Scores and ranks of the given accounts in every window.
    #[wasm_bindgen(unchecked_return_type = "api.Trajectory[]")]
    pub fn trajectories(
        &self,
        #[wasm_bindgen(unchecked_param_type = "api.WindowWidth")] width: &str,
        #[wasm_bindgen(unchecked_param_type = "api.WindowMetric")] metric: &str,
        accounts: Vec<u32>,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let accounts = accounts
            .into_iter()
            .map(|a| self.session.account_index(a))
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        let trajectories = self
            .session
            .trajectories(
                window_width(width)?,
                window_metric(metric)?,
                &accounts,
                &mut progress(on_progress),
            )
            .map_err(fail)?;
        trajectories_to_js(trajectories)
    }

    /// Every group's summed score and rank among groups in every window.
    #[wasm_bindgen(js_name = groupTrajectories, unchecked_return_type = "api.Trajectory[]")]
    pub fn group_trajectories(
        &self,
        #[wasm_bindgen(unchecked_param_type = "api.WindowWidth")] width: &str,
        #[wasm_bindgen(unchecked_param_type = "api.WindowMetric")] metric: &str,
        by: &str,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let trajectories = self
            .session
            .group_trajectories(
                window_width(width)?,
                window_metric(metric)?,
                by,
                &mut progress(on_progress),
            )
            .map_err(fail)?;
        trajectories_to_js(trajectories)
    }

    /// The biggest risers and fallers in rank from window `from` to `to`.
    #[wasm_bindgen(unchecked_return_type = "api.Movers")]
    pub fn movers(
        &self,
        #[wasm_bindgen(unchecked_param_type = "api.WindowWidth")] width: &str,
        #[wasm_bindgen(unchecked_param_type = "api.WindowMetric")] metric: &str,
        from: u32,
        to: u32,
        top: Option<u32>,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let top = top.map_or(DEFAULT_MOVERS_TOP, |t| t as usize);
        let windows = (from as usize, to as usize);
        let movers = self
            .session
            .movers(
                window_width(width)?,
                window_metric(metric)?,
                windows,
                top,
                &mut progress(on_progress),
            )
            .map_err(fail)?;
        to_js(&movers)
    }

    /// The snapshot's edges (actor → target, merged and weighted) and every account's
    /// neighbours in either direction, for the map.
    #[wasm_bindgen(unchecked_return_type = "api.Edges")]
    pub fn edges(&self) -> Result<JsValue, JsError> {
        let graph = self.session.analysis().map_err(fail)?.graph();
        let sources = (0..graph.node_count())
            .flat_map(|node| std::iter::repeat_n(node as u32, graph.out.degree(node)))
            .collect();
        let undirected = graph.undirected();
        to_js(&api::Edges {
            sources: U32s(sources),
            targets: U32s(graph.out.neighbours.clone()),
            weights: Floats(graph.out.weights.clone()),
            neighbour_offsets: U32s(undirected.offsets.clone()),
            neighbours: U32s(undirected.neighbours.clone()),
        })
    }

    /// An account's neighbours in both directions, with the merged weights.
    #[wasm_bindgen(unchecked_return_type = "api.Neighbours")]
    pub fn neighbours(&self, account: u32) -> Result<JsValue, JsError> {
        let node = self.session.account_index(account).map_err(fail)? as usize;
        let graph = self.session.analysis().map_err(fail)?.graph();
        to_js(&api::Neighbours {
            incoming: U32s(graph.inc.neighbours(node).to_vec()),
            incoming_weights: Floats(graph.inc.weights(node).to_vec()),
            outgoing: U32s(graph.out.neighbours(node).to_vec()),
            outgoing_weights: Floats(graph.out.weights(node).to_vec()),
        })
    }

    /// The attribute keys any account has (country, category, ...), sorted.
    #[wasm_bindgen(js_name = attributeKeys)]
    pub fn attribute_keys(&self) -> Result<Vec<String>, JsError> {
        self.session.attribute_keys().map_err(fail)
    }

    /// The columns imported with the accounts (a scores table), described as the
    /// catalogue describes metrics; `column` serves them by their ids.
    #[wasm_bindgen(js_name = importedColumns, unchecked_return_type = "api.ImportedColumnInfo[]")]
    pub fn imported_columns(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.imported_columns().map_err(fail)?)
    }

    /// One attribute as categories: sorted distinct values and one code per account.
    #[wasm_bindgen(unchecked_return_type = "api.Attribute")]
    pub fn attribute(&self, key: &str) -> Result<JsValue, JsError> {
        let column = self.session.attribute(key).map_err(fail)?;
        to_js(&api::Attribute {
            values: column.values,
            codes: U32s(column.codes),
        })
    }

    /// Stable aliases ("Account 0042") for every account, keyed by `salt`.
    pub fn aliases(&self, salt: &str) -> Result<Vec<String>, JsError> {
        self.session.aliases(salt).map_err(fail)
    }

    /// The owner's view of an account export (posts that travelled, whom it engages, its
    /// months), or null for collections. Accounts carry their index: the page names them.
    #[wasm_bindgen(js_name = ownerView, unchecked_return_type = "api.OwnerView | null")]
    pub fn owner_view(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.owner_view().map_err(fail)?)
    }

    /// Reading's warnings under the naming in force (`setPseudonyms`): under pseudonyms
    /// the names they quote are aliases or hidden.
    #[wasm_bindgen(unchecked_return_type = "api.Warning[]")]
    pub fn warnings(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.named_warnings().map_err(fail)?)
    }
}

/// How the network holds together, and how attention travels in it.
#[wasm_bindgen]
impl Session {
    /// Components, strong components, reciprocity, density and whether attention can go
    /// round in a cycle, under the kind weights in force.
    #[wasm_bindgen(unchecked_return_type = "api.Structure")]
    pub fn structure(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.structure().map_err(fail)?)
    }

    /// Whether `account` holds parts of the network together: the parts its component
    /// falls into without it, and the accounts across the bridges it touches.
    #[wasm_bindgen(unchecked_return_type = "api.Gatekeeping")]
    pub fn gatekeeping(&self, account: u32) -> Result<JsValue, JsError> {
        to_js(&self.session.gatekeeping(account).map_err(fail)?)
    }

    /// The path of attention from account `from` to account `to` (indices): the shortest
    /// chain of interactions along their direction, the strongest among the shortest,
    /// each step's interactions by kind; `hops` null when there is none.
    #[wasm_bindgen(js_name = attentionPath, unchecked_return_type = "api.AttentionPath")]
    pub fn attention_path(&self, from: u32, to: u32) -> Result<JsValue, JsError> {
        to_js(&self.session.attention_path(from, to).map_err(fail)?)
    }
}

/// Computing in parts across the page's worker pool (see `metrics::split`): the owner
/// asks how a column splits, hands out its snapshot and blocks, computes blocks too, and
/// keeps the column from the parts, the same bits as [`Session::column`].
#[wasm_bindgen]
impl Session {
    /// How many blocks metric `metric`'s column splits into under the settings in force;
    /// undefined when it does not split or is kept already.
    #[wasm_bindgen(js_name = splitPlan)]
    pub fn split_plan(&self, metric: &str) -> Result<Option<u32>, JsError> {
        let blocks = self.session.split_plan(metric).map_err(fail)?;
        Ok(blocks.map(|count| count as u32))
    }

    /// Block `block` of metric `metric`'s split, computed here.
    #[wasm_bindgen(js_name = runBlock)]
    pub fn run_block(
        &self,
        metric: &str,
        block: u32,
        on_progress: Option<Function>,
    ) -> Result<Float64Array, JsError> {
        let part = self
            .session
            .run_block(metric, block as usize, &mut progress(on_progress))
            .map_err(fail)?;
        Ok(Float64Array::from(part.as_slice()))
    }

    /// Keeps metric `metric`'s column from the parts of every block, in block order.
    #[wasm_bindgen(js_name = acceptBlocks, unchecked_return_type = "api.MetricColumn")]
    pub fn accept_blocks(
        &self,
        metric: &str,
        #[wasm_bindgen(unchecked_param_type = "Float64Array[]")] parts: Array,
    ) -> Result<JsValue, JsError> {
        let parts = float_parts(parts)?;
        let column = self.session.accept_blocks(metric, parts).map_err(fail)?;
        metric_column(&column)
    }

    /// The key of the snapshot blocks run on: it changes exactly when the snapshot does, so
    /// a helper holding the copy of that key needs no new one.
    #[wasm_bindgen(js_name = snapshotKey)]
    pub fn snapshot_key(&self) -> Result<String, JsError> {
        Ok(self.session.snapshot().map_err(fail)?.1)
    }

    /// A copy of the snapshot for helper workers ([`Snapshot`]), with its key.
    #[wasm_bindgen(js_name = snapshotParts, unchecked_return_type = "api.SnapshotParts")]
    pub fn snapshot_parts(&self) -> Result<JsValue, JsError> {
        let (graph, key) = self.session.snapshot().map_err(fail)?;
        to_js(&api::SnapshotParts {
            key,
            node_count: graph.node_count(),
            offsets: U32s(graph.out.offsets.clone()),
            neighbours: U32s(graph.out.neighbours.clone()),
            weights: Floats(graph.out.weights.clone()),
        })
    }
}

/// A timeline's windows scored across the page's pool (see `timeline::WindowEdges`): the
/// owner asks whether a width's PageRank splits, hands out the windows' copy, computes
/// windows too, and keeps every window's scores, which `trajectories`, `groupTrajectories`
/// and `movers` then read: the same bits as computing them here.
#[wasm_bindgen]
impl Session {
    /// How many windows `metric` over windows of `width` splits into; undefined when it
    /// does not split (not PageRank, one window, too large to keep) or is kept already.
    #[wasm_bindgen(js_name = windowSplitPlan)]
    pub fn window_split_plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "api.WindowWidth")] width: &str,
        #[wasm_bindgen(unchecked_param_type = "api.WindowMetric")] metric: &str,
    ) -> Result<Option<u32>, JsError> {
        let plan = self
            .session
            .window_split_plan(window_width(width)?, window_metric(metric)?)
            .map_err(fail)?;
        Ok(plan.map(|windows| windows as u32))
    }

    /// The key of the windows' copy: it changes exactly when a window's PageRank would.
    #[wasm_bindgen(js_name = windowKey)]
    pub fn window_key(
        &self,
        #[wasm_bindgen(unchecked_param_type = "api.WindowWidth")] width: &str,
    ) -> Result<String, JsError> {
        self.session.window_key(window_width(width)?).map_err(fail)
    }

    /// Every window's edges and the PageRank settings, for helper workers ([`WindowCopy`]).
    #[wasm_bindgen(js_name = windowParts, unchecked_return_type = "api.WindowParts")]
    pub fn window_parts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "api.WindowWidth")] width: &str,
    ) -> Result<JsValue, JsError> {
        let width = window_width(width)?;
        let (copy, pagerank) = self.session.window_copy(width).map_err(fail)?;
        to_js(&api::WindowParts {
            key: self.session.window_key(width).map_err(fail)?,
            node_count: copy.node_count,
            offsets: U32s(copy.offsets),
            actors: U32s(copy.actors),
            targets: U32s(copy.targets),
            weights: Floats(copy.weights),
            interactions: U32s(copy.interactions),
            alpha: pagerank.settings.alpha,
            tolerance: pagerank.settings.tolerance,
            max_iterations: pagerank.settings.max_iterations,
            seeds: U32s(pagerank.seeds),
        })
    }

    /// Window `window`'s PageRank computed here (empty for an empty window).
    #[wasm_bindgen(js_name = runWindow)]
    pub fn run_window(
        &self,
        #[wasm_bindgen(unchecked_param_type = "api.WindowWidth")] width: &str,
        window: u32,
        on_progress: Option<Function>,
    ) -> Result<Float64Array, JsError> {
        let scores = self
            .session
            .run_window(window_width(width)?, window as usize, &mut progress(on_progress))
            .map_err(fail)?;
        Ok(Float64Array::from(scores.as_slice()))
    }

    /// Keeps every window's PageRank from the parts, in window order.
    #[wasm_bindgen(js_name = acceptWindows)]
    pub fn accept_windows(
        &self,
        #[wasm_bindgen(unchecked_param_type = "api.WindowWidth")] width: &str,
        #[wasm_bindgen(unchecked_param_type = "Float64Array[]")] parts: Array,
    ) -> Result<(), JsError> {
        let parts = float_parts(parts)?;
        self.session
            .accept_windows(window_width(width)?, parts)
            .map_err(fail)
    }
}

/// A helper worker's copy of every window's edges: it scores the windows it is sent with
/// the owner's PageRank settings, so the owner keeps exactly what it would have computed.
#[wasm_bindgen]
pub struct WindowCopy {
    edges: crate::timeline::WindowEdges,
    pagerank: metrics::pagerank::Seeded,
}

#[wasm_bindgen]
impl WindowCopy {
    /// The copy from the arrays of [`Session::window_parts`] (checked: a bad copy is
    /// refused, not computed on).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        node_count: u32,
        offsets: Vec<u32>,
        actors: Vec<u32>,
        targets: Vec<u32>,
        weights: Vec<f64>,
        interactions: Vec<u32>,
        alpha: f64,
        tolerance: f64,
        max_iterations: u32,
        seeds: Vec<u32>,
    ) -> Result<WindowCopy, JsError> {
        install_panic_hook();
        let edges = crate::timeline::WindowEdges::new(
            node_count as usize,
            offsets,
            actors,
            targets,
            weights,
            interactions,
        )
        .map_err(fail)?;
        let settings = metrics::pagerank::Settings {
            alpha,
            tolerance,
            max_iterations: max_iterations as usize,
        };
        let pagerank =
            metrics::pagerank::Seeded::checked(settings, seeds, node_count as usize).map_err(fail)?;
        Ok(WindowCopy { edges, pagerank })
    }

    /// Window `window`'s PageRank (empty for an empty window), reporting progress as the
    /// window's share of all windows and stopping when `on_progress` asks.
    #[wasm_bindgen(js_name = runWindow)]
    pub fn run_window(&self, window: u32, on_progress: Option<Function>) -> Result<Float64Array, JsError> {
        let scores = self
            .edges
            .pagerank(window as usize, &self.pagerank, &mut progress(on_progress))
            .map_err(fail)?;
        Ok(Float64Array::from(scores.as_slice()))
    }
}

/// A helper worker's copy of the owner's snapshot: it computes blocks of the metrics that
/// split, planned from the same parameters, so the owner merges exactly what it would
/// have computed itself.
#[wasm_bindgen]
pub struct Snapshot {
    graph: crate::csr::Csr,
    /// The split last planned, by metric and parameter key.
    planned: metrics::split::LastPlan,
}

#[wasm_bindgen]
impl Snapshot {
    /// The snapshot from the arrays of [`Session::snapshot_parts`] (checked: a bad copy
    /// is refused, not computed on).
    #[wasm_bindgen(constructor)]
    pub fn new(
        node_count: u32,
        offsets: Vec<u32>,
        neighbours: Vec<u32>,
        weights: Vec<f64>,
    ) -> Result<Snapshot, JsError> {
        install_panic_hook();
        let out = crate::csr::Adjacency {
            offsets,
            neighbours,
            weights,
        };
        let graph = crate::csr::Csr::from_out(node_count as usize, out).map_err(fail)?;
        Ok(Snapshot {
            graph,
            planned: metrics::split::LastPlan::default(),
        })
    }

    /// Block `block` of metric `metric` with `params` (as the owner's `params(metric)`
    /// gives them), reporting progress and stopping when `on_progress` asks.
    #[wasm_bindgen(js_name = runBlock)]
    pub fn run_block(
        &self,
        metric: &str,
        #[wasm_bindgen(unchecked_param_type = "Record<string, api.ParamValue>")] params: JsValue,
        block: u32,
        on_progress: Option<Function>,
    ) -> Result<Float64Array, JsError> {
        let split = self.plan(metric, Params(from_js_or_default(params, "parameters")?))?;
        let part = split
            .run_block_reporting(&self.graph, block as usize, &mut progress(on_progress))
            .map_err(fail)?;
        Ok(Float64Array::from(part.as_slice()))
    }
}

impl Snapshot {
    fn plan(&self, metric: &str, params: Params) -> Result<std::sync::Arc<metrics::split::Split>, JsError> {
        let info = &metrics::find(metric)
            .ok_or_else(|| fail(format!("unknown metric '{metric}'")))?
            .info;
        params.validate(info).map_err(fail)?;
        let key = format!("{metric}|{}", params.key(info));
        self.planned
            .get_or_plan(key, || metrics::split::Split::plan(metric, &self.graph, &params))
            .map_err(fail)?
            .ok_or_else(|| fail(format!("{metric} is not computed in parts")))
    }
}

/// The layout and the exports.
#[wasm_bindgen]
impl Session {
    /// The settings a new layout starts from (the analysis file's, else Gephi's for the size).
    #[wasm_bindgen(js_name = layoutDefaults, unchecked_return_type = "api.LayoutSettings")]
    pub fn layout_defaults(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.layout_defaults().map_err(fail)?)
    }

    /// Starts the layout, or changes a running one's settings and keeps its positions.
    /// Returns the settings in force.
    #[wasm_bindgen(js_name = startLayout, unchecked_return_type = "api.LayoutSettings")]
    pub fn start_layout(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "api.LayoutSettingsPatch | undefined")] patch: JsValue,
    ) -> Result<JsValue, JsError> {
        let patch: SettingsPatch = from_js_or_default(patch, "layout settings")?;
        to_js(&self.session.start_layout(&patch).map_err(fail)?)
    }

    /// Runs `iterations` more iterations; returns the positions `x0, y0, x1, y1, ...`.
    #[wasm_bindgen(js_name = stepLayout)]
    pub fn step_layout(&mut self, iterations: u32) -> Result<Float32Array, JsError> {
        self.session
            .step_layout(iterations as usize, &mut self.positions)
            .map_err(fail)?;
        Ok(Float32Array::from(self.positions.as_slice()))
    }

    #[wasm_bindgen(js_name = layoutIterations)]
    pub fn layout_iterations(&self) -> f64 {
        self.session.layout_iterations() as f64
    }

    #[wasm_bindgen(js_name = resetLayout)]
    pub fn reset_layout(&mut self) {
        self.session.reset_layout();
    }

    /// The scores of `metrics` as CSV, rows in `order`.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self, metrics: Vec<String>, order: &[u32]) -> Result<Uint8Array, JsError> {
        let table = self.table(&metrics)?;
        let mut out = Vec::new();
        self.session
            .write_scores_csv(&table, order, &mut out)
            .map_err(fail)?;
        Ok(Uint8Array::from(out.as_slice()))
    }

    /// The JSON report: what was read, the settings and methods line, every account in
    /// `order`, which follows `sorted_by`.
    #[wasm_bindgen(js_name = exportReport)]
    pub fn export_report(
        &self,
        metrics: Vec<String>,
        order: &[u32],
        sorted_by: Option<String>,
    ) -> Result<Uint8Array, JsError> {
        let table = self.table(&metrics)?;
        let mut out = Vec::new();
        self.session
            .write_report_json(&table, order, sorted_by.as_deref(), &mut out)
            .map_err(fail)?;
        Ok(Uint8Array::from(out.as_slice()))
    }

    /// The network as GEXF with the scores, the layout's positions and the map's sizes
    /// (one per account) and colours (r, g, b per account), if given.
    #[wasm_bindgen(js_name = exportGexf)]
    pub fn export_gexf(
        &self,
        metrics: Vec<String>,
        sizes: Option<Vec<f64>>,
        colours: Option<Vec<u8>>,
    ) -> Result<Uint8Array, JsError> {
        let table = self.table(&metrics)?;
        let mut out = Vec::new();
        self.session
            .write_gexf(&table, sizes.as_deref(), colours.as_deref(), &mut out)
            .map_err(fail)?;
        Ok(Uint8Array::from(out.as_slice()))
    }
}

#[wasm_bindgen]
impl Session {
    /// The coordination network under the `coordination` lens's parameters in force (set
    /// them with `setParams`), its groups with the baseline `options` ask for, named by the
    /// naming in force.
    #[wasm_bindgen(unchecked_return_type = "api.CoordinationView")]
    pub fn coordination(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Partial<api.CoordinationOptions> | null | undefined")] options: JsValue,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let options = from_js_or_default(options, "coordination options")?;
        let view = self
            .session
            .coordination_view(&options, &mut progress(on_progress))
            .map_err(fail)?;
        to_js(&view)
    }

    /// The coordination report as JSON (the bytes `attache coordination --format json` prints).
    #[wasm_bindgen(js_name = exportCoordinationJson)]
    pub fn export_coordination_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Partial<api.CoordinationOptions> | null | undefined")] options: JsValue,
        on_progress: Option<Function>,
    ) -> Result<Uint8Array, JsError> {
        self.coordination_file(options, on_progress, |session, options, progress, out| {
            session.write_coordination_json(options, progress, out)
        })
    }

    /// The coordination network's pairs as CSV (`a,b,shared,group`).
    #[wasm_bindgen(js_name = exportCoordinationCsv)]
    pub fn export_coordination_csv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Partial<api.CoordinationOptions> | null | undefined")] options: JsValue,
        on_progress: Option<Function>,
    ) -> Result<Uint8Array, JsError> {
        self.coordination_file(options, on_progress, |session, options, progress, out| {
            session.write_coordination_csv(options, progress, out)
        })
    }
}

impl Session {
    /// One of the coordination report's files, written by the core as the CLI writes it.
    fn coordination_file<E: Display>(
        &self,
        options: JsValue,
        on_progress: Option<Function>,
        write: impl FnOnce(
            &session::Session,
            &CoordinationOptions,
            &mut dyn Progress,
            &mut Vec<u8>,
        ) -> Result<(), E>,
    ) -> Result<Uint8Array, JsError> {
        let options = from_js_or_default(options, "coordination options")?;
        let mut out = Vec::new();
        write(&self.session, &options, &mut progress(on_progress), &mut out).map_err(fail)?;
        Ok(Uint8Array::from(out.as_slice()))
    }
}

#[wasm_bindgen]
impl Session {
    /// The study report (one self-contained HTML file): the index and `lenses`, `top`
    /// accounts each, groups by `by` if given, under the settings and naming in force.
    #[wasm_bindgen(js_name = exportStudy)]
    pub fn export_study(
        &self,
        lenses: Vec<String>,
        top: Option<u32>,
        by: Option<String>,
        on_progress: Option<Function>,
    ) -> Result<Uint8Array, JsError> {
        let options = session::StudyOptions {
            lenses,
            top: top.map_or(session::DEFAULT_STUDY_TOP, |t| t as usize),
            group_by: by,
            title: None,
        };
        let mut out = Vec::new();
        self.session
            .write_study_html(&options, &mut progress(on_progress), &mut out)
            .map_err(fail)?;
        Ok(Uint8Array::from(out.as_slice()))
    }
}

impl Session {
    fn table(&self, metrics: &[String]) -> Result<ScoreTable, JsError> {
        let ids: Vec<&str> = metrics.iter().map(String::as_str).collect();
        self.session
            .score_table(&ids, &mut crate::progress::Silent)
            .map_err(fail)
    }
}

/// A file read through a JavaScript `readAt(offset, length) → Uint8Array` callback.
struct JsSource {
    size: u64,
    read_at: Function,
}

/// A file of `size` bytes read through `readAt(offset, length)`.
fn js_source(size: f64, read_at: Function) -> Result<JsSource, JsError> {
    if !(size.is_finite() && (0.0..=9_007_199_254_740_992.0).contains(&size)) {
        return Err(fail("size must be a byte count"));
    }
    Ok(JsSource {
        size: size as u64,
        read_at,
    })
}

impl RandomAccess for JsSource {
    fn len(&self) -> u64 {
        self.size
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        let offset = JsValue::from_f64(offset as f64);
        let length = JsValue::from_f64(buf.len() as f64);
        let result = self
            .read_at
            .call2(&JsValue::NULL, &offset, &length)
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

/// Forwards progress to an optional JS callback `(phase, fraction)`.
struct JsProgress(Option<Function>);

impl Progress for JsProgress {
    fn report(&mut self, phase: &str, fraction: f64) {
        if let Some(callback) = &self.0 {
            // A throwing listener must not abort the computation.
            let _ = callback.call2(
                &JsValue::NULL,
                &JsValue::from_str(phase),
                &JsValue::from_f64(fraction),
            );
        }
    }
}

/// At most one message per percent of each phase crosses to JS.
fn progress(callback: Option<Function>) -> Throttled<JsProgress> {
    Throttled::new(JsProgress(callback))
}

/// The clock of the time budgets: the worker's `performance` through web-sys's typed
/// bindings. Outside a worker (Node, in the page's unit tests) the global `performance`,
/// which has the same shape.
fn clock() -> Result<web_sys::Performance, JsError> {
    let global = js_sys::global();
    let found = match global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        Some(worker) => worker.performance(),
        None => js_sys::Reflect::get(&global, &JsValue::from_str("performance"))
            .ok()
            .filter(JsValue::is_object)
            .map(JsCast::unchecked_into),
    };
    found.ok_or_else(|| fail("no clock: this environment has no performance.now()"))
}

/// The one error mapper: every core error becomes a JS `Error` with its message.
fn fail(error: impl Display) -> JsError {
    JsError::new(&error.to_string())
}

fn metric_column(column: &MetricOutput) -> Result<JsValue, JsError> {
    to_js(&api::MetricColumn {
        values: Floats(column.values.clone()),
        details: column.details.clone(),
    })
}

fn trajectories_to_js(trajectories: Vec<crate::timeline::Trajectory>) -> Result<JsValue, JsError> {
    let list: Vec<api::Trajectory> = trajectories
        .into_iter()
        .map(|t| api::Trajectory {
            index: t.index,
            name: t.name,
            scores: Floats(t.scores),
            ranks: U32s(t.ranks),
        })
        .collect();
    to_js(&list)
}

fn kind_weight_map(weights: &crate::csr::KindWeights) -> api::KindWeightMap {
    Kind::ALL
        .into_iter()
        .map(|kind| (kind, weights.get(kind)))
        .collect()
}

/// Parts computed by a pool, as the core keeps them.
fn float_parts(parts: Array) -> Result<Vec<Vec<f64>>, JsError> {
    parts
        .iter()
        .map(|part| part.dyn_into::<Float64Array>().map(|typed| typed.to_vec()))
        .collect::<Result<_, _>>()
        .map_err(|_| fail("every part must be a Float64Array"))
}

fn window_width(id: &str) -> Result<WindowWidth, JsError> {
    WindowWidth::parse(id).ok_or_else(|| fail(format!("unknown window '{id}'; expected day, week or month")))
}

fn window_metric(id: &str) -> Result<WindowMetric, JsError> {
    WindowMetric::parse(id).ok_or_else(|| {
        fail(format!(
            "unknown window metric '{id}'; expected pagerank, in_degree or in_strength"
        ))
    })
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| fail(format!("cannot pass the result to JavaScript: {e}")))
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| fail(format!("bad {what}: {e}")))
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
