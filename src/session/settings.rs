//! The analysis file: everything that decides a result besides the data, so that an
//! analysis made in the page replays in the command line (and back), bit for bit.
//!
//! ```json
//! {
//!   "format": "attache-analysis", "version": 1, "attache_version": "0.1.0",
//!   "files": [{"name": "a.csv", "size": 1234, "sha256": "9f…", "options": null}],
//!   "kind_weights": {"follow": 1, "repost": 2, "quote": 1, "reply": 1, "mention": 1, "link": 1},
//!   "index_weights": {"reach": 1, "amplification": 1, "conversation": 1, "network": 1},
//!   "params": {"pagerank": {"alpha": 0.85, "seeds": ["123"]}, "community": {"resolution": 1.5}},
//!   "layout": {"settings": {"seed": 1, "linLog": false, …}, "iterations": 300},
//!   "pseudonymise": false, "salt": null
//! }
//! ```
//!
//! `files` names each input by name, size and SHA-256, with the way it was read
//! (`options`: a table's column mapping, a forced format). Every other key may be left out
//! (its defaults: the catalogue's). Reading is strict where leniency would change a
//! result silently: a text that is not JSON, another `format` or `version`, an unknown
//! key, metric, parameter, kind or pillar, or a value out of range is refused whole
//! ([`SettingsError`]), and nothing of it is applied.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::csr::KindWeights;
use crate::ingest::FileOptions;
use crate::layout::Settings as LayoutSettings;
use crate::metrics::influence_index::{self, IndexWeights, Pillar};
use crate::metrics::{self, LensParams, ParamValue, Params};
use crate::network::Kind;

/// The value of `format` in every analysis file.
pub const FORMAT: &str = "attache-analysis";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;

/// The file as it is written (see the module documentation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisFile {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub attache_version: String,
    #[serde(default)]
    pub files: Vec<InputFile>,
    #[serde(default)]
    pub kind_weights: BTreeMap<String, f64>,
    #[serde(default)]
    pub index_weights: BTreeMap<String, f64>,
    /// Parameters by metric id, then by parameter id (the index's pillar weights are
    /// `index_weights`, not here).
    #[serde(default)]
    pub params: BTreeMap<String, BTreeMap<String, ParamValue>>,
    #[serde(default)]
    pub layout: Option<LayoutRecord>,
    #[serde(default)]
    pub pseudonymise: bool,
    /// The salt of the aliases, so that they replay too (only with `pseudonymise`).
    #[serde(default)]
    pub salt: Option<String>,
}

/// One input file as the analysis read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputFile {
    /// The file's name as given (a path in the command line, a file name in the page);
    /// inputs are matched by their last path component.
    pub name: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the whole file.
    pub sha256: String,
    /// How it was read, when not by detection alone.
    #[serde(default)]
    pub options: Option<FileOptions>,
}

impl InputFile {
    /// The name without directories: what the page knows of a file.
    pub fn base_name(&self) -> &str {
        base_name(&self.name)
    }
}

/// The last component of a path, `/` or `\` separated.
pub fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// The map's layout: the settings in force and how many iterations ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutRecord {
    pub settings: LayoutSettings,
    pub iterations: u64,
}

/// Why an analysis file was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingsError {
    NotJson(String),
    WrongFormat(String),
    UnknownVersion(u32),
    Invalid(String),
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingsError::NotJson(reason) => write!(f, "the analysis file is not valid JSON: {reason}"),
            SettingsError::WrongFormat(found) => write!(
                f,
                "this is not an attaché analysis file (its \"format\" is {found:?}, expected \"{FORMAT}\")"
            ),
            SettingsError::UnknownVersion(version) => write!(
                f,
                "the analysis file is of version {version}; this attaché reads version {VERSION}"
            ),
            SettingsError::Invalid(reason) => write!(f, "the analysis file is refused: {reason}"),
        }
    }
}

impl std::error::Error for SettingsError {}

/// What an analysis file decides, checked and ready to apply.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub files: Vec<InputFile>,
    pub kind_weights: KindWeights,
    /// Every lens's parameters, the index's pillar weights included.
    pub params: LensParams,
    pub layout: Option<LayoutRecord>,
    /// The aliases' salt when names are pseudonymised.
    pub pseudonyms: Option<String>,
}

impl AnalysisFile {
    /// Reads and checks an analysis file.
    pub fn parse(text: &str) -> Result<Settings, SettingsError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| SettingsError::NotJson(e.to_string()))?;
        let format = value.get("format").and_then(|f| f.as_str()).unwrap_or_default();
        if format != FORMAT {
            return Err(SettingsError::WrongFormat(format.to_owned()));
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version != u64::from(VERSION) {
            return Err(SettingsError::UnknownVersion(
                version.min(u64::from(u32::MAX)) as u32
            ));
        }
        let file: AnalysisFile =
            serde_json::from_value(value).map_err(|e| SettingsError::Invalid(e.to_string()))?;
        file.into_settings()
    }

    fn into_settings(self) -> Result<Settings, SettingsError> {
        let invalid = |message: String| SettingsError::Invalid(message);
        let mut kind_weights = KindWeights::default();
        for (name, weight) in &self.kind_weights {
            let kind = Kind::from_id(name).map_err(invalid)?;
            kind_weights.set(kind, checked_weight(&format!("the weight of {name}"), *weight)?);
        }
        let mut params = LensParams::default();
        for (metric, given) in self.params {
            if metric == influence_index::METRIC.info.id {
                return Err(invalid(
                    "the index's pillar weights go under \"index_weights\", not \"params\"".into(),
                ));
            }
            let params_of = Params(given);
            params
                .set(&metric, params_of)
                .map_err(|e| invalid(e.to_string()))?;
        }
        let mut index_weights = IndexWeights::default();
        for (name, weight) in &self.index_weights {
            let pillar = Pillar::parse(name).ok_or_else(|| {
                invalid(format!(
                    "unknown pillar '{name}'; pillars: reach, amplification, conversation, network"
                ))
            })?;
            index_weights.set(pillar, *weight);
        }
        params
            .set(influence_index::METRIC.info.id, index_weights.to_params())
            .map_err(|e| invalid(e.to_string()))?;
        for file in &self.files {
            if file.sha256.len() != 64 || !file.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(invalid(format!(
                    "the SHA-256 of {} is not 64 hex digits",
                    file.name
                )));
            }
        }
        Ok(Settings {
            files: self.files,
            kind_weights,
            params,
            layout: self.layout,
            pseudonyms: if self.pseudonymise {
                Some(self.salt.unwrap_or_default())
            } else {
                None
            },
        })
    }
}

fn checked_weight(what: &str, weight: f64) -> Result<f64, SettingsError> {
    if weight.is_finite() && weight >= 0.0 {
        Ok(weight)
    } else {
        Err(SettingsError::Invalid(format!(
            "{what} must be a number ≥ 0, got {weight}"
        )))
    }
}

impl Settings {
    /// The file that says these settings: every kind weight, pillar weight and lens
    /// parameter in force written out (defaults included for the lenses that have any
    /// set), so a reader needs no knowledge of this version's defaults.
    pub fn to_file(&self) -> AnalysisFile {
        let kind_weights = Kind::ALL
            .iter()
            .map(|&kind| (kind.as_str().to_owned(), self.kind_weights.get(kind)))
            .collect();
        let index_info = &influence_index::METRIC.info;
        let index_weights =
            IndexWeights::from_params(self.params.get(index_info.id)).expect("checked when set");
        let index_weights = Pillar::ALL
            .iter()
            .map(|&pillar| (pillar.id().to_owned(), index_weights.get(pillar)))
            .collect();
        let params = self
            .params
            .iter()
            .filter(|(id, _)| *id != index_info.id)
            .map(|(id, params)| {
                let info = &metrics::find(id).expect("a catalogue id").info;
                let values = params
                    .effective(info)
                    .into_iter()
                    .filter_map(|(param, value)| Some((param.to_owned(), value?)))
                    .collect();
                (id.to_owned(), values)
            })
            .collect();
        AnalysisFile {
            format: FORMAT.to_owned(),
            version: VERSION,
            attache_version: env!("CARGO_PKG_VERSION").to_owned(),
            files: self.files.clone(),
            kind_weights,
            index_weights,
            params,
            layout: self.layout.clone(),
            pseudonymise: self.pseudonyms.is_some(),
            salt: self.pseudonyms.clone(),
        }
    }

    /// The analysis file as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_file()).expect("plain data serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> &'static str {
        r#"{"format": "attache-analysis", "version": 1}"#
    }

    #[test]
    fn a_minimal_file_is_the_defaults() {
        let settings = AnalysisFile::parse(minimal()).unwrap();
        assert_eq!(settings.kind_weights, KindWeights::default());
        assert_eq!(
            IndexWeights::from_params(settings.params.get("influence_index")).unwrap(),
            IndexWeights::default()
        );
        assert!(settings.files.is_empty() && settings.pseudonyms.is_none());
    }

    #[test]
    fn settings_survive_the_round_trip() {
        let text = r#"{"format": "attache-analysis", "version": 1,
            "files": [{"name": "dir/a.csv", "size": 3, "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}],
            "kind_weights": {"repost": 2, "follow": 0},
            "index_weights": {"network": 3},
            "params": {"pagerank": {"alpha": 0.5, "seeds": ["x", "y"]}, "community": {"resolution": 1.5}},
            "pseudonymise": true, "salt": "42"}"#;
        let settings = AnalysisFile::parse(text).unwrap();
        assert_eq!(settings.kind_weights.get(Kind::Repost), 2.0);
        assert_eq!(settings.files[0].base_name(), "a.csv");
        assert_eq!(settings.pseudonyms.as_deref(), Some("42"));
        let again = AnalysisFile::parse(&settings.to_json()).unwrap();
        assert_eq!(again, settings);
        let written: serde_json::Value = serde_json::from_str(&settings.to_json()).unwrap();
        // Every parameter of a lens with settings is written, defaults included.
        assert_eq!(written["params"]["pagerank"]["tolerance"], 1e-10);
        assert_eq!(written["index_weights"]["reach"], 1.0);
        assert!(written["params"].get("influence_index").is_none());
    }

    #[test]
    fn what_would_change_a_result_silently_is_refused() {
        let refused = [
            ("not json", "not valid JSON"),
            (
                r#"{"format": "gexf", "version": 1}"#,
                "not an attaché analysis file",
            ),
            (r#"{"format": "attache-analysis", "version": 2}"#, "version 2"),
            (
                r#"{"format": "attache-analysis", "version": 1, "colour": 1}"#,
                "unknown field",
            ),
            (
                r#"{"format": "attache-analysis", "version": 1, "params": {"pagerank": {"beta": 1}}}"#,
                "no parameter 'beta'",
            ),
            (
                r#"{"format": "attache-analysis", "version": 1, "params": {"fame": {}}}"#,
                "unknown metric 'fame'",
            ),
            (
                r#"{"format": "attache-analysis", "version": 1, "params": {"pagerank": {"alpha": 2}}}"#,
                "between 0 and 1",
            ),
            (
                r#"{"format": "attache-analysis", "version": 1, "kind_weights": {"like": 1}}"#,
                "unknown interaction kind 'like'",
            ),
            (
                r#"{"format": "attache-analysis", "version": 1, "index_weights": {"fame": 1}}"#,
                "unknown pillar",
            ),
            (
                r#"{"format": "attache-analysis", "version": 1, "index_weights": {"reach": -1}}"#,
                "between 0 and 100",
            ),
        ];
        for (text, expected) in refused {
            let message = AnalysisFile::parse(text).unwrap_err().to_string();
            assert!(message.contains(expected), "{text}: {message}");
        }
    }
}
