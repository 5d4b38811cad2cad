//! A reader's JSON values, cut by the framing ([`JsonValues`]) and parsed, handed to the
//! reader in file order: parsed on the reading thread, or, natively and on several
//! threads, gathered and parsed apart ([`Gathered`], `json_apart.rs`). The reader sees
//! the same sequence of [`Item`]s either way, so its state (deduplication, handle joins,
//! warnings) cannot tell how many threads parsed. The twarc2 and v1.1 readers use it.

use std::marker::PhantomData;

use serde::Deserialize;

use super::json_apart::{sorted, Gathered, Item};
use super::json_values::{JsonValues, Layout};

/// What a reader parses each value as: a type that may borrow the value's bytes.
pub trait ParseAs: 'static {
    type Parsed<'w>: Deserialize<'w> + Send;
}

pub struct ParsedValues<K: ParseAs> {
    values: JsonValues,
    /// Natively, on several threads: the values gathered to be parsed apart, and the threads.
    apart: Option<(Gathered, usize)>,
    parse_as: PhantomData<K>,
}

impl<K: ParseAs> ParsedValues<K> {
    pub fn new(layout: Layout) -> Self {
        ParsedValues {
            values: JsonValues::new(layout),
            apart: None,
            parse_as: PhantomData,
        }
    }

    /// Parses on up to `threads` threads, `window` bytes at a time (natively: the page's
    /// worker has one thread), reading in order: the same items as on one.
    pub fn on_threads(self, threads: usize, window: usize) -> Self {
        let apart =
            (threads > 1 && cfg!(not(target_arch = "wasm32"))).then(|| (Gathered::new(window), threads));
        ParsedValues { apart, ..self }
    }

    pub fn feed(&mut self, chunk: &[u8], on_item: &mut dyn for<'w> FnMut(Item<'w, K::Parsed<'w>>)) {
        match self.apart.as_mut() {
            Some((gathered, threads)) => {
                self.values.feed(chunk, &mut |event| gathered.take(event));
                if gathered.is_full() {
                    gathered.read_apart(*threads, on_item);
                    gathered.clear();
                }
            }
            None => self
                .values
                .feed(chunk, &mut |event| on_item(parsed_here::<K>(event))),
        }
    }

    pub fn finish(&mut self, on_item: &mut dyn for<'w> FnMut(Item<'w, K::Parsed<'w>>)) {
        match self.apart.as_mut() {
            Some((gathered, threads)) => {
                self.values.finish(&mut |event| gathered.take(event));
                gathered.read_apart(*threads, on_item);
                gathered.clear();
            }
            None => self.values.finish(&mut |event| on_item(parsed_here::<K>(event))),
        }
    }
}

/// What the framing said, a value parsed on this thread.
fn parsed_here<K: ParseAs>(event: super::json_values::JsonEvent<'_>) -> Item<'_, K::Parsed<'_>> {
    match sorted(event) {
        Ok((line, bytes)) => Item::Value {
            line,
            bytes,
            parsed: serde_json::from_slice(bytes),
        },
        Err(unreadable) => Item::Unreadable(unreadable),
    }
}
