//! Progress reporting and cancellation for long work (ingest, metrics, layout).
//!
//! The core never knows who listens: the command-line tool ignores progress, the wasm
//! façade forwards it to the worker, which posts it to the page.

/// Receives progress and answers whether to stop. Work calls `report` between units
/// (a file chunk, an iteration, a batch of sources) and stops with [`Cancelled`] when asked.
pub trait Progress {
    /// `fraction` is in `0.0..=1.0` within the named phase.
    fn report(&mut self, phase: &str, fraction: f64);

    fn is_cancelled(&self) -> bool {
        false
    }

    /// Reports, then returns `Err(Cancelled)` if the listener asked to stop.
    fn step(&mut self, phase: &str, fraction: f64) -> Result<(), Cancelled> {
        self.report(phase, fraction);
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// The listener that ignores everything.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {
    fn report(&mut self, _phase: &str, _fraction: f64) {}
}

/// The work was stopped on request; nothing partial is returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled")
    }
}

impl std::error::Error for Cancelled {}
