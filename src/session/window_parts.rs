//! The windows of a timeline scored across the page's worker pool (see
//! [`crate::timeline::WindowEdges`]): the owner asks whether a width's PageRank splits,
//! hands out the copy, computes windows too, and keeps every window's scores, which the
//! trajectories and movers then read instead of computing them again. Natively the
//! windows split across threads inside [`Timeline`] and nothing is kept.

use std::sync::{Arc, PoisonError};

use super::{width_key, Session, SessionError};
use crate::metrics::pagerank::{Seeded, METRIC};
use crate::timeline::{KeptWindows, Scoring, Timeline, WindowEdges, WindowMetric, WindowWidth};

/// The most the kept scores may take (8 bytes per account and window): past it the
/// windows are computed on the owner alone, as they were before the pool.
pub const KEPT_WINDOWS_BYTES: u64 = 64 << 20;

/// The scores of one width's windows, with the key they were computed under.
pub(super) struct Kept {
    key: String,
    windows: Arc<KeptWindows>,
}

impl Session {
    /// How many windows (blocks) `metric` over windows of `width` splits into for a
    /// pool; `None` when it does not split (not PageRank, fewer than two windows, too
    /// large to keep) or when its scores are kept already.
    pub fn window_split_plan(
        &self,
        width: WindowWidth,
        metric: WindowMetric,
    ) -> Result<Option<usize>, SessionError> {
        if metric != WindowMetric::PageRank {
            return Ok(None);
        }
        let windows = self.timeline(width)?.windows().len();
        let accounts = self.network()?.account_count();
        let too_large = KeptWindows::bytes(windows, accounts) > KEPT_WINDOWS_BYTES;
        if windows < 2 || too_large || self.kept_windows(width)?.is_some() {
            return Ok(None);
        }
        Ok(Some(windows))
    }

    /// The key of the windows' copy: it changes exactly when a window's PageRank would
    /// (the width, the PageRank parameters, the kind weights), so a helper holding the
    /// copy of that key needs no new one.
    pub fn window_key(&self, width: WindowWidth) -> Result<String, SessionError> {
        let params = self.analysis()?.params("pagerank").key(&METRIC.info);
        Ok(format!(
            "windows|{}|{params}|{}",
            width_key(width),
            self.snapshot()?.1
        ))
    }

    /// Every window's edges and the PageRank settings, for the helpers.
    pub fn window_copy(&self, width: WindowWidth) -> Result<(WindowEdges, Seeded), SessionError> {
        let analysis = self.analysis()?;
        let pagerank = Seeded::read(analysis.params("pagerank"), analysis.network())?;
        Ok((self.timeline(width)?.window_edges(analysis), pagerank))
    }

    /// Window `window`'s PageRank, computed here (the owner computes windows too).
    pub fn run_window(
        &self,
        width: WindowWidth,
        window: usize,
        progress: &mut dyn crate::progress::Progress,
    ) -> Result<Vec<f64>, SessionError> {
        Ok(self
            .timeline(width)?
            .run_window(self.analysis()?, window, progress)?)
    }

    /// Keeps the PageRank of every window of `width`, in window order (an empty window's
    /// part is empty): the trajectories and movers read them from now on.
    pub fn accept_windows(&self, width: WindowWidth, parts: Vec<Vec<f64>>) -> Result<(), SessionError> {
        let windows = Arc::new(self.timeline(width)?.keep(self.analysis()?, parts)?);
        let key = self.window_key(width)?;
        *self.kept_windows.lock().unwrap_or_else(PoisonError::into_inner) = Some(Kept { key, windows });
        Ok(())
    }

    /// The kept scores of `width`'s windows, if they are those the settings in force give.
    fn kept_windows(&self, width: WindowWidth) -> Result<Option<Arc<KeptWindows>>, SessionError> {
        let key = self.window_key(width)?;
        let kept = self.kept_windows.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(kept
            .as_ref()
            .filter(|k| k.key == key)
            .map(|k| Arc::clone(&k.windows)))
    }

    /// Runs `answer` on the timeline of `width` with the scores of `metric`: those kept,
    /// or computed.
    pub(super) fn scoring<T>(
        &self,
        width: WindowWidth,
        metric: WindowMetric,
        answer: impl FnOnce(&Timeline, Scoring) -> Result<T, SessionError>,
    ) -> Result<T, SessionError> {
        let timeline = self.timeline(width)?;
        let kept = match metric {
            WindowMetric::PageRank => self.kept_windows(width)?,
            _ => None,
        };
        answer(
            &timeline,
            kept.as_deref().map_or(Scoring::Compute(metric), Scoring::Kept),
        )
    }
}
