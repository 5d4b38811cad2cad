//! The JavaScript façade: the only module that knows wasm-bindgen, js-sys and
//! serde-wasm-bindgen. It translates between JS values and the core's types and adds
//! no behaviour of its own. Large arrays leave as typed arrays; small objects as
//! plain JS objects through serde.
//!
//! The Web Worker (`www/src/worker.ts`) owns one [`Session`]: it pushes file chunks,
//! finishes the ingest, then asks for metric columns.

use std::cell::RefCell;

use std::collections::BTreeMap;

use js_sys::{Array, Float64Array, Function, JsString, Object, Reflect, Uint32Array, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::analysis::Analysis;
use crate::ingest::{FileReport, Ingest, RandomAccess, Warning};
use crate::metrics::{self, MetricInfo, ParamValue, Params};
use crate::network::NetworkSummary;
use crate::progress::Progress;
use crate::scores;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A metric's result: one value per account, in account order, and figures about the run. */
export interface MetricResult {
  values: Float64Array;
  details: { id: string; name: string; value: number }[];
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

/// One analysis: files pushed in, then scores out.
#[wasm_bindgen]
pub struct Session {
    state: State,
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        install_panic_hook();
        Session {
            state: State::Ingesting(Ingest::new()),
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
