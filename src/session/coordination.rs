//! Coordinated amplification on the session: the coordination network under the
//! `coordination` lens's parameters in force (so the lens, the command line and the page
//! read one setting), and its shapes for the doors.

use std::io::Write;

use crate::api::{CoordinationReport, CoordinationView};
use crate::coordination::{self, Coordination, CoordinationOptions, CoordinationParams};
use crate::export::coordination as export;
use crate::metrics::coordination as lens;
use crate::metrics::MetricError;
use crate::progress::Progress;

use super::{ExportError, Session, SessionError};

/// The most baseline permutations one request may ask for (each is a sweep of the actions).
pub const MAX_PERMUTATIONS: u32 = 1000;

impl Session {
    /// The coordination network's parameters in force: the `coordination` lens's.
    pub fn coordination_params(&self) -> CoordinationParams {
        lens::settings(&self.params(lens::METRIC.info.id)).expect("checked when set")
    }

    /// Sets the coordination network's parameters (the lens's: its column follows).
    pub fn set_coordination_params(&mut self, params: &CoordinationParams) -> Result<(), SessionError> {
        self.set_params(lens::METRIC.info.id, lens::params(params))
    }

    /// The coordination network, its groups and their baseline, under the parameters in
    /// force (see [`crate::coordination`]).
    pub fn coordination(
        &self,
        options: &CoordinationOptions,
        progress: &mut dyn Progress,
    ) -> Result<Coordination, SessionError> {
        if options.permutations > MAX_PERMUTATIONS {
            return Err(SessionError::BadValue(format!(
                "the baseline takes at most {MAX_PERMUTATIONS} permutations, got {}",
                options.permutations
            )));
        }
        let params = self.coordination_params();
        coordination::coordination(self.network()?, &params, options, progress)
            .map_err(|_| SessionError::Metric(MetricError::Cancelled))
    }

    /// [`Session::coordination`] named as the command line's JSON shows it.
    pub fn coordination_report(
        &self,
        options: &CoordinationOptions,
        progress: &mut dyn Progress,
    ) -> Result<CoordinationReport, SessionError> {
        let found = self.coordination(options, progress)?;
        Ok(CoordinationReport::new(&found, &self.names()?, self.network()?))
    }

    /// [`Session::coordination`] as the page draws it: the report with account indices and
    /// each group's actions.
    pub fn coordination_view(
        &self,
        options: &CoordinationOptions,
        progress: &mut dyn Progress,
    ) -> Result<CoordinationView, SessionError> {
        let found = self.coordination(options, progress)?;
        Ok(CoordinationView::new(&found, &self.names()?, self.network()?))
    }

    /// [`Session::coordination_report`] as indented JSON (the command line's `--format json`
    /// and the page's download: one writer, the same bytes).
    pub fn write_coordination_json(
        &self,
        options: &CoordinationOptions,
        progress: &mut dyn Progress,
        out: impl Write,
    ) -> Result<(), ExportError> {
        Ok(export::write_json(
            &self.coordination_report(options, progress)?,
            out,
        )?)
    }

    /// The coordination network's pairs as CSV: `a,b,shared,group`.
    pub fn write_coordination_csv(
        &self,
        options: &CoordinationOptions,
        progress: &mut dyn Progress,
        out: impl Write,
    ) -> Result<(), ExportError> {
        let found = self.coordination(options, progress)?;
        Ok(export::write_csv(&found, &self.names()?, self.network()?, out)?)
    }
}
