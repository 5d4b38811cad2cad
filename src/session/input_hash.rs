//! The SHA-256 of an input as it streams, for the analysis file: here, or (natively, when
//! the session may use more than one thread) on a thread of its own, so that the reading
//! thread does not pay for it. The digest is the same either way.

use sha2::{Digest, Sha256};

pub(super) enum InputHash {
    Here(Sha256),
    #[cfg(not(target_arch = "wasm32"))]
    Apart {
        chunks: std::sync::mpsc::SyncSender<Vec<u8>>,
        hashing: std::thread::JoinHandle<Sha256>,
    },
}

/// Chunks queued for the hashing thread before `update` waits.
#[cfg(not(target_arch = "wasm32"))]
const QUEUED_CHUNKS: usize = 4;

impl InputHash {
    /// A hash computed apart when `threads` is above one (native builds only).
    pub(super) fn new(threads: usize) -> InputHash {
        #[cfg(not(target_arch = "wasm32"))]
        if threads > 1 {
            let (chunks, to_hash) = std::sync::mpsc::sync_channel::<Vec<u8>>(QUEUED_CHUNKS);
            let hashing = std::thread::spawn(move || {
                let mut hasher = Sha256::new();
                for chunk in to_hash {
                    hasher.update(&chunk);
                }
                hasher
            });
            return InputHash::Apart { chunks, hashing };
        }
        let _ = threads;
        InputHash::Here(Sha256::new())
    }

    pub(super) fn update(&mut self, chunk: &[u8]) {
        match self {
            InputHash::Here(hasher) => hasher.update(chunk),
            #[cfg(not(target_arch = "wasm32"))]
            InputHash::Apart { chunks, .. } => {
                // The thread only ends when the sender is dropped (or it panics: reported
                // by `finalize`).
                let _ = chunks.send(chunk.to_vec());
            }
        }
    }

    pub(super) fn finalize(self) -> [u8; 32] {
        let hasher = match self {
            InputHash::Here(hasher) => hasher,
            #[cfg(not(target_arch = "wasm32"))]
            InputHash::Apart { chunks, hashing } => {
                drop(chunks);
                hashing
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
        };
        hasher.finalize().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_the_same_here_and_apart() {
        let data: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let digest = |threads| {
            let mut hash = InputHash::new(threads);
            data.chunks(4097).for_each(|chunk| hash.update(chunk));
            hash.finalize()
        };
        assert_eq!(digest(1), digest(2));
        assert_eq!(digest(1), <[u8; 32]>::from(Sha256::digest(&data)));
    }
}
