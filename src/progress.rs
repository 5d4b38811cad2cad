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

/// Reports the progress of one part of a longer job as the job's: the part's fractions
/// map into `start..start + span` of `phase`. Cancellation passes through.
pub struct Within<'a> {
    outer: &'a mut dyn Progress,
    phase: &'a str,
    start: f64,
    span: f64,
}

impl<'a> Within<'a> {
    pub fn new(outer: &'a mut dyn Progress, phase: &'a str, start: f64, span: f64) -> Self {
        Within {
            outer,
            phase,
            start,
            span,
        }
    }
}

impl Progress for Within<'_> {
    fn report(&mut self, _phase: &str, fraction: f64) {
        let fraction = self.start + self.span * fraction.clamp(0.0, 1.0);
        self.outer.report(self.phase, fraction);
    }

    fn is_cancelled(&self) -> bool {
        self.outer.is_cancelled()
    }
}

/// Passes reports on at most once per percent of each phase (a listener across a thread
/// or worker boundary should not receive one message per iteration). Cancellation is
/// asked of the listener every time.
pub struct Throttled<P: Progress> {
    inner: P,
    last: Option<(String, i32)>,
}

impl<P: Progress> Throttled<P> {
    pub fn new(inner: P) -> Self {
        Throttled { inner, last: None }
    }
}

impl<P: Progress> Progress for Throttled<P> {
    fn report(&mut self, phase: &str, fraction: f64) {
        let percent = (fraction * 100.0) as i32;
        if self
            .last
            .as_ref()
            .is_some_and(|(p, c)| p == phase && *c == percent)
        {
            return;
        }
        self.last = Some((phase.to_owned(), percent));
        self.inner.report(phase, fraction);
    }

    fn is_cancelled(&self) -> bool {
        self.inner.is_cancelled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Recorder {
        seen: Vec<(String, f64)>,
        cancel: bool,
    }

    impl Progress for Recorder {
        fn report(&mut self, phase: &str, fraction: f64) {
            self.seen.push((phase.to_owned(), fraction));
        }

        fn is_cancelled(&self) -> bool {
            self.cancel
        }
    }

    #[test]
    fn throttled_reports_once_per_percent_and_phase() {
        let mut throttled = Throttled::new(Recorder::default());
        for step in 0..1000 {
            throttled.report("PageRank", f64::from(step) / 1000.0);
        }
        throttled.report("Layout", 0.0);
        assert_eq!(throttled.inner.seen.len(), 101);
        assert_eq!(throttled.inner.seen[100], ("Layout".to_owned(), 0.0));
    }

    #[test]
    fn a_part_reports_within_its_share_and_passes_cancellation_on() {
        let mut outer = Recorder::default();
        let mut part = Within::new(&mut outer, "Windows", 0.5, 0.25);
        part.report("PageRank", 0.5);
        assert_eq!(part.step("PageRank", 1.0), Ok(()));
        assert_eq!(
            outer.seen,
            vec![("Windows".to_owned(), 0.625), ("Windows".to_owned(), 0.75)]
        );
        outer.cancel = true;
        assert_eq!(
            Within::new(&mut outer, "x", 0.0, 1.0).step("y", 0.1),
            Err(Cancelled)
        );
    }
}
