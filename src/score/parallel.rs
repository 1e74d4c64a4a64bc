//! Scoring one NDJSON stream on several threads.
//!
//! The calling thread reads the input in chunks of about a mebibyte, cut
//! at line ends, and hands them round-robin to worker threads through
//! bounded channels (so memory stays at a few chunks per worker). Each
//! worker scores its chunks with its own [`Scorer`]; at the end their
//! results are merged, which gives exactly what one thread would have
//! given (see [`Scorer::merge`]). Lines keep their numbers in the whole
//! file, so messages are the same too: with [`OnBadRecord::Fail`] the bad
//! record reported is the first one in the file.

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

use super::{At, BadRecord, FeedError, Scorer};
use crate::record::ndjson::MAX_LINE_BYTES;

/// How much input a worker gets at a time.
const CHUNK_BYTES: usize = 1 << 20;
/// Chunks waiting per worker.
const QUEUE: usize = 2;

/// Work for a worker.
enum Chunk {
    /// Whole lines, the first being line `first_line` of the source.
    Lines { first_line: u64, bytes: Vec<u8> },
    /// A line longer than the limit, already skipped.
    TooLong { line: u64, length: usize },
}

impl Chunk {
    fn first_line(&self) -> u64 {
        match self {
            Chunk::Lines { first_line, .. } => *first_line,
            Chunk::TooLong { line, .. } => *line,
        }
    }
}

impl Scorer {
    /// Scores an NDJSON stream on `threads` threads, then merges the
    /// results into this scorer; the scorecard is the same as with
    /// [`Scorer::feed_ndjson`]. On an error nothing is merged.
    ///
    /// ```
    /// use yardstick::{Plan, ScoreOptions, Scorer, Standards};
    ///
    /// let standards: Standards = r#"standard "Greeting": calls greeted by name always"#.parse()?;
    /// let plan = Plan::compile(&standards)?;
    /// let data = "{\"channel\": \"phone\", \"greeted_by_name\": true}\n".repeat(10_000);
    /// let mut one = Scorer::new(&plan, ScoreOptions::default());
    /// one.feed_ndjson(data.as_bytes(), "calls")?;
    /// let mut two = Scorer::new(&plan, ScoreOptions::default());
    /// two.feed_ndjson_parallel(data.as_bytes(), "calls", 2)?;
    /// assert_eq!(one.scorecard(), two.scorecard());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn feed_ndjson_parallel(&mut self, reader: impl Read, source: &str, threads: usize) -> Result<(), FeedError> {
        let threads = threads.max(1);
        let first_error = AtomicU64::new(u64::MAX);
        let failures: Mutex<Vec<FeedError>> = Mutex::new(Vec::new());
        let workers: Vec<Scorer> = std::thread::scope(|scope| {
            let mut senders = Vec::new();
            let mut handles = Vec::new();
            for _ in 0..threads {
                let (send, receive) = sync_channel::<Chunk>(QUEUE);
                senders.push(send);
                let worker = Scorer { progress: None, ..Scorer::new(&self.plan, self.options) };
                let (first_error, failures) = (&first_error, &failures);
                handles.push(scope.spawn(move || work(worker, receive, source, first_error, failures)));
            }
            let read = split(reader, &senders, &first_error, self);
            drop(senders);
            if let Err(error) = read {
                failures
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(FeedError::Io { source_name: source.to_string(), error });
            }
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
        if !failures.is_empty() {
            failures.sort_by_key(|f| match f {
                FeedError::BadRecord(bad) => bad.location.line.unwrap_or(0),
                _ => 0,
            });
            return Err(failures.swap_remove(0));
        }
        for worker in workers {
            self.merge(worker).map_err(|e| FeedError::Io {
                source_name: source.to_string(),
                error: std::io::Error::other(e.to_string()),
            })?;
        }
        Ok(())
    }
}

/// Cuts the input into chunks of whole lines and deals them out; stops
/// early once a worker has met a bad record (nothing after it matters).
fn split(
    mut reader: impl Read,
    workers: &[SyncSender<Chunk>],
    first_error: &AtomicU64,
    progress: &Scorer,
) -> std::io::Result<()> {
    let mut carry: Vec<u8> = Vec::new();
    let mut next_line = 1u64;
    let mut turn = 0usize;
    let send = |chunk: Chunk, turn: &mut usize| {
        let _ = workers[*turn % workers.len()].send(chunk);
        *turn += 1;
    };
    loop {
        if first_error.load(Ordering::Relaxed) != u64::MAX {
            return Ok(());
        }
        let mut bytes = Vec::with_capacity(carry.len() + CHUNK_BYTES);
        bytes.append(&mut carry);
        let read = fill(&mut reader, &mut bytes, CHUNK_BYTES)?;
        let end = match memchr::memrchr(b'\n', &bytes) {
            Some(i) => i + 1,
            None if read == 0 => bytes.len(),
            None if bytes.len() > MAX_LINE_BYTES => {
                let (length, rest) = skip_line(&mut reader, bytes.len())?;
                carry = rest;
                send(Chunk::TooLong { line: next_line, length }, &mut turn);
                next_line += 1;
                continue;
            }
            None => {
                carry = bytes;
                continue;
            }
        };
        carry = bytes.split_off(end);
        if bytes.is_empty() {
            return Ok(());
        }
        let lines = memchr::memchr_iter(b'\n', &bytes).count() as u64;
        send(Chunk::Lines { first_line: next_line, bytes }, &mut turn);
        next_line += lines;
        if let Some(p) = &progress.progress {
            (p.report)(next_line - 1);
        }
    }
}

/// Appends up to `want` bytes from the reader (fewer only at the end of
/// the input) in large reads; returns how many.
fn fill(reader: &mut impl Read, bytes: &mut Vec<u8>, want: usize) -> std::io::Result<usize> {
    let start = bytes.len();
    bytes.resize(start + want, 0);
    let mut filled = start;
    while filled < bytes.len() {
        match reader.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(filled - start)
}

/// Reads up to the end of an over-long line (of which `length` bytes were
/// read already); returns its whole length and the bytes after it.
fn skip_line(reader: &mut impl Read, mut length: usize) -> std::io::Result<(usize, Vec<u8>)> {
    let mut buffer = [0u8; 8192];
    loop {
        let n = reader.read(&mut buffer)?;
        if n == 0 {
            return Ok((length, Vec::new()));
        }
        if let Some(i) = memchr::memchr(b'\n', &buffer[..n]) {
            return Ok((length + i, buffer[i + 1..n].to_vec()));
        }
        length += n;
    }
}

/// A worker: scores its chunks until the channel closes.
fn work(
    mut scorer: Scorer,
    chunks: Receiver<Chunk>,
    source: &str,
    first_error: &AtomicU64,
    failures: &Mutex<Vec<FeedError>>,
) -> Scorer {
    for chunk in chunks {
        // A chunk after the first bad record cannot change the outcome.
        if chunk.first_line() > first_error.load(Ordering::Relaxed) {
            continue;
        }
        let result = match chunk {
            Chunk::Lines { first_line, bytes } => scorer.feed_ndjson_from(&bytes[..], source, first_line),
            Chunk::TooLong { line, length } => {
                scorer.reject_long_line(At { source: Some(source), line: Some(line) }, length).map_err(FeedError::from)
            }
        };
        if let Err(error) = result {
            let line = match &error {
                FeedError::BadRecord(BadRecord { location, .. }) => location.line.unwrap_or(0),
                _ => 0,
            };
            first_error.fetch_min(line, Ordering::Relaxed);
            failures.lock().unwrap_or_else(|e| e.into_inner()).push(error);
        }
    }
    scorer
}
