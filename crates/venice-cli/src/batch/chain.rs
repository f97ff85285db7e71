//! One input through a pipeline's steps, resumable per step. Each step's
//! result is kept in a hidden folder beside the final outputs
//! (`.venice-pipeline/<input>/<n>-<op>-<key>.<ext>`, which folder walks
//! pass over), named by a key that chains the input's contents and every
//! step up to it: a rerun finds the steps already done and sends only the
//! rest, and a changed step (its options, its layers) has a new key, so it
//! and the steps after it run again while those before it are kept. Each
//! step's input is the previous step's result, the exact bytes the service
//! returned. The final output is reserved before the first step is paid for.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use sha2::{Digest, Sha256};
use venice_image::OutputSlot;
use venice_image::metadata::{self, InputMetadata, MetadataOptions};

use crate::batch::inputs::{self, Input};
use crate::batch::recipe::RecipeStep;
use crate::engine::{CallError, Core, Done, Guard, Job, Op, Target};

/// The hidden folder of a pipeline's intermediate results.
pub const STATE_DIR: &str = ".venice-pipeline";

/// One input's chain, planned.
pub struct Chain {
    pub input: Input,
    /// Where its intermediate results are kept.
    pub state: PathBuf,
    /// Each step's key (hex).
    pub keys: Vec<String>,
    /// Each step's kept result, when a run already made it.
    pub kept: Vec<Option<PathBuf>>,
    /// The final output (its extension follows the last result).
    pub output: PathBuf,
    /// The final output exists and was made by this very chain: nothing to do.
    pub finished: bool,
    /// Whether a final output this pipeline did not write may be replaced
    /// (`--force`, `overwrite`).
    pub replace: bool,
}

/// What became of one step.
pub enum StepOutcome {
    /// Made by an earlier run: not sent again.
    Kept(PathBuf),
    Done(Box<Done>),
    Failed(CallError),
    NotAttempted(String),
}

impl StepOutcome {
    /// The file the step's result is in, when there is one.
    pub fn file(&self) -> Option<PathBuf> {
        match self {
            Self::Kept(p) => Some(p.clone()),
            Self::Done(d) => Some(PathBuf::from(&d.output)),
            Self::Failed(_) | Self::NotAttempted(_) => None,
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The marker that says which chain wrote an input's final output.
fn marker(state: &Path) -> PathBuf {
    state.join("final")
}

/// Plans `input` through `steps`: its keys, what is kept, where it ends.
pub fn plan(input: Input, steps: &[RecipeStep], out_dir: Option<&Path>) -> Result<Chain, String> {
    let generates = steps.first().is_some_and(|s| matches!(s.op, Op::Generate { .. }));
    let (contents, id) = match (&input, generates) {
        (Input::File { path, .. }, false) => {
            let fit = steps.first().is_some_and(|s| s.upload.fit);
            // One file named two ways (`./a.jpg`, `a.jpg`) keeps its results in one place.
            let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            (hash_file(path, fit)?, Sha256::digest(real.display().to_string().as_bytes()).into())
        }
        // A generation's chain is keyed by its prompt: a rerun of the same
        // prompt finds its results.
        (Input::Prompt(prompt), true) => {
            let key: [u8; 32] = Sha256::digest(format!("prompt\n{prompt}").as_bytes()).into();
            (key, key)
        }
        (Input::Prompt(_), false) => {
            return Err("prompts feed a pipeline whose first step is generate".into());
        }
        (_, true) => {
            return Err(format!(
                "{}: a pipeline that starts with generate takes prompts (--prompts FILE), not images",
                input.label()
            ));
        }
        (_, false) => return Err(format!("{}: a pipeline takes files and folders", input.label())),
    };
    let last = steps.last().ok_or("the recipe has no steps")?;
    let output = inputs::output_path(&input, out_dir, last.op.suffix(), last.op.extension())?;
    let base = output.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let state = base.join(STATE_DIR).join(format!("{}-{}", input.stem(), &hex(&id)[..8]));
    let mut key = contents;
    let (mut keys, mut kept) = (Vec::new(), Vec::new());
    for (n, step) in steps.iter().enumerate() {
        let mut h = Sha256::new();
        h.update(key);
        h.update(step.identity);
        key = h.finalize().into();
        let name = step_stem(n, step, &hex(&key));
        kept.push(find(&state, &name));
        keys.push(hex(&key));
    }
    let last_key = keys.last().cloned().unwrap_or_default();
    let finished = std::fs::read_to_string(marker(&state)).is_ok_and(|m| {
        m.lines().next() == Some(last_key.as_str())
            && m.lines().nth(1).is_some_and(|out| std::fs::symlink_metadata(out).is_ok())
    });
    Ok(Chain { input, state, keys, kept, output, finished, replace: false })
}

/// A seed made from a prompt, within the service's range.
fn seed_of(prompt: &str) -> i64 {
    let hash = Sha256::digest(prompt.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash[..8]);
    i64::try_from(u64::from_be_bytes(first) % 999_999_999).unwrap_or(0)
}

/// The most a first step with `--fit` reads (the library's own bound for
/// fitting, which holds the file in memory).
const FIT_READ_LIMIT: u64 = 256 * 1024 * 1024;

/// The SHA-256 of the file at `path`, read in pieces, once its size is
/// known to be one a step can send (a larger one is refused before a byte
/// of it is read).
fn hash_file(path: &Path, fit: bool) -> Result<[u8; 32], String> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let len = file.metadata().map_err(|e| format!("cannot read {}: {e}", path.display()))?.len();
    let mb = |n: u64| format!("{:.1} MB", n as f64 / 1_048_576.0);
    if fit && len > FIT_READ_LIMIT {
        return Err(format!(
            "{} is {}; --fit reads at most {}: downscale it with an image editor",
            path.display(),
            mb(len),
            mb(FIT_READ_LIMIT)
        ));
    }
    if !fit && len >= venice_image::MAX_FILE_BYTES {
        return Err(format!(
            "{} is {}; files must be under {} (give the first step --fit to downscale it)",
            path.display(),
            mb(len),
            mb(venice_image::MAX_FILE_BYTES)
        ));
    }
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(hasher.finalize().into())
}

/// `<n>-<op>-<key16>`: a step's result file, without its extension.
fn step_stem(n: usize, step: &RecipeStep, key: &str) -> String {
    format!("{}-{}-{}", n + 1, step.op.suffix(), &key[..16])
}

/// A kept result named `<stem>.<ext>`.
fn find(state: &Path, stem: &str) -> Option<PathBuf> {
    let prefix = format!("{stem}.");
    std::fs::read_dir(state)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix)) && p.is_file())
}

impl Chain {
    /// Whether the final output is another run's or the user's: it is only
    /// replaced with `--force`.
    pub fn blocked(&self) -> Option<PathBuf> {
        if self.finished {
            return None;
        }
        let existing =
            Target::File { path: self.output.clone(), explicit: false, replace: false }.existing()?;
        let ours = std::fs::read_to_string(marker(&self.state))
            .is_ok_and(|m| m.lines().nth(1).is_some_and(|out| Path::new(out) == existing));
        (!ours).then_some(existing)
    }

    /// Runs the steps not yet done, in order (each held against `guard`'s
    /// spending limits, when given); stops at the first failure or when
    /// `stopping` says so. The final output is reserved first and
    /// written when every step is done; `clean` then removes the kept
    /// intermediate results.
    pub async fn run(
        &self,
        core: &Core,
        steps: &[RecipeStep],
        guard: Option<&Guard>,
        stopping: &(dyn Fn() -> bool + Sync),
        clean: bool,
    ) -> ChainRun {
        let mut outcomes = Vec::new();
        let slot = match reserve(&self.output).await {
            Ok(slot) => slot,
            Err(e) => {
                core.stops().record(&e);
                outcomes.push(StepOutcome::Failed(e.into()));
                return ChainRun { outcomes, output: None };
            }
        };
        let mut previous = match &self.input {
            Input::File { path, .. } => path.clone(),
            other => PathBuf::from(other.label()),
        };
        for (n, step) in steps.iter().enumerate() {
            if let Some(kept) = &self.kept[n] {
                previous = kept.clone();
                outcomes.push(StepOutcome::Kept(kept.clone()));
                continue;
            }
            if outcomes.iter().any(|o| matches!(o, StepOutcome::Failed(_) | StepOutcome::NotAttempted(_))) {
                outcomes.push(StepOutcome::NotAttempted(format!("step {} did not finish", n)));
                continue;
            }
            if stopping() {
                outcomes.push(StepOutcome::NotAttempted("interrupted".into()));
                continue;
            }
            let path =
                self.state.join(format!("{}.{}", step_stem(n, step, &self.keys[n]), step.op.extension()));
            let target = Target::File { path, explicit: false, replace: true };
            let (op, input) = self.step_call(step, &previous);
            // Kept exactly as returned: the next step gets the service's own
            // bytes; the final output gets the metadata and provenance.
            let mut raw = MetadataOptions::default();
            raw.strip_metadata = true;
            raw.no_provenance = true;
            let mut job = Job::new(op, step.upload, input, target).with_metadata(raw);
            job.tag = Some(format!("{} step {} ({})", self.input.label(), n + 1, step.op.suffix()));
            match core.perform(&job, guard).await {
                Ok(done) => {
                    previous = PathBuf::from(&done.output);
                    outcomes.push(StepOutcome::Done(Box::new(done)));
                }
                Err(CallError::Stopped(stop)) => outcomes.push(StepOutcome::NotAttempted(stop.reason)),
                Err(e) => outcomes.push(StepOutcome::Failed(e)),
            }
        }
        if outcomes.iter().any(|o| !matches!(o, StepOutcome::Kept(_) | StepOutcome::Done(_))) {
            return ChainRun { outcomes, output: None };
        }
        let made: Vec<metadata::Step> = steps
            .iter()
            .zip(&outcomes)
            .map(|(step, o)| {
                let (op, _) = self.step_call(step, Path::new(""));
                let mut made = metadata::Step::new(op.name());
                made.prompt = op.prompt().map(str::to_owned);
                made.seed = op.seed();
                if let StepOutcome::Done(d) = o {
                    made.model = d.model().map(str::to_owned);
                    made.request_id = d.edited.meta().request_id.clone();
                    made.cost_usd = d.usd();
                }
                made
            })
            .collect();
        let upright = steps.first().is_some_and(|s| !s.upload.keep_metadata_in_upload);
        match self.finish(slot, &previous, made, clean, upright).await {
            Ok(output) => ChainRun { outcomes, output: Some(output) },
            Err(e) => {
                core.stops().record(&e);
                outcomes.push(StepOutcome::Failed(e.into()));
                ChainRun { outcomes, output: None }
            }
        }
    }

    /// A step's operation and input: a generation draws this chain's prompt
    /// (with the step's seed, or one made from the prompt, so that a rerun
    /// asks for the same picture); any other step takes `previous`.
    pub fn step_call(&self, step: &RecipeStep, previous: &Path) -> (Arc<Op>, Input) {
        match (&step.op, &self.input) {
            (Op::Generate { request }, Input::Prompt(prompt)) => {
                let seed = request.seed_value().unwrap_or_else(|| seed_of(prompt));
                let request = (**request).clone().prompt_text(prompt.clone()).with_seed(Some(seed));
                (Arc::new(Op::Generate { request: Box::new(request) }), self.input.clone())
            }
            _ => (Arc::new(step.op.clone()), Input::File { path: previous.to_path_buf(), relative: None }),
        }
    }

    /// Writes the last result to the final output, with the input's own
    /// metadata (colour profile, date, camera; never its location) and the
    /// provenance of every step, records which chain wrote it, and with
    /// `clean` removes the kept results.
    async fn finish(
        &self,
        slot: OutputSlot,
        last: &Path,
        made: Vec<metadata::Step>,
        clean: bool,
        upright: bool,
    ) -> Result<String, venice_image::Error> {
        let ext = last.extension().map_or_else(|| "png".into(), |e| e.to_string_lossy().into_owned());
        let to = self.output.with_extension(ext);
        let (from, marker_path, state) = (last.to_path_buf(), marker(&self.state), self.state.clone());
        let key = self.keys.last().cloned().unwrap_or_default();
        let original = match &self.input {
            Input::File { path, .. } => Some(path.clone()),
            _ => None,
        };
        // Only this pipeline's own earlier output is replaced without
        // --force; anything else at the name (another run's, the user's,
        // one that appeared meanwhile) is kept, and the result stays in
        // the kept results for a rerun.
        let ours = std::fs::read_to_string(marker(&self.state))
            .is_ok_and(|m| m.lines().nth(1).is_some_and(|out| Path::new(out) == to));
        let replace = self.replace || ours;
        crate::engine::target::blocking(move || {
            let raw = std::fs::read(&from).map_err(|e| venice_image::Error::Io {
                context: format!("cannot read {}", from.display()),
                source: e,
            })?;
            let bytes = with_metadata(raw.into(), original.as_deref(), made, upright);
            if replace {
                slot.commit(&bytes, &to)?
            } else {
                slot.commit_new(&bytes, &to)?
            }
            let note = format!("{key}\n{}\n", to.display());
            venice_image::write_atomic(&marker_path, note.as_bytes())
                .map_err(|e| venice_image::Error::Output { path: marker_path.clone(), source: e })?;
            if clean {
                let _ = std::fs::remove_dir_all(&state);
            }
            Ok(to.display().to_string())
        })
        .await
    }
}

/// The last result with the original's metadata, and one provenance step
/// for each step (each written after the steps before it, as a chain of
/// commands would have). Metadata work never fails a paid result.
/// `upright`: the first step's upload was turned upright where its
/// orientation asked (uploads without `--keep-metadata-in-upload` always
/// are), so the original's orientation tag is not carried.
fn with_metadata(answer: Bytes, original: Option<&Path>, made: Vec<metadata::Step>, upright: bool) -> Bytes {
    let options = MetadataOptions::default();
    let mut input = original.and_then(|p| InputMetadata::from_path(p).ok()).unwrap_or_default();
    let mut bytes = answer;
    for step in made {
        let finished = metadata::finish(bytes.clone(), &input, &options, upright, Some(step));
        if finished.sidecar.is_some() {
            // A signed answer is never rewritten.
            return bytes;
        }
        bytes = finished.bytes;
        input = InputMetadata::read(&bytes);
    }
    bytes
}

async fn reserve(path: &Path) -> Result<OutputSlot, venice_image::Error> {
    let path = path.to_path_buf();
    crate::engine::target::blocking(move || OutputSlot::reserve(&path)).await
}

/// What a chain's run came to.
pub struct ChainRun {
    pub outcomes: Vec<StepOutcome>,
    /// The final output, when every step was done.
    pub output: Option<String>,
}
