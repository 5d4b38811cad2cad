//! Computations cut into blocks that any thread, or any worker of the page's pool, runs
//! alone, merged in a fixed order, so that the result is the same bits whatever ran them.
//!
//! A [`Split`] is planned from the graph and the parameters only, never from the number
//! of threads: the sources of a search-per-source metric are cut into at most
//! [`MAX_BLOCKS`] consecutive ranges, Louvain's restarts are one block each. Every block
//! is computed from zero, and the merge takes the parts in block order: betweenness adds
//! the parts as `((b0 + b1) + b2) + …`, closeness and harmonic place each source's value,
//! communities keep the best modularity (ties to the earlier restart). One thread runs
//! the same blocks in the same order, so 1, 2 or 8 threads (natively: [`compute`]; in the
//! page: the worker pool through `src/wasm.rs`) give byte-identical columns.
//!
//! What a block returns (its *part*), one `f64` array so that it crosses to JS as one
//! typed array:
//! * betweenness: the summed dependencies of the block's sources, one per account;
//! * closeness, harmonic: the values of the block's sources, in source order;
//! * communities: the restart's labels, one per account, then its modularity.
//!
//! Complexity: that of the metric; merging adds O(blocks × V) for betweenness.

use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use super::bfs::Bfs;
use super::community::{self, Partition};
use super::{betweenness, closeness, harmonic, MetricError, MetricOutput, Params};
use crate::csr::Csr;
use crate::progress::{Cancelled, Progress};

/// The most blocks a search per source is cut into: enough to keep 8 threads busy to the
/// end (blocks are not equally costly), few enough that merging costs nothing.
pub const MAX_BLOCKS: usize = 64;

/// A metric's computation cut into blocks (see the module documentation).
pub struct Split {
    work: Work,
    blocks: usize,
}

enum Work {
    Betweenness(betweenness::Plan),
    Closeness,
    Harmonic,
    Communities(community::Restarts),
}

/// Called by a running block once per unit of work done (a source searched, a restart
/// finished: `units` of them; 0 at a checkpoint inside a long unit). Fails when cancelled.
pub type Tick<'a> = dyn FnMut(usize) -> Result<(), Cancelled> + 'a;

impl Split {
    /// How metric `id` splits on `graph` with `params`; `None` when it does not split.
    /// Fails on bad parameters, as computing would.
    pub fn plan(id: &str, graph: &Csr, params: &Params) -> Result<Option<Split>, MetricError> {
        let n = graph.node_count();
        let work = match id {
            "betweenness" => Work::Betweenness(betweenness::plan(n, params)?),
            "closeness" => Work::Closeness,
            "harmonic" => Work::Harmonic,
            "community" => Work::Communities(community::restarts(graph.undirected(), params)?),
            _ => return Ok(None),
        };
        let blocks = match &work {
            Work::Communities(restarts) => restarts.count(),
            work => work.source_count(n).min(MAX_BLOCKS),
        };
        Ok(Some(Split { work, blocks }))
    }

    pub fn block_count(&self) -> usize {
        self.blocks
    }

    /// The name progress is reported under.
    pub fn phase(&self) -> &'static str {
        match self.work {
            Work::Betweenness(_) => "Betweenness",
            Work::Closeness => "Closeness",
            Work::Harmonic => "Harmonic centrality",
            Work::Communities(_) => "Communities",
        }
    }

    /// The units of work (sources, restarts) of the whole computation, for progress.
    pub fn units(&self, graph: &Csr) -> usize {
        match &self.work {
            Work::Communities(restarts) => restarts.count(),
            work => work.source_count(graph.node_count()),
        }
    }

    /// Block `block`'s part, computed from zero; pure, so any thread or worker may run it.
    pub fn run_block(&self, graph: &Csr, block: usize, tick: &mut Tick) -> Result<Vec<f64>, Cancelled> {
        assert!(block < self.blocks, "block {block} of {}", self.blocks);
        match &self.work {
            Work::Betweenness(plan) => {
                let sources = &plan.sources()[self.source_range(graph, block)];
                betweenness::summed_dependencies(&graph.out, sources, tick)
            }
            Work::Closeness => {
                let others = graph.node_count().saturating_sub(1) as f64;
                self.score_sources(graph, block, tick, |search| closeness::value(search, others))
            }
            Work::Harmonic => self.score_sources(graph, block, tick, harmonic::value),
            Work::Communities(restarts) => {
                let partition = restarts.run(graph.undirected(), block, &mut || tick(0))?;
                tick(1)?;
                let mut part: Vec<f64> = partition.labels.iter().map(|&c| f64::from(c)).collect();
                part.push(partition.modularity);
                Ok(part)
            }
        }
    }

    /// [`Split::run_block`] for a caller that reports through a [`Progress`]: its
    /// fractions are this block's share of the whole split's units. Refuses a block the
    /// split does not have (the number came from another worker).
    pub fn run_block_reporting(
        &self,
        graph: &Csr,
        block: usize,
        progress: &mut dyn Progress,
    ) -> Result<Vec<f64>, MetricError> {
        if block >= self.blocks {
            return Err(MetricError::BadParts(format!(
                "the split has {} blocks, not {}",
                self.blocks,
                block + 1
            )));
        }
        let phase = self.phase();
        let total = self.units(graph).max(1) as f64;
        let mut done = 0;
        let part = self.run_block(graph, block, &mut |units| {
            done += units;
            progress.step(phase, done as f64 / total)
        })?;
        Ok(part)
    }

    /// Collects the parts, in block order, into the metric's output (the callers that run
    /// blocks out of order put them back in order first: [`in_block_order`], the page's pool).
    pub fn merger<'a>(&'a self, graph: &'a Csr) -> Merger<'a> {
        let n = graph.node_count();
        let merged = match self.work {
            Work::Communities(_) => Merged::Best(None),
            _ => Merged::Values(vec![0.0; n]),
        };
        Merger {
            split: self,
            graph,
            next: 0,
            merged,
        }
    }

    /// Sources `range` of the block (consecutive, equal within one).
    fn source_range(&self, graph: &Csr, block: usize) -> Range<usize> {
        let count = self.work.source_count(graph.node_count());
        block * count / self.blocks..(block + 1) * count / self.blocks
    }

    /// One breadth-first search along the in-adjacency per source of the block.
    fn score_sources(
        &self,
        graph: &Csr,
        block: usize,
        tick: &mut Tick,
        score: impl Fn(&Bfs) -> f64,
    ) -> Result<Vec<f64>, Cancelled> {
        let range = self.source_range(graph, block);
        let mut search = Bfs::new(graph.node_count());
        let mut values = Vec::with_capacity(range.len());
        for source in range {
            search.run(&graph.inc, source);
            values.push(score(&search));
            tick(1)?;
        }
        Ok(values)
    }

    /// The length a part of `block` must have.
    fn part_len(&self, graph: &Csr, block: usize) -> usize {
        match self.work {
            Work::Betweenness(_) => graph.node_count(),
            Work::Closeness | Work::Harmonic => self.source_range(graph, block).len(),
            Work::Communities(_) => graph.node_count() + 1,
        }
    }
}

impl Work {
    /// How many sources a search-per-source metric searches from.
    fn source_count(&self, n: usize) -> usize {
        match self {
            Work::Betweenness(plan) => plan.sources().len(),
            Work::Closeness | Work::Harmonic => n,
            Work::Communities(_) => 0,
        }
    }
}

/// The split planned last, by a key of the metric and its parameters: every block of a
/// column is run from the same plan (a sampled betweenness draws its sources once, however
/// many blocks are asked for), by the session and by a helper worker's copy alike.
#[derive(Default)]
pub struct LastPlan(Mutex<Option<(String, Arc<Split>)>>);

impl LastPlan {
    /// The split for `key`: the one kept if it was planned for `key`, else `plan()`'s.
    pub fn get_or_plan(
        &self,
        key: String,
        plan: impl FnOnce() -> Result<Option<Split>, MetricError>,
    ) -> Result<Option<Arc<Split>>, MetricError> {
        let mut last = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((planned_for, split)) = last.as_ref() {
            if *planned_for == key {
                return Ok(Some(Arc::clone(split)));
            }
        }
        let Some(split) = plan()? else { return Ok(None) };
        let split = Arc::new(split);
        *last = Some((key, Arc::clone(&split)));
        Ok(Some(split))
    }

    /// Forgets the plan (the graph changed).
    pub fn forget(&mut self) {
        *self.0.get_mut().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

/// Merges parts in block order.
pub struct Merger<'a> {
    split: &'a Split,
    graph: &'a Csr,
    /// The block whose part comes next.
    next: usize,
    merged: Merged,
}

enum Merged {
    /// Betweenness totals, or the values of closeness and harmonic.
    Values(Vec<f64>),
    Best(Option<Partition>),
}

impl Merger<'_> {
    /// Takes block `block`'s part, which must be the next block's. A part of the wrong
    /// length, or a block given twice, out of order or unknown, is refused (parts come from
    /// other workers: a mistake there must not become a result).
    pub fn add(&mut self, block: usize, part: Vec<f64>) -> Result<(), String> {
        let split = self.split;
        if block != self.next {
            return Err(format!(
                "block {block} of {} given twice, out of order or unknown (block {} is next)",
                split.blocks, self.next
            ));
        }
        let expected = split.part_len(self.graph, block);
        if part.len() != expected {
            return Err(format!(
                "block {block} has {} values, expected {expected}",
                part.len()
            ));
        }
        self.merge(block, part);
        self.next += 1;
        Ok(())
    }

    fn merge(&mut self, block: usize, part: Vec<f64>) {
        match &mut self.merged {
            Merged::Values(values) => match self.split.work {
                Work::Betweenness(_) => values.iter_mut().zip(&part).for_each(|(v, p)| *v += p),
                _ => values[self.split.source_range(self.graph, block)].copy_from_slice(&part),
            },
            Merged::Best(best) => {
                let modularity = part[part.len() - 1];
                let labels = part[..part.len() - 1].iter().map(|&c| c as u32).collect();
                if best.as_ref().is_none_or(|kept| modularity > kept.modularity) {
                    *best = Some(Partition { labels, modularity });
                }
            }
        }
    }

    /// The metric's output, once every block is merged.
    pub fn finish(self) -> Result<MetricOutput, String> {
        if self.next != self.split.blocks {
            return Err(format!("{} of {} blocks merged", self.next, self.split.blocks));
        }
        let n = self.graph.node_count();
        Ok(match (&self.split.work, self.merged) {
            (Work::Betweenness(plan), Merged::Values(totals)) => plan.finish(n, totals),
            (Work::Communities(_), Merged::Best(best)) => {
                community::output(&best.unwrap_or_else(|| community::singletons(n)))
            }
            (_, Merged::Values(values)) => MetricOutput::values(values),
            (_, Merged::Best(_)) => unreachable!("only communities keep a best partition"),
        })
    }
}

/// Runs every block of `split` on up to `threads` threads (natively; one in wasm, where the
/// page's pool splits instead) and merges them. Progress and cancel stay on this thread.
pub fn compute(
    split: &Split,
    graph: &Csr,
    threads: usize,
    progress: &mut dyn Progress,
) -> Result<MetricOutput, Cancelled> {
    let mut merger = split.merger(graph);
    in_block_order(
        split.block_count(),
        threads,
        split.units(graph),
        split.phase(),
        progress,
        &|block, tick| split.run_block(graph, block, tick),
        &mut |block, part| merger.add(block, part).expect("own blocks fit"),
    )?;
    Ok(merger.finish().expect("every block merged"))
}

/// Runs blocks `0..count` (`run` computes one, calling its tick as it goes, `units` ticks
/// in all) on up to `threads` threads, and hands each result to `merge` in block order,
/// whatever order they finish in. Natively only: in wasm, and with one thread, the blocks
/// run here one after the other. Progress and cancel stay on this thread.
pub fn in_block_order<T: Send>(
    count: usize,
    threads: usize,
    units: usize,
    phase: &str,
    progress: &mut dyn Progress,
    run: &(dyn Fn(usize, &mut Tick) -> Result<T, Cancelled> + Sync),
    merge: &mut dyn FnMut(usize, T),
) -> Result<(), Cancelled> {
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && count > 1 {
        return threaded::in_block_order(count, threads, units, phase, progress, run, merge);
    }
    let _ = threads;
    let total = units.max(1) as f64;
    let mut done = 0;
    progress.step(phase, 0.0)?;
    for block in 0..count {
        let part = run(block, &mut |finished| {
            done += finished;
            progress.step(phase, done as f64 / total)
        })?;
        merge(block, part);
    }
    Ok(())
}

/// A [`Progress`] over a block's tick, for code that reports through one (a window's
/// PageRank): its steps are checkpoints, its fractions are not counted as units.
pub struct TickProgress<'a, 'b>(pub &'a mut Tick<'b>);

impl Progress for TickProgress<'_, '_> {
    fn report(&mut self, _phase: &str, _fraction: f64) {}

    fn step(&mut self, _phase: &str, _fraction: f64) -> Result<(), Cancelled> {
        (self.0)(0)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod threaded {
    //! Blocks on scoped threads: each thread takes the next block from a shared counter;
    //! this thread puts the results back in block order, reports progress and passes on
    //! a cancel.

    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::sync::{Condvar, Mutex, PoisonError};
    use std::time::Duration;

    use super::{Progress, Tick};
    use crate::progress::Cancelled;

    /// How often progress is reported (and a cancel looked for) while blocks run.
    const REPORT_EVERY: Duration = Duration::from_millis(50);

    /// What the threads share.
    struct Shared {
        count: usize,
        next_block: AtomicUsize,
        units_done: AtomicUsize,
        stop: AtomicBool,
        /// Blocks merged so far; a thread does not start a block more than `lookahead`
        /// ahead of it, so that results waiting for an earlier, slower block stay few
        /// (a betweenness part holds one value per account).
        merged: Mutex<usize>,
        merged_moved: Condvar,
        lookahead: usize,
    }

    impl Shared {
        /// The next block for a thread, once it may start; None when none is left or the
        /// run was stopped.
        fn next(&self) -> Option<usize> {
            let block = self.next_block.fetch_add(1, Ordering::Relaxed);
            if block >= self.count {
                return None;
            }
            let mut merged = self.merged.lock().unwrap_or_else(PoisonError::into_inner);
            while block >= *merged + self.lookahead && !self.stopped() {
                merged = self
                    .merged_moved
                    .wait(merged)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            (!self.stopped()).then_some(block)
        }

        fn stopped(&self) -> bool {
            self.stop.load(Ordering::Relaxed)
        }

        fn set_merged(&self, merged: usize) {
            *self.merged.lock().unwrap_or_else(PoisonError::into_inner) = merged;
            self.merged_moved.notify_all();
        }

        fn stop(&self) {
            self.stop.store(true, Ordering::Relaxed);
            let _guard = self.merged.lock().unwrap_or_else(PoisonError::into_inner);
            self.merged_moved.notify_all();
        }
    }

    pub(super) fn in_block_order<T: Send>(
        count: usize,
        threads: usize,
        units: usize,
        phase: &str,
        progress: &mut dyn Progress,
        run: &(dyn Fn(usize, &mut Tick) -> Result<T, Cancelled> + Sync),
        merge: &mut dyn FnMut(usize, T),
    ) -> Result<(), Cancelled> {
        let shared = Shared {
            count,
            next_block: AtomicUsize::new(0),
            units_done: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            merged: Mutex::new(0),
            merged_moved: Condvar::new(),
            lookahead: 2 * threads,
        };
        let (results, arrivals) = mpsc::channel();
        std::thread::scope(|scope| {
            for _ in 0..threads.min(count) {
                let results = results.clone();
                let shared = &shared;
                scope.spawn(move || run_blocks(shared, run, &results));
            }
            drop(results);
            let merged = merge_arrivals(&shared, &arrivals, units, phase, progress, merge);
            if merged.is_err() {
                shared.stop();
            }
            merged
        })
    }

    /// One thread: blocks in the order the counter hands them out, until none is left.
    fn run_blocks<T>(
        shared: &Shared,
        run: &(dyn Fn(usize, &mut Tick) -> Result<T, Cancelled> + Sync),
        results: &mpsc::Sender<(usize, T)>,
    ) {
        while let Some(block) = shared.next() {
            let result = run(block, &mut |units| {
                shared.units_done.fetch_add(units, Ordering::Relaxed);
                if shared.stopped() {
                    Err(Cancelled)
                } else {
                    Ok(())
                }
            });
            let Ok(result) = result else { return };
            if results.send((block, result)).is_err() {
                return;
            }
        }
    }

    /// This thread: hands results to `merge` in block order as they come, reports
    /// progress, and fails when the listener cancels (the caller then stops every thread).
    fn merge_arrivals<T>(
        shared: &Shared,
        arrivals: &mpsc::Receiver<(usize, T)>,
        units: usize,
        phase: &str,
        progress: &mut dyn Progress,
        merge: &mut dyn FnMut(usize, T),
    ) -> Result<(), Cancelled> {
        let total = units.max(1) as f64;
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        loop {
            match arrivals.recv_timeout(REPORT_EVERY) {
                Ok((block, result)) => {
                    waiting.insert(block, result);
                    while let Some(result) = waiting.remove(&next) {
                        merge(next, result);
                        next += 1;
                    }
                    shared.set_merged(next);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            let done = shared.units_done.load(Ordering::Relaxed) as f64;
            progress.step(phase, done / total)?;
        }
        // Every thread has ended: a block missing means one stopped without a result.
        if next == shared.count {
            Ok(())
        } else {
            Err(Cancelled)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    /// A directed graph with cycles, hubs and isolated accounts, from a fixed generator.
    fn graph(n: u32, edges: usize) -> Csr {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let list: Vec<(u32, u32, f64)> = (0..edges)
            .map(|_| {
                let s = (next() % u64::from(n)) as u32;
                let t = (next() % u64::from(n / 2 + 1)) as u32;
                (s, t, 1.0 + (next() % 3) as f64)
            })
            .collect();
        Csr::from_edges(n as usize, list.into_iter())
    }

    fn cases() -> Vec<(&'static str, Params)> {
        vec![
            ("betweenness", Params::default()),
            ("betweenness", Params::default().with("k", 37.0).with("seed", 5.0)),
            ("closeness", Params::default()),
            ("harmonic", Params::default()),
            ("community", Params::default().with("restarts", 6.0)),
        ]
    }

    fn bits(output: &MetricOutput) -> Vec<u64> {
        let values = output.values.iter().map(|v| v.to_bits());
        values
            .chain(output.details.iter().map(|d| d.value.to_bits()))
            .collect()
    }

    #[test]
    fn any_thread_count_gives_the_same_bits() {
        let g = graph(300, 900);
        for (id, params) in cases() {
            let split = Split::plan(id, &g, &params).unwrap().unwrap();
            assert!(split.block_count() > 1, "{id}");
            let one = compute(&split, &g, 1, &mut Silent).unwrap();
            for threads in [2, 3, 8] {
                let many = compute(&split, &g, threads, &mut Silent).unwrap();
                assert_eq!(bits(&one), bits(&many), "{id} on {threads} threads");
            }
        }
    }

    #[test]
    fn parts_computed_in_any_order_merge_to_the_same_bits() {
        let g = graph(200, 700);
        for (id, params) in cases() {
            let split = Split::plan(id, &g, &params).unwrap().unwrap();
            let serial = compute(&split, &g, 1, &mut Silent).unwrap();
            let count = split.block_count();
            // Reversed, then every other: the parts are computed in no useful order.
            let order: Vec<usize> = (0..count)
                .rev()
                .filter(|b| b % 2 == 0)
                .chain((0..count).filter(|b| b % 2 == 1))
                .collect();
            let mut parts = vec![Vec::new(); count];
            for block in order {
                parts[block] = split.run_block(&g, block, &mut |_| Ok(())).unwrap();
            }
            let mut merger = split.merger(&g);
            for (block, part) in parts.into_iter().enumerate() {
                merger.add(block, part).unwrap();
            }
            assert_eq!(bits(&serial), bits(&merger.finish().unwrap()), "{id}");
        }
    }

    #[test]
    fn the_split_is_the_metric() {
        // What a metric computes is its split's result: one definition, whatever door.
        let g = graph(120, 400);
        for (id, params) in cases() {
            let split = Split::plan(id, &g, &params).unwrap().unwrap();
            let direct =
                crate::metrics::run_on_graph(crate::metrics::find(id).unwrap(), &g, &params).unwrap();
            assert_eq!(
                bits(&direct),
                bits(&compute(&split, &g, 1, &mut Silent).unwrap()),
                "{id}"
            );
        }
    }

    #[test]
    fn wrong_parts_are_refused() {
        let g = graph(50, 150);
        let split = Split::plan("betweenness", &g, &Params::default())
            .unwrap()
            .unwrap();
        let mut merger = split.merger(&g);
        assert!(merger.add(0, vec![0.0; 3]).unwrap_err().contains("expected 50"));
        merger.add(0, vec![0.0; 50]).unwrap();
        assert!(merger.add(0, vec![0.0; 50]).unwrap_err().contains("twice"));
        assert!(merger.add(split.block_count(), vec![0.0; 50]).is_err());
        assert!(merger.add(2, vec![0.0; 50]).unwrap_err().contains("out of order"));
        assert!(merger.finish().unwrap_err().contains("of"));
        assert!(Split::plan("pagerank", &g, &Params::default()).unwrap().is_none());
    }

    #[test]
    fn a_cancel_stops_every_thread() {
        struct CancelAtOnce;
        impl Progress for CancelAtOnce {
            fn report(&mut self, _: &str, _: f64) {}
            fn is_cancelled(&self) -> bool {
                true
            }
        }
        let g = graph(400, 1600);
        let split = Split::plan("betweenness", &g, &Params::default())
            .unwrap()
            .unwrap();
        for threads in [1, 2, 4] {
            assert_eq!(compute(&split, &g, threads, &mut CancelAtOnce), Err(Cancelled));
        }
    }
}
