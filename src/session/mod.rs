//! The core session: everything between the bytes of the files and the answers, owned
//! once, so that the command line and the page (through `src/wasm.rs`) are two doors to
//! the same engine.
//!
//! A [`Session`] reads files (hashing each as it streams, for the analysis file), then
//! owns the network and its [`Analysis`] with the settings in force: kind weights, the
//! influence index's weights and every lens's parameters. Every answer (scores, index,
//! explain, groups, topics, time windows, exports) reads its columns through the
//! analysis, so one setting means one value everywhere. It also keeps the timeline cuts
//! (one per window width), the map's layout, and how accounts are named (real names or
//! aliases), and writes every export. [`Session::settings`] is what an analysis file
//! records; [`Session::apply`] replays one.
//!
//! Settings may be given before the files are read (the command line replays an analysis
//! file: its column mappings are needed while reading) or after (the page's sliders).
//! Changing the kind weights rebuilds the snapshot, forgets the kept columns and resets
//! the layout, which ran on the old graph.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest, Sha256};

use crate::analysis::Analysis;
use crate::api::ImportedColumnInfo;
use crate::csr::{Csr, KindWeights};
use crate::explain::{self, account_by_id, ExplainOptions, Explanation};
use crate::export::{self, gexf, Names, ReportContext};
use crate::groups::{GroupBy, GroupReport, Grouping};
use crate::ingest::{FileOptions, FileReport, Ingest, RandomAccess, Warning};
use crate::layout::{ForceAtlas2, Settings as LayoutSettings, SettingsPatch, UndirectedEdges};
use crate::metrics::influence_index::{self, IndexWeights, InfluenceIndex};
use crate::metrics::{MetricError, MetricOutput, Params};
use crate::network::{AccountIdx, Kind, Network, NetworkSummary};
use crate::paths::{self, AttentionPath};
use crate::progress::Progress;
use crate::scores::{self, ScoreTable};
use crate::structure::{self, Gatekeeping, Structure};
use crate::timeline::{Movers, Timeline, TimelineError, Trajectory, WindowMetric, WindowWidth};
use crate::topics::{self, Topics};
use input_hash::InputHash;

mod coordination;
mod input_hash;
mod methods;
pub mod settings;
pub mod study;
pub mod window_parts;

pub use coordination::MAX_PERMUTATIONS;
pub use settings::{AnalysisFile, InputFile, LayoutRecord, Settings, SettingsError};
pub use study::{StudyOptions, DEFAULT_STUDY_TOP};

/// How many members and terms a group lists unless told otherwise.
pub const DEFAULT_GROUP_TOP: usize = 5;
/// How many hashtags, domains and languages a topic list holds unless told otherwise.
pub const DEFAULT_TOPICS_TOP: usize = 10;
/// How many risers and fallers the time view lists unless told otherwise.
pub const DEFAULT_MOVERS_TOP: usize = 10;

/// Why a request could not be answered.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionError {
    /// An answer was asked before `finish()`.
    NotReady,
    /// A file was offered after `finish()`.
    Finished,
    UnknownAccount(String),
    Metric(MetricError),
    Timeline(TimelineError),
    Settings(SettingsError),
    /// A value the caller gave is out of its range.
    BadValue(String),
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionError::NotReady => f.write_str("no network yet: finish reading the files first"),
            SessionError::Finished => {
                f.write_str("the session has finished reading files; start a new session")
            }
            SessionError::UnknownAccount(id) => write!(f, "no account with id '{id}'"),
            SessionError::Metric(error) => error.fmt(f),
            SessionError::Timeline(error) => error.fmt(f),
            SessionError::Settings(error) => error.fmt(f),
            SessionError::BadValue(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for SessionError {}

impl From<MetricError> for SessionError {
    fn from(error: MetricError) -> Self {
        SessionError::Metric(error)
    }
}

impl From<TimelineError> for SessionError {
    fn from(error: TimelineError) -> Self {
        SessionError::Timeline(error)
    }
}

impl From<SettingsError> for SessionError {
    fn from(error: SettingsError) -> Self {
        SessionError::Settings(error)
    }
}

impl SessionError {
    /// Whether the request was cancelled (not a failure to report).
    pub fn is_cancelled(&self) -> bool {
        matches!(
            self,
            SessionError::Metric(MetricError::Cancelled) | SessionError::Timeline(TimelineError::Cancelled)
        )
    }
}

/// What reading the files gave: the network's counts, every warning, every file's report.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadSummary {
    pub network: NetworkSummary,
    pub warnings: Vec<Warning>,
    pub files: Vec<FileReport>,
}

/// A categorical attribute: `codes[i]` indexes `values`, `u32::MAX` where account `i` has none.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeColumn {
    pub values: Vec<String>,
    pub codes: Vec<u32>,
}

enum Phase {
    Reading(Box<Ingest>),
    Ready(Box<Analysis>),
}

/// The file being read: its name, options, and the hash of what was pushed so far.
struct OpenInput {
    name: String,
    options: Option<FileOptions>,
    hash: InputHash,
    size: u64,
}

/// One analysis, from the files to the answers (see the module documentation).
pub struct Session {
    phase: Phase,
    /// The settings in force; kind weights and lens parameters move into the analysis at
    /// `finish()` and are read from there afterwards.
    settings: Settings,
    /// The inputs an applied analysis file names, to check the files read against.
    expected: Vec<InputFile>,
    open: Option<OpenInput>,
    /// The session's own warnings (inputs that differ from the analysis file's).
    input_warnings: Vec<Warning>,
    files: Vec<FileReport>,
    warnings: Vec<Warning>,
    layout: Option<ForceAtlas2>,
    timelines: Mutex<BTreeMap<WindowWidthKey, Arc<Timeline>>>,
    /// The windows' PageRank computed across the page's pool, with its key.
    kept_windows: Mutex<Option<window_parts::Kept>>,
    /// How many threads the computations split by source may use (native only; the page
    /// splits across its worker pool instead). Never part of the analysis file: results
    /// are the same bits whatever the count.
    threads: usize,
}

type WindowWidthKey = u8;

fn width_key(width: WindowWidth) -> WindowWidthKey {
    width as u8
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    pub fn new() -> Self {
        Session {
            phase: Phase::Reading(Box::default()),
            settings: Settings::default(),
            expected: Vec::new(),
            open: None,
            input_warnings: Vec::new(),
            files: Vec::new(),
            warnings: Vec::new(),
            layout: None,
            timelines: Mutex::default(),
            kept_windows: Mutex::default(),
            threads: 1,
        }
    }

    /// Lets the computations that split (by source, by restart, by window) use up to
    /// `threads` threads (at least 1). The results do not depend on it.
    pub fn set_threads(&mut self, threads: usize) {
        self.threads = threads.max(1);
        match &mut self.phase {
            Phase::Reading(ingest) => ingest.set_threads(self.threads),
            Phase::Ready(analysis) => analysis.set_threads(self.threads),
        }
    }

    /// The threads the computations may use (1 unless [`Session::set_threads`] said more).
    pub fn threads(&self) -> usize {
        self.threads
    }

    // ---- Reading ------------------------------------------------------------------

    fn ingest(&mut self) -> Result<&mut Ingest, SessionError> {
        match &mut self.phase {
            Phase::Reading(ingest) => Ok(ingest),
            Phase::Ready(_) => Err(SessionError::Finished),
        }
    }

    /// The most memory ingest may hold, in bytes (`None`: no limit). See [`Ingest::set_memory_budget`].
    pub fn set_memory_budget(&mut self, bytes: Option<u64>) -> Result<(), SessionError> {
        self.ingest()?.set_memory_budget(bytes);
        Ok(())
    }

    pub fn memory_estimate(&mut self) -> Result<u64, SessionError> {
        Ok(self.ingest()?.estimated_bytes())
    }

    pub fn budget_reached(&mut self) -> Result<bool, SessionError> {
        Ok(self.ingest()?.budget_reached())
    }

    /// Leaves out interactions of these kinds from the files read from now on.
    pub fn leave_out_kinds(&mut self, kinds: &[Kind]) -> Result<(), SessionError> {
        self.ingest()?.leave_out_kinds(kinds);
        Ok(())
    }

    /// Keeps in the network what a shard needs to be merged with others after a union
    /// (`attache convert`): see [`crate::network::Identities`].
    pub fn keep_identities(&mut self) -> Result<(), SessionError> {
        self.ingest()?.keep_identities();
        Ok(())
    }

    /// Starts a file. Without `options`, a file the applied analysis file names is read
    /// the way it says; any other by detection.
    pub fn begin_file(&mut self, name: &str, options: Option<FileOptions>) -> Result<(), SessionError> {
        if self.open.is_some() {
            self.end_file()?;
        }
        let options = options.or_else(|| self.expected_input(name).and_then(|i| i.options.clone()));
        self.ingest()?
            .begin_file_with(name, options.clone().unwrap_or_default());
        self.open = Some(OpenInput {
            name: name.to_owned(),
            options,
            hash: InputHash::new(self.threads),
            size: 0,
        });
        Ok(())
    }

    /// The next bytes of the open file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), SessionError> {
        let Some(open) = self.open.as_mut() else {
            return Err(SessionError::BadValue("no file is open: begin one first".into()));
        };
        open.hash.update(chunk);
        open.size += chunk.len() as u64;
        self.ingest()?.push(chunk);
        Ok(())
    }

    /// Ends the open file and returns its report.
    pub fn end_file(&mut self) -> Result<FileReport, SessionError> {
        let open = self
            .open
            .take()
            .ok_or_else(|| SessionError::BadValue("no file is open".into()))?;
        let report = self.ingest()?.end_file();
        let sha256 = hex(&open.hash.finalize());
        self.record_input(InputFile {
            name: open.name,
            size: open.size,
            sha256,
            options: open.options,
        });
        Ok(report)
    }

    /// When `source` repeats the content of an input read before (the same file dropped
    /// or named twice), records `name` as not read again and returns its report: the door
    /// then skips it. Only a file of an earlier input's size is hashed (read once more
    /// here), so other files cost nothing.
    pub fn skip_if_repeat(
        &mut self,
        name: &str,
        source: &mut dyn RandomAccess,
    ) -> Result<Option<FileReport>, SessionError> {
        let size = source.len();
        if !self.settings.files.iter().any(|input| input.size == size) {
            return Ok(None);
        }
        let Some(sha256) = hash_source(source) else {
            return Ok(None);
        };
        Ok(self.record_if_repeat(name, size, &sha256))
    }

    /// The repeat's report, when `sha256` is an earlier input's content.
    fn record_if_repeat(&mut self, name: &str, size: u64, sha256: &str) -> Option<FileReport> {
        let earlier = self
            .settings
            .files
            .iter()
            .position(|input| input.size == size && input.sha256 == sha256)?;
        let earlier_name = self.settings.files[earlier].name.clone();
        let ingest = self.ingest().ok()?;
        let format = ingest
            .files()
            .iter()
            .find(|report| settings::base_name(&report.path) == earlier_name)
            .map_or(crate::ingest::Format::Unknown, |report| report.format);
        let note = format!(
            "the same content as {earlier_name} (SHA-256 {}…), read already: not read again, \
             so its interactions count once",
            &sha256[..sha256.len().min(12)]
        );
        Some(ingest.record_repeat(name, size, format, note))
    }

    /// Reads a ZIP by random access (only the members needed), after hashing it whole.
    /// Returns the archive's report, then one per member read.
    pub fn ingest_archive(
        &mut self,
        name: &str,
        source: &mut dyn RandomAccess,
    ) -> Result<Vec<FileReport>, SessionError> {
        if self.open.is_some() {
            self.end_file()?;
        }
        let sha256 = hash_source(source);
        if let Some(repeat) = sha256
            .as_deref()
            .and_then(|sha256| self.record_if_repeat(name, source.len(), sha256))
        {
            return Ok(vec![repeat]);
        }
        let reports = self.ingest()?.ingest_archive(name, source);
        self.record_input(InputFile {
            name: name.to_owned(),
            size: source.len(),
            sha256: sha256.unwrap_or_default(),
            options: None,
        });
        Ok(reports)
    }

    fn expected_input(&self, name: &str) -> Option<&InputFile> {
        let base = settings::base_name(name);
        self.expected.iter().find(|input| input.base_name() == base)
    }

    /// Keeps the input for the analysis file and checks it against the one being replayed.
    fn record_input(&mut self, input: InputFile) {
        if let Some(expected) = self.expected_input(&input.name) {
            if expected.sha256 != input.sha256 || expected.size != input.size {
                let message = format!(
                    "this file differs from the one the analysis was saved with \
                     ({} bytes, SHA-256 {}…; the analysis names {} bytes, SHA-256 {}…): \
                     the results may differ",
                    input.size,
                    &input.sha256[..input.sha256.len().min(12)],
                    expected.size,
                    &expected.sha256[..expected.sha256.len().min(12)],
                );
                self.input_warnings.push(Warning {
                    file: input.name.clone(),
                    line: None,
                    message,
                    names: Vec::new(),
                });
            }
        }
        // Only the base name: a path would tell where the reader keeps their files, and
        // the page never knows one.
        let name = settings::base_name(&input.name).to_owned();
        self.settings.files.push(InputFile { name, ..input });
    }

    /// Ends reading and builds the network and its snapshot under the settings in force.
    pub fn finish(&mut self) -> Result<LoadSummary, SessionError> {
        if self.open.is_some() {
            self.end_file()?;
        }
        if !matches!(self.phase, Phase::Reading(_)) {
            return Err(SessionError::Finished);
        }
        let Phase::Reading(ingest) = std::mem::replace(&mut self.phase, Phase::Reading(Box::default()))
        else {
            unreachable!("checked above");
        };
        let loaded = ingest.finish();
        for expected in &self.expected {
            let read = self
                .settings
                .files
                .iter()
                .any(|input| input.base_name() == expected.base_name());
            if !read {
                self.input_warnings.push(Warning {
                    file: expected.name.clone(),
                    line: None,
                    message: "the analysis names this file, which was not given: the results may differ"
                        .into(),
                    names: Vec::new(),
                });
            }
        }
        self.files = loaded.files;
        self.warnings = loaded.warnings;
        self.warnings.append(&mut self.input_warnings);
        let (mut analysis, network_summary) =
            analyse(loaded.network, self.settings.kind_weights, self.threads);
        analysis.set_lens_params(self.settings.params.clone());
        self.phase = Phase::Ready(Box::new(analysis));
        Ok(LoadSummary {
            network: network_summary,
            warnings: self.warnings.clone(),
            files: self.files.clone(),
        })
    }

    /// What reading gave (the same as `finish()` returned).
    pub fn load_summary(&self) -> Result<LoadSummary, SessionError> {
        Ok(LoadSummary {
            network: self.network()?.summary(),
            warnings: self.warnings.clone(),
            files: self.files.clone(),
        })
    }

    pub fn files(&self) -> &[FileReport] {
        &self.files
    }

    /// The inputs from which nothing at all was read, with why (see
    /// [`crate::ingest::Loaded::unread_inputs`]): the doors treat them as unreadable.
    pub fn unread_inputs(&self) -> Vec<(&str, String)> {
        crate::ingest::unread_inputs(&self.files)
    }

    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The warnings as the naming in force shows them: under pseudonyms, the data they
    /// quote names accounts only by their aliases, and other names are hidden
    /// (`export::redact`).
    pub fn named_warnings(&self) -> Result<Vec<Warning>, SessionError> {
        let Some(salt) = self.pseudonyms() else {
            return Ok(self.warnings.clone());
        };
        let network = self.network()?;
        let aliases = export::aliases(network, salt);
        let redactor = export::redact::Redactor::new(network, &aliases);
        Ok(self.warnings.iter().map(|w| redactor.warning(w)).collect())
    }

    // ---- Settings -----------------------------------------------------------------

    /// Applies an analysis file's settings whole: kind weights, every lens's parameters
    /// (replacing those set before), the layout's settings, the naming; and remembers the
    /// inputs it names, to read them the way it says and to check them. Before `finish()`
    /// nothing is computed; after, the next answers use them.
    pub fn apply(&mut self, settings: Settings) -> Result<(), SessionError> {
        self.expected = settings.files;
        self.settings.params = settings.params;
        self.settings.pseudonyms = settings.pseudonyms;
        self.settings.layout = settings.layout;
        self.layout = None;
        if let Phase::Ready(analysis) = &mut self.phase {
            analysis.set_lens_params(self.settings.params.clone());
        }
        self.set_kind_weights(settings.kind_weights)?;
        Ok(())
    }

    /// The settings in force, with the inputs read so far: what an analysis file records.
    pub fn settings(&self) -> Settings {
        let mut settings = self.settings.clone();
        if let Phase::Ready(analysis) = &self.phase {
            settings.kind_weights = *analysis.kind_weights();
            settings.params = analysis.lens_params().clone();
        }
        if let Some(layout) = &self.layout {
            settings.layout = Some(LayoutRecord {
                settings: *layout.settings(),
                iterations: layout.iterations(),
            });
        }
        settings
    }

    pub fn kind_weights(&self) -> KindWeights {
        match &self.phase {
            Phase::Ready(analysis) => *analysis.kind_weights(),
            Phase::Reading(_) => self.settings.kind_weights,
        }
    }

    /// Sets how much each kind counts (every weight a number ≥ 0). Returns whether they
    /// changed; if so the snapshot is rebuilt, kept columns are forgotten and the layout,
    /// which ran on the old graph, starts again.
    pub fn set_kind_weights(&mut self, weights: KindWeights) -> Result<bool, SessionError> {
        for kind in Kind::ALL {
            let weight = weights.get(kind);
            if !(weight.is_finite() && weight >= 0.0) {
                return Err(SessionError::BadValue(format!(
                    "the weight of {} must be a number ≥ 0, got {weight}",
                    kind.as_str()
                )));
            }
        }
        self.settings.kind_weights = weights;
        let changed = match &mut self.phase {
            Phase::Ready(analysis) => analysis.set_kind_weights(weights),
            Phase::Reading(_) => false,
        };
        if changed {
            self.layout = None;
        }
        Ok(changed)
    }

    /// Metric `metric`'s parameters (checked; nothing changes on error). For the index,
    /// its pillar weights.
    pub fn set_params(&mut self, metric: &str, params: Params) -> Result<(), SessionError> {
        match &mut self.phase {
            Phase::Ready(analysis) => {
                analysis.set_params(metric, params)?;
                self.settings.params = analysis.lens_params().clone();
            }
            Phase::Reading(_) => self.settings.params.set(metric, params)?,
        }
        Ok(())
    }

    /// The parameters set for `metric` (empty: its defaults).
    pub fn params(&self, metric: &str) -> Params {
        match &self.phase {
            Phase::Ready(analysis) => analysis.params(metric).clone(),
            Phase::Reading(_) => self.settings.params.get(metric).clone(),
        }
    }

    pub fn index_weights(&self) -> IndexWeights {
        IndexWeights::from_params(&self.params(influence_index::METRIC.info.id)).expect("checked when set")
    }

    pub fn set_index_weights(&mut self, weights: IndexWeights) -> Result<(), SessionError> {
        self.set_params(influence_index::METRIC.info.id, weights.to_params())
    }

    /// Names accounts by aliases keyed by `salt` in every answer and export, or by their
    /// real names (`None`).
    pub fn set_pseudonyms(&mut self, salt: Option<String>) {
        self.settings.pseudonyms = salt;
    }

    pub fn pseudonyms(&self) -> Option<&str> {
        self.settings.pseudonyms.as_deref()
    }

    /// The methods line of `lenses` (with the index and PageRank behind it): every setting
    /// that decides their values, in words, to cite a result.
    pub fn methods_line(&self, lenses: &[&str]) -> String {
        methods::line(&self.settings(), lenses)
    }

    // ---- Answers ------------------------------------------------------------------

    pub fn analysis(&self) -> Result<&Analysis, SessionError> {
        match &self.phase {
            Phase::Ready(analysis) => Ok(analysis),
            Phase::Reading(_) => Err(SessionError::NotReady),
        }
    }

    pub fn network(&self) -> Result<&Network, SessionError> {
        Ok(self.analysis()?.network())
    }

    /// The account with this id (the first, when platforms share an id).
    pub fn account(&self, id: &str) -> Result<AccountIdx, SessionError> {
        account_by_id(self.network()?, id).ok_or_else(|| SessionError::UnknownAccount(id.to_owned()))
    }

    /// Checks an account index.
    pub fn account_index(&self, index: u32) -> Result<AccountIdx, SessionError> {
        if (index as usize) < self.network()?.account_count() {
            Ok(index)
        } else {
            Err(SessionError::BadValue(format!("there is no account {index}")))
        }
    }

    /// Metric `id` under the settings in force, computed once and kept.
    pub fn column(&self, id: &str, progress: &mut dyn Progress) -> Result<Arc<MetricOutput>, SessionError> {
        Ok(self.analysis()?.column(id, progress)?)
    }

    // ---- Computing in parts (the page's worker pool) ----------------------------------

    /// How many blocks metric `id`'s column splits into under the settings in force, for
    /// a pool of workers ([`crate::metrics::split`]); `None` when it does not split, or
    /// when its column is kept already (there is nothing to compute).
    pub fn split_plan(&self, id: &str) -> Result<Option<usize>, SessionError> {
        let analysis = self.analysis()?;
        if analysis.is_kept(id) {
            return Ok(None);
        }
        Ok(analysis.split(id)?.map(|split| split.block_count()))
    }

    /// Block `block` of metric `id`'s split, computed here (the owner of the session
    /// computes blocks too).
    pub fn run_block(
        &self,
        id: &str,
        block: usize,
        progress: &mut dyn Progress,
    ) -> Result<Vec<f64>, SessionError> {
        let analysis = self.analysis()?;
        let split = analysis
            .split(id)?
            .ok_or_else(|| SessionError::BadValue(format!("{id} is not computed in parts")))?;
        Ok(split.run_block_reporting(analysis.graph(), block, progress)?)
    }

    /// Keeps metric `id`'s column from every block's part, in block order: the same
    /// column as [`Session::column`] computes, bit for bit.
    pub fn accept_blocks(&self, id: &str, parts: Vec<Vec<f64>>) -> Result<Arc<MetricOutput>, SessionError> {
        Ok(self.analysis()?.keep_parts(id, parts)?)
    }

    /// The snapshot the blocks run on, with a key that changes exactly when the snapshot
    /// does (with the kind weights), so that workers holding a copy know when to renew it.
    pub fn snapshot(&self) -> Result<(&Csr, String), SessionError> {
        let analysis = self.analysis()?;
        let weights = analysis.kind_weights().0.map(|w| format!("{:016x}", w.to_bits()));
        Ok((analysis.graph(), weights.join("-")))
    }

    /// Metric `id` with explicit parameters, once (a trial: the betweenness time budget).
    pub fn trial(
        &self,
        id: &str,
        params: &Params,
        progress: &mut dyn Progress,
    ) -> Result<MetricOutput, SessionError> {
        Ok(self.analysis()?.compute(id, params, progress)?)
    }

    pub fn influence_index(&self, progress: &mut dyn Progress) -> Result<Arc<InfluenceIndex>, SessionError> {
        Ok(self.analysis()?.influence_index(progress)?)
    }

    /// The columns of `metrics`, reporting progress across all of them.
    pub fn score_table(
        &self,
        metrics: &[&str],
        progress: &mut dyn Progress,
    ) -> Result<ScoreTable, SessionError> {
        let count = metrics.len().max(1) as f64;
        let mut table = ScoreTable::default();
        for (step, &id) in metrics.iter().enumerate() {
            let mut part = crate::progress::Within::new(progress, "Scores", step as f64 / count, 1.0 / count);
            let column = self.column(id, &mut part)?;
            table.metrics.push(id.to_owned());
            table.columns.push(column.values.clone());
        }
        Ok(table)
    }

    pub fn explain(
        &self,
        account: AccountIdx,
        options: &ExplainOptions,
        progress: &mut dyn Progress,
    ) -> Result<Explanation, SessionError> {
        Ok(explain::explain(self.analysis()?, account, options, progress)?)
    }

    /// The grouping `by` names: an attribute some account has, else a metric's column.
    pub fn grouping(
        &self,
        by: &str,
        progress: &mut dyn Progress,
    ) -> Result<(GroupBy, Grouping), SessionError> {
        let analysis = self.analysis()?;
        let group_by = GroupBy::resolve(analysis.network(), by);
        let grouping = Grouping::of(analysis, &group_by, progress)?;
        Ok((group_by, grouping))
    }

    pub fn groups(
        &self,
        by: &str,
        top: usize,
        progress: &mut dyn Progress,
    ) -> Result<(GroupBy, Grouping, GroupReport), SessionError> {
        let (group_by, grouping) = self.grouping(by, progress)?;
        let report = GroupReport::compute(self.analysis()?, &grouping, top, progress)?;
        Ok((group_by, grouping, report))
    }

    /// Topics of each group of `by`, in group order, with the group's name.
    pub fn group_topics(
        &self,
        by: &str,
        top: usize,
        progress: &mut dyn Progress,
    ) -> Result<Vec<(String, Topics)>, SessionError> {
        let (_, grouping) = self.grouping(by, progress)?;
        let lists = topics::by_group(self.network()?, &grouping, top);
        Ok(grouping.names.into_iter().zip(lists).collect())
    }

    /// One account's topics, or every post's.
    pub fn topics(&self, account: Option<AccountIdx>, top: usize) -> Result<Topics, SessionError> {
        let network = self.network()?;
        Ok(match account {
            None => topics::overall(network, top),
            Some(account) => topics::of_accounts(network, &[account], top),
        })
    }

    /// The windows of `width`, cut once and kept.
    pub fn timeline(&self, width: WindowWidth) -> Result<Arc<Timeline>, SessionError> {
        let mut kept = self.timelines.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(timeline) = kept.get(&width_key(width)) {
            return Ok(Arc::clone(timeline));
        }
        let timeline = Arc::new(Timeline::new(self.network()?, width)?);
        kept.insert(width_key(width), Arc::clone(&timeline));
        Ok(timeline)
    }

    pub fn window_scores(
        &self,
        width: WindowWidth,
        window: usize,
        metric: WindowMetric,
        progress: &mut dyn Progress,
    ) -> Result<Vec<f64>, SessionError> {
        Ok(self
            .timeline(width)?
            .scores(self.analysis()?, window, metric, progress)?)
    }

    pub fn trajectories(
        &self,
        width: WindowWidth,
        metric: WindowMetric,
        accounts: &[AccountIdx],
        progress: &mut dyn Progress,
    ) -> Result<Vec<Trajectory>, SessionError> {
        self.scoring(width, metric, |timeline, scoring| {
            Ok(timeline.trajectories(self.analysis()?, scoring, accounts, progress)?)
        })
    }

    pub fn group_trajectories(
        &self,
        width: WindowWidth,
        metric: WindowMetric,
        by: &str,
        progress: &mut dyn Progress,
    ) -> Result<Vec<Trajectory>, SessionError> {
        let (_, grouping) = self.grouping(by, progress)?;
        self.scoring(width, metric, |timeline, scoring| {
            Ok(timeline.group_trajectories(self.analysis()?, scoring, &grouping, progress)?)
        })
    }

    pub fn movers(
        &self,
        width: WindowWidth,
        metric: WindowMetric,
        windows: (usize, usize),
        top: usize,
        progress: &mut dyn Progress,
    ) -> Result<Movers, SessionError> {
        let (from, to) = windows;
        self.scoring(width, metric, |timeline, scoring| {
            Ok(timeline.movers(self.analysis()?, scoring, from, to, top, progress)?)
        })
    }

    /// The columns imported with the accounts (a scores table), described for the doors'
    /// lists of lenses, in the order they were read.
    pub fn imported_columns(&self) -> Result<Vec<ImportedColumnInfo>, SessionError> {
        let imported = &self.network()?.imported;
        Ok(imported
            .columns
            .iter()
            .map(|c| ImportedColumnInfo::of(&c.name))
            .collect())
    }

    /// Every attribute key any account has, sorted.
    pub fn attribute_keys(&self) -> Result<Vec<String>, SessionError> {
        Ok(export::attribute_keys(self.network()?))
    }

    /// One attribute as categories: its sorted distinct values and a code per account.
    pub fn attribute(&self, key: &str) -> Result<AttributeColumn, SessionError> {
        let accounts = &self.network()?.accounts;
        let distinct: std::collections::BTreeSet<&str> = accounts
            .iter()
            .filter_map(|a| a.attributes.get(key).map(String::as_str))
            .collect();
        let values: Vec<&str> = distinct.into_iter().collect();
        let codes = accounts
            .iter()
            .map(|a| {
                a.attributes
                    .get(key)
                    .and_then(|v| values.binary_search(&v.as_str()).ok())
                    .map_or(u32::MAX, |code| code as u32)
            })
            .collect();
        Ok(AttributeColumn {
            values: values.into_iter().map(str::to_owned).collect(),
            codes,
        })
    }

    /// The owner's view when an account export was read (which posts travelled, whom the
    /// owner engages, when it was active); None for collections. O(E + P) each call.
    pub fn owner_view(&self) -> Result<Option<crate::owner::OwnerView>, SessionError> {
        Ok(crate::owner::owner_view(self.network()?))
    }

    /// How the network holds together under the kind weights in force: components,
    /// strong components, reciprocity, density, whether it has a cycle. O(V + E) each call.
    pub fn structure(&self) -> Result<Structure, SessionError> {
        let analysis = self.analysis()?;
        Ok(structure::summarise_on(analysis.graph(), analysis.threads()))
    }

    /// Whether `account` is a gatekeeper of U, how many parts its component falls into
    /// without it, and the accounts across its bridges (the account card). Two searches
    /// over U each call.
    pub fn gatekeeping(&self, account: AccountIdx) -> Result<Gatekeeping, SessionError> {
        let account = self.account_index(account)?;
        let graph = self.analysis()?.graph();
        let found = structure::gatekeepers(graph);
        Ok(Gatekeeping {
            account,
            gatekeeper: found.articulation[account as usize],
            parts: structure::parts_without(graph, account),
            bridges_to: found.bridge_neighbours(account),
        })
    }

    /// The path of attention from `from` to `to` under the kind weights in force.
    pub fn attention_path(&self, from: AccountIdx, to: AccountIdx) -> Result<AttentionPath, SessionError> {
        let (from, to) = (self.account_index(from)?, self.account_index(to)?);
        let analysis = self.analysis()?;
        Ok(paths::attention_path(
            analysis.network(),
            analysis.graph(),
            analysis.kind_weights(),
            from,
            to,
        ))
    }

    // ---- Names --------------------------------------------------------------------

    /// How answers and exports name accounts: aliases under pseudonyms, else the data's names.
    pub fn names(&self) -> Result<Names<'_>, SessionError> {
        let network = self.network()?;
        Ok(match self.pseudonyms() {
            Some(salt) => Names::pseudonymous(network, salt),
            None => Names::real(network),
        })
    }

    /// Stable aliases for every account, keyed by `salt`.
    pub fn aliases(&self, salt: &str) -> Result<Vec<String>, SessionError> {
        Ok(export::aliases(self.network()?, salt))
    }

    // ---- Layout -------------------------------------------------------------------

    /// The settings a new layout starts from: the applied analysis file's, else the
    /// defaults for the network's size and degree distribution (LinLog and dissuade hubs
    /// when it is star-shaped: [`LayoutSettings::for_graph`]).
    pub fn layout_defaults(&self) -> Result<LayoutSettings, SessionError> {
        if let Some(record) = &self.settings.layout {
            return Ok(record.settings);
        }
        let degrees = UndirectedEdges::degrees(self.analysis()?.graph());
        Ok(LayoutSettings::for_graph(&degrees))
    }

    /// Starts the layout (from seeded positions) or changes a running one's settings,
    /// keeping its positions. Returns the settings in force.
    pub fn start_layout(&mut self, patch: &SettingsPatch) -> Result<LayoutSettings, SessionError> {
        if let Some(layout) = &mut self.layout {
            let settings = layout.settings().patched(patch);
            layout.set_settings(settings);
            return Ok(settings);
        }
        let settings = self.layout_defaults()?.patched(patch);
        self.layout = Some(ForceAtlas2::new(self.analysis()?.graph(), settings));
        Ok(settings)
    }

    /// Runs `iterations` more iterations; returns the positions `x0, y0, x1, y1, ...`.
    pub fn step_layout(&mut self, iterations: usize, positions: &mut Vec<f32>) -> Result<(), SessionError> {
        let layout = self
            .layout
            .as_mut()
            .ok_or_else(|| SessionError::BadValue("no layout: start one first".into()))?;
        layout.step(iterations);
        layout.positions_f32(positions);
        Ok(())
    }

    pub fn layout_iterations(&self) -> u64 {
        self.layout.as_ref().map_or(0, ForceAtlas2::iterations)
    }

    /// Forgets the layout; the next start begins from the seeded positions again.
    pub fn reset_layout(&mut self) {
        self.layout = None;
    }

    /// Lays the network out as the applied analysis file did (its settings, its number of
    /// iterations), or with `iterations` of the default settings when given.
    pub fn replay_layout(&mut self, iterations: Option<usize>) -> Result<(), SessionError> {
        let iterations = iterations.or_else(|| self.settings.layout.as_ref().map(|r| r.iterations as usize));
        match iterations {
            Some(iterations) if iterations > 0 => {
                self.reset_layout();
                self.start_layout(&SettingsPatch::default())?;
                self.step_layout(iterations, &mut Vec::new())
            }
            _ => Ok(()),
        }
    }

    // ---- Exports ------------------------------------------------------------------

    /// Account indices by `values`, highest first, ties in account order.
    pub fn ranking(values: &[f64]) -> Vec<u32> {
        scores::rank_descending(values)
    }

    fn checked_order(&self, order: &[u32]) -> Result<(), SessionError> {
        let count = self.network()?.account_count() as u32;
        match order.iter().find(|&&a| a >= count) {
            Some(account) => Err(SessionError::BadValue(format!("there is no account {account}"))),
            None => Ok(()),
        }
    }

    /// The scores as CSV (`id,label,<attributes>,<metrics>`), rows in `order`.
    pub fn write_scores_csv(
        &self,
        table: &ScoreTable,
        order: &[u32],
        out: impl Write,
    ) -> Result<(), ExportError> {
        self.checked_order(order)?;
        Ok(export::write_scores_csv(&self.names()?, table, order, out)?)
    }

    /// The JSON report: what was read, the settings and methods line, every account in `order`.
    pub fn write_report_json(
        &self,
        table: &ScoreTable,
        order: &[u32],
        sorted_by: Option<&str>,
        out: impl Write,
    ) -> Result<(), ExportError> {
        self.checked_order(order)?;
        let lenses: Vec<&str> = table.metrics.iter().map(String::as_str).collect();
        let settings = self.settings();
        let context = ReportContext {
            summary: self.network()?.summary(),
            structure: self.structure()?,
            files: &self.files,
            warnings: &self.warnings,
            layout_iterations: self.layout.as_ref().map(ForceAtlas2::iterations),
            sorted_by,
            methods: methods::line(&settings, &lenses),
            analysis: settings.to_file(),
        };
        Ok(export::write_report_json(
            &self.names()?,
            table,
            order,
            &context,
            out,
        )?)
    }

    /// The network as GEXF with the scores, the layout's positions if it ran, and the
    /// map's sizes (one per account) and colours (r, g, b per account) when given.
    pub fn write_gexf(
        &self,
        table: &ScoreTable,
        sizes: Option<&[f64]>,
        colours: Option<&[u8]>,
        out: impl Write,
    ) -> Result<(), ExportError> {
        let count = self.network()?.account_count();
        if sizes.is_some_and(|s| s.len() != count) || colours.is_some_and(|c| c.len() != 3 * count) {
            return Err(SessionError::BadValue(
                "sizes need one value per account and colours three (r, g, b)".into(),
            )
            .into());
        }
        let positions = self.layout.as_ref().map(ForceAtlas2::positions);
        let visual = gexf::Visual {
            positions: positions.as_deref(),
            sizes,
            colours,
        };
        Ok(gexf::write(
            &self.names()?,
            self.analysis()?.graph(),
            table,
            &visual,
            out,
        )?)
    }
}

/// An export that could not be written: the session could not answer, or the output failed.
#[derive(Debug)]
pub enum ExportError {
    Session(SessionError),
    Io(io::Error),
}

impl From<SessionError> for ExportError {
    fn from(error: SessionError) -> Self {
        ExportError::Session(error)
    }
}

impl From<io::Error> for ExportError {
    fn from(error: io::Error) -> Self {
        ExportError::Io(error)
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Session(error) => error.fmt(f),
            ExportError::Io(error) => write!(f, "cannot write the export: {error}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// Hex of a digest, lower case.
/// The analysis of a network just read, and the network's counts: on two threads when
/// `threads` allows (natively), the counts (a sort of every pair) beside the snapshot.
fn analyse(network: Network, kind_weights: KindWeights, threads: usize) -> (Analysis, NetworkSummary) {
    let (graph, summary) = if threads > 1 && cfg!(not(target_arch = "wasm32")) {
        std::thread::scope(|scope| {
            let summary = scope.spawn(|| network.summary());
            let graph = Csr::from_network_on(&network, &kind_weights, threads);
            (
                graph,
                summary
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            )
        })
    } else {
        (Csr::from_network(&network, &kind_weights), network.summary())
    };
    (
        Analysis::with_snapshot(network, graph, kind_weights, threads),
        summary,
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a random-access source read in 1 MiB pieces; `None` if a read fails
/// (the archive reader then reports the failure itself).
fn hash_source(source: &mut dyn RandomAccess) -> Option<String> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut offset = 0;
    let len = source.len();
    while offset < len {
        let piece = (len - offset).min(buffer.len() as u64) as usize;
        source.read_at(offset, &mut buffer[..piece]).ok()?;
        hasher.update(&buffer[..piece]);
        offset += piece as u64;
    }
    Some(hex(&hasher.finalize()))
}
