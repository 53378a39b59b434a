//! `kyyeu serve`: builds the site in memory, serves it on 127.0.0.1, watches
//! the sources, rebuilds on change and reloads the open browser tabs. The
//! PDF yearbooks are typeset in the background once the pages are served,
//! and again after each change (`books`). It never writes into the output
//! folder: pages live in memory, photos and books in the cache.
//!
//! Uses: live (the site in memory, rebuilt in part), http (the answers to
//! requests), books (the yearbooks typeset in the background), error, lib,
//! output, desk (the reporter's desk, served beside the site). The HTTP server is tiny_http, the watcher notify; the only thing
//! injected into pages is the reload script, at response time.

use super::books::{self, Books, Typeset, Typesetter};
use super::desk::Desk;
use super::http::{error_page, respond};
use crate::commands::live::{Live, Update};
use crate::error::{Catalogue, Errors, Failure, Language, Message};
use crate::output::Content;
use crate::Options;
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// What `kyyeu serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site: Options,
    pub bind: IpAddr,
    pub port: u16,
    /// The language of the page shown in place of the site when it has
    /// errors (the command's language of messages), and of the desk.
    pub language: Language,
    /// The reporter's desk at `/_desk/` (off: `--no-desk`).
    pub desk: bool,
}

/// What happens while serving, for the command line to report.
#[derive(Debug)]
pub enum Event {
    Listening(String),
    /// The address of the reporter's desk.
    Desk(String),
    Built {
        pages: usize,
        /// Articles left out because they are drafts (without `--drafts`).
        drafts_left_out: usize,
        elapsed: Duration,
    },
    /// Only the pages that show the changed articles were rendered.
    Updated {
        pages: usize,
        total: usize,
        /// Until the changed articles' own pages were served.
        first: Duration,
        elapsed: Duration,
    },
    Failed(Errors),
    Other(Failure),
    /// The PDF yearbooks were typeset (or taken from the cache), in the
    /// background, since the site last changed.
    Books {
        typeset: usize,
        reused: usize,
        elapsed: Duration,
    },
    /// The PDF yearbooks could not be typeset: their addresses show why.
    BooksFailed(Failure),
}

/// The site being served and its version, bumped at each rebuild.
pub(super) struct State {
    pub(super) version: u64,
    pub(super) files: HashMap<String, Content>,
    /// The page shown in place of every page while the site has errors.
    pub(super) errors: Option<String>,
    /// The language of that page.
    pub(super) catalogue: &'static Catalogue,
    /// The version at which each file last changed in a partial update...
    pub(super) changed: HashMap<String, u64>,
    /// ... and at which every page did (a whole rebuild, errors shown or gone).
    pub(super) whole: u64,
    /// The PDF yearbooks, typeset or not yet.
    pub(super) books: Books,
    /// Bumped when the sources changed (not when the books were typeset):
    /// what the desk's list waits for.
    pub(super) sources: u64,
}

impl Default for State {
    fn default() -> Self {
        State {
            version: 0,
            files: HashMap::new(),
            errors: None,
            catalogue: Catalogue::english(),
            changed: HashMap::new(),
            whole: 0,
            books: Books::default(),
            sources: 0,
        }
    }
}

impl State {
    /// Whether the page at `path` (a site path, or `None` for any page)
    /// changed after version `seen`.
    pub(super) fn changed_since(&self, path: Option<&str>, seen: u64) -> bool {
        match path {
            _ if self.version <= seen => false,
            None => true,
            _ if self.whole > seen => true,
            Some(path) => [path.to_string(), format!("{path}/index.html")]
                .iter()
                .any(|p| self.changed.get(p).is_some_and(|&v| v > seen)),
        }
    }
}

pub(super) type Shared = Arc<(Mutex<State>, Condvar)>;

/// What the main loop waits for: the paths of a change to the sources
/// (`None` when the watcher lost track: everything is rebuilt), or the
/// books of a version of the site.
enum Signal {
    Changed(Option<Vec<PathBuf>>),
    Books(u64, Typeset),
}

/// The site being previewed: in memory (unless it has errors), and its
/// books being typeset.
struct Preview {
    live: Option<Live>,
    books: Typesetter,
}

/// Serves until the process is stopped; returns only on a start-up error.
pub fn serve(options: &ServeOptions, report: &(dyn Fn(Event) + Sync)) -> Result<(), Failure> {
    let mut site = options.site.clone();
    let server = listen(options)?;
    let port = server
        .server_addr()
        .to_ip()
        .map_or(options.port, |a| a.port());
    let host = if options.bind.is_ipv6() {
        format!("[{}]", options.bind)
    } else {
        options.bind.to_string()
    };
    site.base_url = Some(format!("http://{host}:{port}"));
    let state = State {
        catalogue: Catalogue::of(options.language),
        ..State::default()
    };
    let shared: Shared = Arc::new((Mutex::new(state), Condvar::new()));
    let live = rebuild(&site, &shared, report);
    let server = Arc::new(server);
    let desk = (options.desk && options.bind.is_loopback())
        .then(|| Arc::new(Desk::new(&site.root, port, Catalogue::of(options.language))));
    let (signals, events) = std::sync::mpsc::channel::<Signal>();
    let books = signals.clone();
    let done = move |version, typeset| {
        let _ = books.send(Signal::Books(version, typeset));
    };
    let mut preview = Preview {
        live,
        books: Typesetter::start(site.clone(), done),
    };
    // The books' addresses are known before the first request is answered,
    // so that they say "being typeset" rather than "not found".
    typeset(&mut preview, &shared);
    for _ in 0..4 {
        let (server, shared, desk) = (Arc::clone(&server), Arc::clone(&shared), desk.clone());
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                respond(request, &shared, desk.as_deref());
            }
        });
    }
    let _watcher = watch(&site.root, signals.clone())?;
    report(Event::Listening(format!("http://{host}:{port}/")));
    if desk.is_some() {
        report(Event::Desk(format!(
            "http://{host}:{port}{}",
            super::desk::PREFIX
        )));
    }
    serve_changes(&site, events, &mut preview, &shared, report);
    Ok(())
}

/// The server listening on the address and port asked for; when the port
/// is taken, an error that says to try another.
fn listen(options: &ServeOptions) -> Result<tiny_http::Server, Failure> {
    let addr = format!("{}:{}", options.bind, options.port);
    tiny_http::Server::http(&addr).map_err(|e| {
        let kind = e.downcast_ref::<std::io::Error>().map(std::io::Error::kind);
        let message = match kind {
            Some(std::io::ErrorKind::AddrInUse) => Message::new("serve_port_taken")
                .arg("port", options.port)
                .arg("other", options.port.wrapping_add(1).max(1024)),
            _ => Message::new("serve_cannot_listen").arg("error", e.to_string()),
        };
        Failure::Usage(message.arg("addr", addr.clone()))
    })
}

/// Renders the whole site in memory and publishes it to the server.
fn rebuild(site: &Options, shared: &Shared, report: &(dyn Fn(Event) + Sync)) -> Option<Live> {
    let started = Instant::now();
    match Live::build(site) {
        Ok((live, files)) => {
            publish(shared, None, |state| {
                state.files = files;
                state.errors = None;
            });
            report(Event::Built {
                pages: live.pages(),
                drafts_left_out: live.drafts_left_out(),
                elapsed: started.elapsed(),
            });
            Some(live)
        }
        Err(failure) => {
            failed(shared, failure, report);
            None
        }
    }
}

/// Brings the site up to date after `changed`: in part when only articles
/// changed (see [`Live::update`]), else whole. The pages are published
/// first, then the search index.
fn refresh(
    site: &Options,
    live: &mut Option<Live>,
    changed: &[PathBuf],
    shared: &Shared,
    report: &(dyn Fn(Event) + Sync),
) {
    let started = Instant::now();
    let Some(current) = live.as_mut() else {
        *live = rebuild(site, shared, report);
        return;
    };
    let apply = |update: Update| {
        let touched = update
            .files
            .iter()
            .map(|(p, _)| p.clone())
            .chain(update.removed.iter().cloned())
            .collect();
        publish(shared, Some(touched), |state| {
            for path in update.removed {
                state.files.remove(&path);
            }
            state.files.extend(update.files);
            state.errors = None;
        });
    };
    match current.update(changed) {
        Ok(Some(update)) => {
            let own = update.pages;
            apply(update);
            let first = started.elapsed();
            match current.finish() {
                Ok(rest) => {
                    let pages = own + rest.pages;
                    apply(rest);
                    report(Event::Updated {
                        pages,
                        total: current.pages(),
                        first,
                        elapsed: started.elapsed(),
                    });
                }
                Err(failure) => failed(shared, failure, report),
            }
            match current.search_files() {
                Ok(files) => {
                    let (lock, _) = &**shared;
                    if let Ok(mut state) = lock.lock() {
                        for (path, bytes) in files {
                            state.files.insert(path, Content::Bytes(bytes));
                        }
                    }
                }
                Err(failure) => report(Event::Other(failure)),
            }
        }
        Ok(None) => *live = rebuild(site, shared, report),
        Err(failure) => failed(shared, failure, report),
    }
}

/// Shows a failed build's errors in place of every page.
fn failed(shared: &Shared, failure: Failure, report: &(dyn Fn(Event) + Sync)) {
    publish(shared, None, |state| {
        state.errors = Some(error_page(&failure, state.catalogue))
    });
    match failure {
        Failure::Content(errors) => report(Event::Failed(errors)),
        other => report(Event::Other(other)),
    }
}

/// Typesets the books of the site as served, in the background, unless it
/// has errors (the books asked for before are then dropped).
fn typeset(preview: &mut Preview, shared: &Shared) {
    let (lock, _) = &**shared;
    let clean = lock.lock().is_ok_and(|state| state.errors.is_none());
    match &preview.live {
        Some(live) if clean => preview.books.request(live, shared),
        _ => preview.books.forget(),
    }
}

/// Changes the served site and tells the open tabs whose page changed to
/// reload: all of them, unless `touched` lists the files that changed.
pub(super) fn publish(
    shared: &Shared,
    touched: Option<Vec<String>>,
    change: impl FnOnce(&mut State),
) {
    let (lock, changed) = &**shared;
    let Ok(mut state) = lock.lock() else { return };
    let had_errors = state.errors.is_some();
    change(&mut state);
    state.version += 1;
    let version = state.version;
    match touched {
        Some(files) if had_errors == state.errors.is_some() => {
            for file in files {
                state.changed.insert(file, version);
            }
        }
        _ => state.whole = version,
    }
    changed.notify_all();
}

/// How long the watcher waits for a save's burst of events to end.
const QUIET: Duration = Duration::from_millis(15);

/// What the main loop receives.
type Signals = std::sync::mpsc::Receiver<Signal>;

/// Watches the sources of the site at `root`, and sends each change to
/// `tx`. Only changes count: the watcher also reports files being opened
/// and read, which every rebuild does. The watcher stops when it is dropped.
fn watch(
    root: &Path,
    tx: std::sync::mpsc::Sender<Signal>,
) -> Result<notify::RecommendedWatcher, Failure> {
    use notify::{EventKind, RecursiveMode, Watcher};
    let cannot_watch = |what: String, e: notify::Error| {
        Failure::Io(
            Message::new("serve_cannot_watch")
                .arg("what", what)
                .arg("error", e.to_string()),
        )
    };
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let paths = match event {
            Ok(e) if matches!(e.kind, EventKind::Access(_)) => return,
            Ok(e) => Some(e.paths),
            Err(_) => None,
        };
        let _ = tx.send(Signal::Changed(paths));
    })
    .map_err(|e| cannot_watch(root.display().to_string(), e))?;
    for dir in ["content", "themes", "static"] {
        if root.join(dir).is_dir() {
            watcher
                .watch(&root.join(dir), RecursiveMode::Recursive)
                .map_err(|e| cannot_watch(format!("{dir}/"), e))?;
        }
    }
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| cannot_watch(root.display().to_string(), e))?;
    Ok(watcher)
}

/// Rebuilds after each burst of changes and typesets the books again;
/// serves the books of the latest version once they are typeset. For as
/// long as the server runs.
fn serve_changes(
    site: &Options,
    rx: Signals,
    preview: &mut Preview,
    shared: &Shared,
    report: &(dyn Fn(Event) + Sync),
) {
    let root = &site.root;
    let absolute = crate::output::resolve(root);
    while let Ok(first) = rx.recv() {
        let mut burst = vec![first];
        while let Ok(more) = rx.recv_timeout(QUIET) {
            burst.push(more);
        }
        let mut changes = Vec::new();
        let mut typeset_books = None;
        for signal in burst {
            match signal {
                Signal::Changed(paths) => changes.push(paths),
                Signal::Books(version, books) => typeset_books = Some((version, books)),
            }
        }
        let rebuilt = match changes.into_iter().collect::<Option<Vec<Vec<PathBuf>>>>() {
            None => {
                preview.live = rebuild(site, shared, report);
                true
            }
            Some(paths) => {
                let changed = sources_of(root, &absolute, paths);
                if !changed.is_empty() {
                    refresh(site, &mut preview.live, &changed, shared, report);
                }
                !changed.is_empty()
            }
        };
        if rebuilt {
            publish(shared, Some(Vec::new()), |state| state.sources += 1);
            typeset(preview, shared);
        }
        if let Some(books) = typeset_books {
            books::ready(&preview.books, preview.live.as_mut(), books, shared, report);
            preview.books.free(preview.live.as_ref());
        }
    }
}

/// The sources of the site among the paths of a change, sorted, once each.
fn sources_of(root: &Path, absolute: &Path, paths: Vec<Vec<PathBuf>>) -> Vec<PathBuf> {
    let mut changed: Vec<PathBuf> = paths
        .into_iter()
        .flatten()
        .filter(|p| is_source(root, p) || is_source(absolute, p))
        .collect();
    changed.sort();
    changed.dedup();
    changed
}

/// Whether a changed path is one of the site's sources (not its output or cache).
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    matches!(
        first.as_str(),
        "content" | "themes" | "static" | "site.yaml"
    )
}
