//! The PDF yearbooks of `kyyeu serve`, typeset in the background once the
//! pages are served: a thread that typesets the latest version of the site
//! once it is free (a version superseded before its turn is skipped, and
//! the books of a version superseded while they were typeset are dropped),
//! from a copy of its own, and what the server knows of the books
//! meanwhile: their paths, and why they failed if they did. Until a book
//! is typeset again after a change, its address answers that it is being
//! typeset.
//!
//! Uses: serve (its shared state, publishing), live (the site in memory),
//! http (the error page), pipeline (typeset_books), book, error, output
//! (a thread's priority), lib (`Options`).

use super::http::error_page;
use super::live::Live;
use super::serve::{publish, Event, Shared, State};
use crate::book::BookFile;
use crate::error::Failure;
use crate::pipeline::{self, Prepared};
use crate::Options;
use std::collections::BTreeSet;
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;
use std::time::Instant;

/// The books of the site being served.
#[derive(Debug, Default)]
pub(super) struct Books {
    /// The site paths of every book the site has, typeset or not yet.
    pub(super) paths: BTreeSet<String>,
    /// The page shown at those paths when the last typesetting failed.
    pub(super) failed: Option<String>,
}

/// The books of one version of the site, or why they could not be made.
pub(super) type Typeset = Result<Vec<BookFile>, Failure>;

/// The thread that typesets books, and the version of the site it was last
/// asked for.
pub(super) struct Typesetter {
    requests: Sender<(u64, Arc<Prepared>)>,
    latest: u64,
    /// When the latest version was asked for.
    asked: Instant,
    /// Whether the thread is typesetting. It is given a site only when it
    /// is free: a site waiting in its queue would be shared with the
    /// server, whose next change would then copy the whole site before its
    /// pages could be served.
    busy: bool,
    /// Whether the latest version waits for the thread to be free.
    waiting: bool,
}

impl Typesetter {
    /// Starts the thread, which typesets with `options` (the cache folder)
    /// and hands each version's books to `done`. It stops when the
    /// typesetter is dropped.
    pub(super) fn start(options: Options, done: impl Fn(u64, Typeset) + Send + 'static) -> Self {
        let (requests, queue) = channel::<(u64, Arc<Prepared>)>();
        std::thread::spawn(move || {
            // Below the pages: the books take what the server's updates
            // leave of the processors (the threads that typeset them are
            // started from this one and share its priority).
            crate::output::lower_priority();
            while let Ok((version, shared)) = queue.recv() {
                // A copy of its own, made here rather than by the server's
                // next change: the books of a large site take minutes, and
                // a change that found the site shared would copy it before
                // its pages could be served.
                let prepared = Prepared::clone(&shared);
                drop(shared);
                let books = pipeline::typeset_books(&options, &prepared);
                drop(prepared);
                done(version, books);
            }
        });
        Typesetter {
            requests,
            latest: 0,
            asked: Instant::now(),
            busy: false,
            waiting: false,
        }
    }

    /// Typesets the books of `live` as it is now, once the thread is free;
    /// the books it serves are marked as being typeset. A site without
    /// books (`pdf: false`, no article) has nothing to typeset.
    pub(super) fn request(&mut self, live: &Live, shared: &Shared) {
        let paths = live.book_paths();
        let none = paths.is_empty();
        let (lock, _) = &**shared;
        if let Ok(mut state) = lock.lock() {
            typesetting(&mut state, paths);
        }
        if none {
            // Nor should an earlier version waiting for the thread be.
            self.forget();
            return;
        }
        self.latest += 1;
        self.asked = Instant::now();
        match self.busy {
            true => self.waiting = true,
            false => self.send(live),
        }
    }

    /// Gives the thread the latest version of the site.
    fn send(&mut self, live: &Live) {
        // The thread only stops when this typesetter is dropped.
        self.busy = self.requests.send((self.latest, live.snapshot())).is_ok();
        self.waiting = false;
    }

    /// The thread handed over the books of a version: it is free for the
    /// latest one, if that waits (and the site has no errors).
    pub(super) fn free(&mut self, live: Option<&Live>) {
        self.busy = false;
        match live {
            Some(live) if self.waiting => self.send(live),
            _ => self.waiting = false,
        }
    }

    /// Drops the books of every version asked for so far, when they come.
    pub(super) fn forget(&mut self) {
        self.latest += 1;
        self.waiting = false;
    }
}

/// The books at `paths` are being typeset: the files of the books served
/// until now are no longer served.
fn typesetting(state: &mut State, paths: Vec<String>) {
    for path in &state.books.paths {
        state.files.remove(path);
    }
    state.books = Books {
        paths: paths.into_iter().collect(),
        failed: None,
    };
}

/// Serves the books of `version` if it is the latest asked for: the books,
/// and the year pages and print editions that link them; else why they
/// could not be made, at their addresses.
pub(super) fn ready(
    typesetter: &Typesetter,
    live: Option<&mut Live>,
    (version, books): (u64, Typeset),
    shared: &Shared,
    report: &(dyn Fn(Event) + Sync),
) {
    let Some(live) = live.filter(|_| version == typesetter.latest) else {
        return;
    };
    let update = books.and_then(|books| Ok((live.set_books(&books)?, books)));
    let paths = |state: &State| state.books.paths.iter().cloned().collect::<Vec<_>>();
    match update {
        Ok((update, books)) => {
            let (lock, _) = &**shared;
            let mut touched = lock.lock().map(|state| paths(&state)).unwrap_or_default();
            touched.extend(update.files.iter().map(|(path, _)| path.clone()));
            touched.extend(update.removed.iter().cloned());
            publish(shared, Some(touched), |state| {
                for path in update.removed {
                    state.files.remove(&path);
                }
                state.files.extend(update.files);
                state.books.failed = None;
            });
            report(Event::Books {
                typeset: books.iter().filter(|book| !book.reused).count(),
                reused: books.iter().filter(|book| book.reused).count(),
                elapsed: typesetter.asked.elapsed(),
            });
        }
        Err(failure) => {
            let (lock, _) = &**shared;
            let touched = lock.lock().map(|state| paths(&state)).unwrap_or_default();
            publish(shared, Some(touched), |state| {
                state.books.failed = Some(error_page(&failure, state.catalogue));
            });
            report(Event::BooksFailed(failure));
        }
    }
}
