//! A thread of `kyyeu serve` that works on the latest version of the site
//! in the background (the PDF yearbooks, the search index), so that a save
//! is never kept waiting for it. The thread is given a version only when it
//! is free: a version waiting in a queue would keep the site shared, and
//! the server's next change would then copy the whole site before its pages
//! could be served. It runs below the server's updates in priority.
//!
//! Uses: live (the site in memory), pipeline (`Prepared`), output (a
//! thread's priority).

use super::live::Live;
use crate::pipeline::Prepared;
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;

/// The thread, and the versions of the site it was asked for.
pub(super) struct Worker {
    requests: Sender<(u64, Arc<Prepared>)>,
    /// The latest version asked for: what the thread hands over for an
    /// older one is out of date.
    latest: u64,
    /// Whether the thread is working on a version.
    busy: bool,
    /// Whether the latest version waits for the thread to be free.
    waiting: bool,
}

impl Worker {
    /// Starts the thread, which does `work` on each version it is given and
    /// hands the result to `done` with the version's number. It stops when
    /// the worker is dropped.
    pub(super) fn start<R: 'static>(
        work: impl Fn(Arc<Prepared>) -> R + Send + 'static,
        done: impl Fn(u64, R) + Send + 'static,
    ) -> Worker {
        let (requests, queue) = channel::<(u64, Arc<Prepared>)>();
        std::thread::spawn(move || {
            // The threads it starts (Typst's) share its priority.
            crate::output::lower_priority();
            while let Ok((version, site)) = queue.recv() {
                done(version, work(site));
            }
        });
        Worker {
            requests,
            latest: 0,
            busy: false,
            waiting: false,
        }
    }

    /// The latest version asked for.
    pub(super) fn latest(&self) -> u64 {
        self.latest
    }

    /// Asks for the work on `live` as it is now: at once if the thread is
    /// free, else once it is.
    pub(super) fn request(&mut self, live: &Live) {
        self.latest += 1;
        match self.busy {
            true => self.waiting = true,
            false => self.send(live),
        }
    }

    /// Gives the thread the latest version of the site.
    fn send(&mut self, live: &Live) {
        // The thread only stops when this worker is dropped.
        self.busy = self.requests.send((self.latest, live.snapshot())).is_ok();
        self.waiting = false;
    }

    /// The thread handed over its work on a version: it is free for the
    /// latest one, if that waits (and the site has no errors).
    pub(super) fn free(&mut self, live: Option<&Live>) {
        self.busy = false;
        match live {
            Some(live) if self.waiting => self.send(live),
            _ => self.waiting = false,
        }
    }

    /// Drops the work on every version asked for so far, when it comes.
    pub(super) fn forget(&mut self) {
        self.latest += 1;
        self.waiting = false;
    }
}
