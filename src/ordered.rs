//! Work on a list in parallel, with the results handed on in list order as they are ready.
//!
//! A batch's report is written in path order while answers are still being graded, so the
//! results need not all be held in memory first. Workers take items in order, and one
//! that runs ahead of the writer by [`WINDOW_PER_THREAD`] items per thread waits: however
//! long the list, only a few finished items wait to be handed on.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// Finished items that may wait to be handed on, per worker thread.
pub(crate) const WINDOW_PER_THREAD: usize = 2;

struct State<T> {
    /// Finished items not yet handed on, by index.
    done: BTreeMap<usize, T>,
    /// Items handed on so far: the next one to hand on is this index.
    handed_on: usize,
    /// A worker panicked: stop waiting for it (the panic then reaches the caller).
    failed: bool,
}

/// Marks the shared state failed when a worker unwinds, so nobody waits for it forever.
struct PanicGuard<'a, T> {
    state: &'a Mutex<State<T>>,
    changed: &'a Condvar,
}

impl<T> Drop for PanicGuard<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            lock(self.state).failed = true;
            self.changed.notify_all();
        }
    }
}

/// The lock, even after a worker panicked holding it: the state stays consistent, since it
/// is only changed by whole assignments and inserts.
fn lock<T>(state: &Mutex<State<T>>) -> MutexGuard<'_, State<T>> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `work` on every item with `threads` workers and calls `emit` with the results in
/// the order of `items`, on the calling thread. With one thread (or one item) everything
/// runs on the calling thread. A panic in `work` reaches the caller.
pub fn for_each_ordered<I: Sync, T: Send>(
    items: &[I],
    threads: usize,
    work: impl Fn(&I) -> T + Sync,
    mut emit: impl FnMut(T),
) {
    let threads = threads.min(items.len());
    if threads <= 1 {
        for item in items {
            emit(work(item));
        }
        return;
    }
    let window = WINDOW_PER_THREAD * threads;
    let next = AtomicUsize::new(0);
    let state = Mutex::new(State {
        done: BTreeMap::new(),
        handed_on: 0,
        failed: false,
    });
    let changed = Condvar::new();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let _guard = PanicGuard {
                    state: &state,
                    changed: &changed,
                };
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else {
                        return;
                    };
                    {
                        let mut s = lock(&state);
                        // Items are taken in order, so the one the writer waits for is
                        // already being worked on by a thread that is not waiting here.
                        while i >= s.handed_on + window && !s.failed {
                            s = changed.wait(s).unwrap_or_else(|p| p.into_inner());
                        }
                        if s.failed {
                            return;
                        }
                    }
                    let result = work(item);
                    lock(&state).done.insert(i, result);
                    changed.notify_all();
                }
            });
        }
        let mut s = lock(&state);
        while s.handed_on < items.len() {
            let at = s.handed_on;
            if let Some(result) = s.done.remove(&at) {
                s.handed_on += 1;
                drop(s);
                changed.notify_all();
                emit(result);
                s = lock(&state);
            } else if s.failed {
                return;
            } else {
                s = changed.wait(s).unwrap_or_else(|p| p.into_inner());
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn results_come_in_list_order_with_any_number_of_threads() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            // Uneven work, so that later items often finish first.
            for_each_ordered(
                &items,
                threads,
                |&i| {
                    if i % 7 == 0 {
                        std::thread::yield_now();
                    }
                    (0..(i % 13) * 1000).fold(i, |a, b| a.wrapping_mul(31).wrapping_add(b)) ^ i
                },
                |r| seen.push(r),
            );
            let expected: Vec<u64> = items
                .iter()
                .map(|&i| {
                    (0..(i % 13) * 1000).fold(i, |a, b| a.wrapping_mul(31).wrapping_add(b)) ^ i
                })
                .collect();
            assert_eq!(seen, expected, "{threads} threads");
        }
    }

    #[test]
    fn workers_never_run_far_ahead_of_the_writer() {
        let items: Vec<usize> = (0..200).collect();
        let started = AtomicUsize::new(0);
        let mut worst_lead = 0;
        let mut handed = 0;
        for_each_ordered(
            &items,
            3,
            |&i| {
                started.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| {
                assert_eq!(i, handed);
                handed += 1;
                // Slow writer: workers would race ahead without the window.
                std::thread::sleep(std::time::Duration::from_micros(200));
                worst_lead = worst_lead.max(started.load(Ordering::SeqCst) - handed);
            },
        );
        assert_eq!(handed, 200);
        // Started but not handed on: at most the window, plus one item per thread that has
        // been taken and is waiting for room.
        assert!(worst_lead <= 3 * WINDOW_PER_THREAD + 3, "lead {worst_lead}");
    }

    #[test]
    fn empty_and_single_lists() {
        let mut seen = Vec::new();
        for_each_ordered(&[] as &[u8], 4, |&b| b, |b| seen.push(b));
        assert!(seen.is_empty());
        for_each_ordered(&[9u8], 4, |&b| b + 1, |b| seen.push(b));
        assert_eq!(seen, [10]);
    }

    #[test]
    fn a_panicking_worker_reaches_the_caller_instead_of_hanging() {
        let items: Vec<usize> = (0..100).collect();
        let outcome = std::panic::catch_unwind(|| {
            for_each_ordered(
                &items,
                2,
                |&i| {
                    assert!(i != 37, "boom");
                    i
                },
                |_| {},
            )
        });
        assert!(outcome.is_err());
    }
}
