//! JSON values parsed on several threads, read in order (native builds; in wasm nothing
//! gathers, see `parsed_values.rs`): for the readers of JSON collections (twarc2, v1.1),
//! whose cost is mostly `serde_json`'s parse.
//!
//! [`Gathered`] keeps the values [`JsonValues`](super::json_values::JsonValues) cuts,
//! copied end to end, until about [`WINDOW_BYTES`] are held. Then
//! [`Gathered::read_apart`] cuts them into one share per thread, of about equal bytes,
//! parses every share on its own thread (the first on the caller's) and hands each value
//! to the reader in file order, parsed: the reader's own state (deduplication, handle
//! joins, warnings) sees exactly the sequence a serial read gives, so the network and the
//! warnings are the same on any number of threads.
//!
//! Complexity: one copy of each value's bytes; the parse spread over the threads; the
//! reading of the parsed values on the caller's thread.

use std::ops::Range;

use serde::Deserialize;

use super::json_values::JsonEvent;

/// Bytes of values held before they are parsed apart: small, so that the objects parsed
/// apart are still in the cache when they are read (measured on a 1.6 GB collection: 32 MB
/// windows 1.0×, 4 MB 1.15×, 1 MB 1.2× on two threads).
pub const WINDOW_BYTES: usize = 1 << 20;

/// What the framing found, kept for later.
enum Kept {
    Value { line: u64, bytes: Range<usize> },
    Unreadable(Unreadable),
}

/// What the framing said of a stretch that is no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Longer than the framing holds.
    Oversized { line: u64 },
    /// Not JSON.
    Garbage { line: u64 },
    /// Cut off by the end of the file.
    Truncated { line: u64 },
}

/// A value (its line and bytes), or what the framing found instead.
pub fn sorted(event: JsonEvent<'_>) -> Result<(u64, &[u8]), Unreadable> {
    match event {
        JsonEvent::Value { line, bytes } => Ok((line, bytes)),
        JsonEvent::Oversized { line } => Err(Unreadable::Oversized { line }),
        JsonEvent::Garbage { line } => Err(Unreadable::Garbage { line }),
        JsonEvent::Truncated { line } => Err(Unreadable::Truncated { line }),
    }
}

/// What [`Gathered::read_apart`] hands on, in file order.
pub enum Item<'w, T> {
    /// A value, its bytes and what they parsed as.
    Value {
        line: u64,
        bytes: &'w [u8],
        parsed: Result<T, serde_json::Error>,
    },
    /// A stretch that is no value.
    Unreadable(Unreadable),
}

pub struct Gathered {
    bytes: Vec<u8>,
    kept: Vec<Kept>,
    window: usize,
}

impl Gathered {
    /// Values are parsed apart `window` bytes at a time (0: [`WINDOW_BYTES`]).
    pub fn new(window: usize) -> Gathered {
        Gathered {
            bytes: Vec::new(),
            kept: Vec::new(),
            window: if window == 0 { WINDOW_BYTES } else { window },
        }
    }

    /// Keeps what the framing said.
    pub fn take(&mut self, event: JsonEvent) {
        self.kept.push(match sorted(event) {
            Ok((line, bytes)) => {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(bytes);
                Kept::Value {
                    line,
                    bytes: start..self.bytes.len(),
                }
            }
            Err(unreadable) => Kept::Unreadable(unreadable),
        });
    }

    /// Whether enough is held to be worth reading apart.
    pub fn is_full(&self) -> bool {
        self.bytes.len() >= self.window
    }

    /// Parses what is held on `threads` threads and hands it on in order; then holds nothing.
    pub fn read_apart<'w, T>(&'w self, threads: usize, on_item: &mut dyn FnMut(Item<'w, T>))
    where
        T: Deserialize<'w> + Send,
    {
        let (bytes, kept) = (&self.bytes, &self.kept);
        let shares = shares(kept, bytes.len(), threads.max(1));
        std::thread::scope(|scope| {
            let helpers: Vec<_> = shares[1..]
                .iter()
                .map(|share| {
                    let share = &kept[share.clone()];
                    scope.spawn(move || parse(share, bytes))
                })
                .collect();
            let first = parse::<T>(&kept[shares[0].clone()], bytes);
            hand_on(&kept[shares[0].clone()], first, bytes, on_item);
            for (share, helper) in shares[1..].iter().zip(helpers) {
                let parsed = helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                hand_on(&kept[share.clone()], parsed, bytes, on_item);
            }
        });
    }

    /// Holds nothing (after [`Gathered::read_apart`]), keeping the buffers' room.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.kept.clear();
    }
}

/// Cuts the kept items into `threads` runs of about equal bytes.
fn shares(kept: &[Kept], total: usize, threads: usize) -> Vec<Range<usize>> {
    let mut shares = Vec::with_capacity(threads);
    let mut start = 0;
    for (i, item) in kept.iter().enumerate() {
        if let Kept::Value { bytes, .. } = item {
            let boundary = total * (shares.len() + 1) / threads;
            if bytes.end >= boundary && shares.len() + 1 < threads {
                shares.push(start..i + 1);
                start = i + 1;
            }
        }
    }
    shares.push(start..kept.len());
    // A last value past every boundary leaves the last share empty: no thread for it.
    if shares.len() > 1 && shares.last().is_some_and(|share| share.is_empty()) {
        shares.pop();
    }
    shares
}

/// Parses the values of `share` (`None` for the items that are not values).
fn parse<'w, T: Deserialize<'w>>(
    share: &[Kept],
    bytes: &'w [u8],
) -> Vec<Option<Result<T, serde_json::Error>>> {
    share
        .iter()
        .map(|item| match item {
            Kept::Value { bytes: range, .. } => Some(serde_json::from_slice(&bytes[range.clone()])),
            _ => None,
        })
        .collect()
}

fn hand_on<'w, T>(
    share: &[Kept],
    parsed: Vec<Option<Result<T, serde_json::Error>>>,
    bytes: &'w [u8],
    on_item: &mut dyn FnMut(Item<'w, T>),
) {
    for (item, parsed) in share.iter().zip(parsed) {
        on_item(match (item, parsed) {
            (Kept::Value { line, bytes: range }, Some(parsed)) => Item::Value {
                line: *line,
                bytes: &bytes[range.clone()],
                parsed,
            },
            (Kept::Unreadable(unreadable), _) => Item::Unreadable(*unreadable),
            (Kept::Value { .. }, None) => unreachable!("every value is parsed"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_parsed_in_order_on_any_number_of_threads() {
        for threads in 1..6 {
            let mut gathered = Gathered::new(0);
            for n in 0..50u64 {
                let text = format!("{{\"n\":{n}}}");
                gathered.take(JsonEvent::Value {
                    line: n + 1,
                    bytes: text.as_bytes(),
                });
                if n % 7 == 3 {
                    gathered.take(JsonEvent::Garbage { line: n + 1 });
                }
            }
            #[derive(Deserialize)]
            struct N {
                n: u64,
            }
            let mut seen = Vec::new();
            gathered.read_apart::<N>(threads, &mut |item| match item {
                Item::Value { line, parsed, .. } => seen.push((line, parsed.unwrap().n as i64)),
                Item::Unreadable(Unreadable::Garbage { line }) => seen.push((line, -1)),
                Item::Unreadable(other) => panic!("{other:?}"),
            });
            let mut expected = Vec::new();
            for n in 0..50u64 {
                expected.push((n + 1, n as i64));
                if n % 7 == 3 {
                    expected.push((n + 1, -1));
                }
            }
            assert_eq!(seen, expected, "{threads} threads");
        }
    }
}
