//! `--watch`: after the first pass, the folders stay under watch, and each
//! new image is processed once it is completely written: its size and
//! modification time unchanged for [`SETTLE`], and the file whole by the
//! library's walk of its container ([`venice_image::whole::check_file`]:
//! a JPEG's segments to the end of its scan, whatever trailer follows; a
//! PNG's chunks to `IEND`; a WebP's chunks to its RIFF size; a GIF's blocks
//! to its trailer), so that a file copied slowly, or over a network, is not
//! taken half-written. The first pass takes what is whole and settles the
//! rest the same way. A file cut short is never taken (it is said once);
//! a damaged one is taken once settled, for the checks to refuse it and
//! say why; one that goes away while settling is forgotten. Every pass
//! is a batch like
//! the first: existing outputs skipped, the same pacing, stop rules and
//! lock-out guard; `--max-cost` is the estimated total for the whole
//! watch. Ctrl-C ends it with a summary.
//!
//! Changes come from the platform's watcher (`notify`, debounced), and a
//! poll every [`POLL`] catches what a network folder's events miss (and is
//! all there is where no watcher can be set up).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_mini::new_debouncer;
use notify_debouncer_mini::notify::RecursiveMode;

use crate::batch::cost::check_max_cost;
use crate::batch::inputs::{self, Input};
use crate::batch::run::{Finished, run_batch};
use crate::batch::{Batch, plan};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

/// How long a new file must stay unchanged before it is taken.
pub const SETTLE: Duration = Duration::from_millis(1500);
/// How often the folders are looked at without an event.
pub const POLL: Duration = Duration::from_secs(2);

/// A file seen, not yet taken: its size and time, and since when.
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    since: Instant,
    /// Whether its staying unwhole has been said.
    said: bool,
}

/// What the library's walk of a file's container says of it.
enum State {
    /// Whole: every block there, up to the end of the picture sent (an
    /// MPO's further pictures, a motion photo's video or a trailer after
    /// it are not judged).
    Whole,
    /// Not whole yet: it ends before its container does.
    Partial(venice_image::whole::Flaw),
    /// Damaged: more writing will not mend it. Taken once settled, for the
    /// checks to refuse it and say why (the watch goes on).
    Damaged,
    /// Gone (or unreadable) since it was listed.
    Gone,
}

/// Whether the file at `path` is whole, by the library's walk of its
/// container (the one the checks before sending use).
fn state(path: &Path) -> State {
    match venice_image::whole::check_file(path) {
        Ok(Ok(())) => State::Whole,
        Ok(Err(flaw @ venice_image::whole::Flaw::Truncated(_))) => State::Partial(flaw),
        Ok(Err(_)) => State::Damaged,
        Err(_) => State::Gone,
    }
}

/// The next Ctrl-C, or never where none can be listened for.
async fn pressed(presses: Option<&mut crate::batch::interrupt::Presses>) {
    let more = match presses {
        Some(p) => p.next().await,
        None => false,
    };
    if !more {
        std::future::pending::<()>().await;
    }
}

/// Folders under watch: what was taken, what is settling, and the
/// watcher's events.
pub struct Watch {
    ui: Ui,
    args: Vec<String>,
    recursive: bool,
    out_dir: Option<PathBuf>,
    taken: BTreeSet<PathBuf>,
    waiting: BTreeMap<PathBuf, Seen>,
    /// Folders whose files are this watch's own (a gallery's thumbnails).
    excluded: Vec<PathBuf>,
    first: bool,
    events: tokio::sync::mpsc::Receiver<()>,
    /// Ctrl-C, listened for from the start to the end of the watch: a
    /// press while a pass runs or between two checks is not lost.
    presses: Option<crate::batch::interrupt::Presses>,
    _watcher: Option<notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>>,
}

impl Watch {
    /// Starts watching `args`' folders (a poll alone where no watcher can
    /// be set up).
    pub fn start(ui: &Ui, args: &[String], recursive: bool, out_dir: Option<&Path>) -> Result<Self, Failure> {
        let folders: Vec<PathBuf> = args.iter().map(PathBuf::from).filter(|p| p.is_dir()).collect();
        if folders.is_empty() {
            return Err(Failure::usage("--watch takes a folder to watch"));
        }
        let (tx, events) = tokio::sync::mpsc::channel::<()>(16);
        let mode = if recursive { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
        let watcher = new_debouncer(Duration::from_millis(300), move |_| {
            let _ = tx.try_send(());
        })
        .ok()
        .and_then(|mut d| folders.iter().all(|f| d.watcher().watch(f, mode).is_ok()).then_some(d));
        if watcher.is_none() {
            ui.warn("the folders cannot be watched for changes here; looking at them every 2 s instead");
        }
        // Listening before saying so: a Ctrl-C from then on ends the watch.
        let presses = crate::batch::interrupt::Presses::listen();
        ui.info(&format!("watching {} (Ctrl-C ends the watch)", args.join(", ")));
        Ok(Self {
            ui: *ui,
            args: args.to_vec(),
            recursive,
            out_dir: out_dir.map(Path::to_path_buf),
            taken: BTreeSet::new(),
            waiting: BTreeMap::new(),
            excluded: Vec::new(),
            first: true,
            events,
            presses,
            _watcher: watcher,
        })
    }

    /// The next images to process: at first everything there that is
    /// whole; then, as they arrive, the new ones once settled and whole.
    /// `None` at Ctrl-C.
    pub async fn next(&mut self) -> Result<Option<Vec<Input>>, Failure> {
        loop {
            let expanded = inputs::expand(&self.args, self.recursive, self.out_dir.as_deref())
                .map_err(Failure::usage)?;
            let now = Instant::now();
            let mut ready = Vec::new();
            let mut present = BTreeSet::new();
            for input in expanded.inputs {
                let Input::File { path, .. } = &input else { continue };
                let real = key(path);
                if self.taken.contains(&real) || self.excluded.iter().any(|d| real.starts_with(d)) {
                    continue;
                }
                present.insert(path.clone());
                if self.first && matches!(state(path), State::Whole) {
                    // Whole by its format: there before the watch began.
                    self.taken.insert(real);
                    ready.push(input);
                    continue;
                }
                if self.settled(path, now) {
                    self.waiting.remove(path);
                    self.taken.insert(real);
                    ready.push(input);
                }
            }
            // A file that went away is no longer waited for.
            self.waiting.retain(|p, _| present.contains(p));
            let first = std::mem::replace(&mut self.first, false);
            if first || !ready.is_empty() {
                return Ok(Some(ready));
            }
            let wait = if self.waiting.is_empty() { POLL } else { SETTLE.min(POLL) / 2 };
            tokio::select! {
                _ = self.events.recv() => {}
                () = tokio::time::sleep(wait) => {}
                _ = pressed(self.presses.as_mut()) => return Ok(None),
            }
        }
    }

    /// Whether the file at `path` has stayed the same for [`SETTLE`] and is
    /// whole (or damaged beyond what more writing mends). One gone since it was listed is forgotten; one unchanged for
    /// long and still not whole is said once, and waited for.
    fn settled(&mut self, path: &Path, now: Instant) -> bool {
        let Ok(meta) = std::fs::metadata(path) else {
            self.waiting.remove(path);
            return false;
        };
        let (len, modified) = (meta.len(), meta.modified().ok());
        let fresh = Seen { len, modified, since: now, said: false };
        let seen = self.waiting.entry(path.to_path_buf()).or_insert(fresh);
        if seen.len != len || seen.modified != modified {
            *seen = Seen { len, modified, since: now, said: false };
            return false;
        }
        let still = now.duration_since(seen.since);
        if still < SETTLE {
            return false;
        }
        match state(path) {
            State::Whole | State::Damaged => true,
            State::Gone => {
                self.waiting.remove(path);
                false
            }
            State::Partial(flaw) => {
                if still >= 4 * SETTLE && !seen.said {
                    seen.said = true;
                    let shown = path.display();
                    self.ui.warn(&format!(
                        "{shown} is not whole ({flaw}); it is taken once the rest is written"
                    ));
                }
                false
            }
        }
    }

    /// Never takes files under `dir` (the watch's own gallery thumbnails).
    pub fn exclude(&mut self, dir: &Path) {
        let _ = std::fs::create_dir_all(dir);
        self.excluded.push(key(dir));
    }
}

/// Marks files this watch wrote, so that it never takes its own results
/// for new images (names from `--name` need not look like outputs).
impl Watch {
    pub fn wrote(&mut self, path: &Path) {
        self.taken.insert(key(path));
    }
}

/// A path as the watch remembers it: resolved, so that one file named two
/// ways is one.
fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The summary a watch ends with.
pub fn summarise(ui: &Ui, done: usize, passes: usize, spent: f64, worst: Exit) {
    let summary =
        format!("watch ended: {done} image(s) done in {passes} pass(es); estimated cost ${spent:.4}");
    if worst == Exit::Ok { ui.info(&summary) } else { ui.warn(&summary) }
}

/// Runs the first pass, then watches `args`' folders until Ctrl-C or a stop.
pub async fn run(b: &Batch<'_>, args: &[String]) -> Result<Exit, Failure> {
    let ui = b.core.ui;
    let mut watch = Watch::start(&ui, args, b.out.recursive, b.out.out_dir.as_deref())?;
    let mut spent = 0.0;
    let mut worst = Exit::Ok;
    let (mut ok, mut passes) = (0usize, 0usize);
    while let Some(ready) = watch.next().await? {
        if ready.is_empty() {
            continue;
        }
        passes += 1;
        let expanded = inputs::Expanded { inputs: ready, ..inputs::Expanded::default() };
        // Later passes add to the report the first pass began; a pass that
        // cannot be planned is said and skipped, and the watch goes on.
        let options = plan::PlanOptions { dry_run: false, append_report: passes > 1 };
        let planned = match plan::plan_inputs(b, expanded, &args.join(", "), options).await {
            Ok(p) => p,
            Err(e) if passes > 1 => {
                ui.error(&format!("the new images could not be taken: {}", e.message));
                continue;
            }
            Err(e) => return Err(e),
        };
        let n = planned.jobs.len();
        if n == 0 {
            planned.report.finish(&ui).await;
            continue;
        }
        let estimate = b.op.estimate(&b.core.client, n).await;
        let total = estimate.map(|e| spent + e);
        if let Err(refused) = check_max_cost(b.out.max_cost, total) {
            ui.error(&format!("the watch stops: {}", refused.message));
            worst = worst.max(refused.exit);
            break;
        }
        spent = total.unwrap_or(spent);
        let ran = run_batch(b.core, planned.jobs, b.out.jobs, planned.report, planned.skipped).await;
        for (_, finished) in &ran.jobs {
            if let Finished::Done(done) = finished {
                ok += 1;
                watch.wrote(Path::new(&done.output));
            }
        }
        if matches!(ran.exit, Exit::Interrupted) || b.core.stops().current().is_some() {
            worst = worst.max(ran.exit);
            break;
        }
        if ran.exit != Exit::Ok {
            worst = worst.max(Exit::Partial);
        }
    }
    summarise(&ui, ok, passes, spent, worst);
    Ok(worst)
}
