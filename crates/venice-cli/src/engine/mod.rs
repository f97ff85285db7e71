//! The call engine: the one place where one image operation on one input
//! is prepared (validated by the library), priced, held against the spending
//! limits, given an output slot (reserved before paying), admitted by the
//! stop rules, sent, written atomically (or rescued and named), warned
//! about, and turned into a stop decision. The batch runner, `compare` and
//! every MCP tool call [`Core::perform`]; nothing else sends an image call.
//!
//! Below it: `ui` and `settings`. Above it: `batch`, `mcp`, `commands`.

pub mod budget;
pub mod client;
pub mod cutout;
mod finish;
mod input;
pub mod names;
mod op;
mod outcome;
pub mod photo;
pub mod stops;
pub mod target;
pub mod template;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use venice_image::metadata::MetadataOptions;
use venice_image::{Client, Error, ErrorKind, ImageSource, PreparedCall, UploadOptions};

pub use budget::Guard;
pub use input::Input;
pub use op::Op;
pub use outcome::{CallError, Done, warnings};
pub use stops::Stops;
pub use target::Target;

use crate::settings::cutout::CutOut;
use crate::settings::photo::PhotoEdit;
use crate::ui::Ui;

/// One call: what is done, to which input, and where the result goes.
#[derive(Debug, Clone)]
pub struct Job {
    pub op: Arc<Op>,
    pub upload: UploadOptions,
    pub input: Input,
    pub target: Target,
    /// What the output keeps of the input, and its provenance.
    pub metadata: MetadataOptions,
    /// `remove-bg`'s finishing (local pixel work on the answer).
    pub cutout: Option<Arc<CutOut>>,
    /// `edit`'s `--keep-size` and `--mask` (local pixel work around the call).
    pub photo: Option<Arc<PhotoEdit>>,
    /// How the job is shown instead of its input (`compare` shows models).
    pub tag: Option<String>,
}

impl Job {
    /// A job shown by its input.
    pub fn new(op: Arc<Op>, upload: UploadOptions, input: Input, target: Target) -> Self {
        let metadata = MetadataOptions::default();
        Self { op, upload, input, target, metadata, cutout: None, photo: None, tag: None }
    }

    /// The same job with this photo finishing (none when nothing is asked).
    pub fn with_photo(mut self, photo: Option<Arc<PhotoEdit>>) -> Self {
        self.photo = photo.filter(|p| p.is_set());
        self
    }

    /// The same job with this finishing of its cut-out.
    pub fn with_cutout(mut self, cutout: Option<Arc<CutOut>>) -> Self {
        self.cutout = cutout;
        self
    }

    /// The same job with these metadata options.
    pub fn with_metadata(mut self, metadata: MetadataOptions) -> Self {
        self.metadata = metadata;
        self
    }

    /// How the job is shown in messages: its tag, else its input.
    pub fn label(&self) -> String {
        self.tag.clone().unwrap_or_else(|| self.input.label())
    }

    /// Its failure in one line, led by its label; said once: a refusal of
    /// its input file or URL already names the input, and is given as it
    /// is (`tiny.jpg is 100x100 ...`, not `tiny.jpg: invalid
    /// input: image: tiny.jpg is 100x100 ...`).
    pub fn failure_line(&self, e: &CallError, batch: bool) -> String {
        let named = self.tag.is_none()
            && matches!(self.input, Input::File { .. } | Input::Url(_))
            && e.names_its_image();
        match e.error() {
            // Refused before sending: no cause, no service advice, no rescue.
            Some(Error::InvalidInput(i)) if named => i.message.clone(),
            _ => format!("{}: {}", self.label(), e.describe(batch)),
        }
    }
}

/// What every call of a command (or of the MCP server) shares.
pub struct Core {
    pub ui: Ui,
    pub client: Client,
    /// Standard input, read once when a job names `-` and shared by all.
    stdin: OnceLock<Bytes>,
    stops: Stops,
    /// How long preparing one call may take (a server's calls).
    prepare_limit: Option<Duration>,
}

impl Core {
    /// A core whose first stop ends every call (a command's run).
    pub fn for_run(ui: Ui, client: Client) -> Self {
        Self { ui, client, stdin: OnceLock::new(), stops: Stops::for_run(), prepare_limit: None }
    }

    /// A core for a server: calls go on after a failure, but the lock-out
    /// guard holds while its window is full.
    pub fn for_server(ui: Ui, client: Client) -> Self {
        Self { ui, client, stdin: OnceLock::new(), stops: Stops::for_server(), prepare_limit: None }
    }

    /// Limits how long preparing one call may take (reading and checking
    /// its inputs): past it the call fails, unsent.
    pub fn with_prepare_limit(mut self, limit: Duration) -> Self {
        self.prepare_limit = Some(limit);
        self
    }

    /// The stop rules' state.
    pub fn stops(&self) -> &Stops {
        &self.stops
    }

    /// Keeps standard input's bytes for the jobs that name `-`.
    pub fn set_stdin(&self, bytes: Bytes) {
        let _ = self.stdin.set(bytes);
    }

    /// The library's source for an input.
    pub fn source(&self, input: &Input) -> ImageSource {
        match input {
            Input::File { path, .. } => ImageSource::path(path),
            Input::Url(u) => ImageSource::url(u),
            Input::Stdin => {
                ImageSource::bytes(self.stdin.get().cloned().unwrap_or_default()).with_filename("stdin")
            }
            Input::Bytes { data, name } => ImageSource::bytes(data.clone()).with_filename(name.clone()),
            // A generation reads no image: its prompt is in its operation.
            Input::Prompt(_) => ImageSource::bytes(Vec::new()).with_filename("prompt"),
        }
    }

    /// Validates a job into a call, sending nothing (within the prepare
    /// limit, when one is set).
    pub async fn prepare(&self, job: &Job) -> Result<PreparedCall, Error> {
        Ok(self.prepare_local(job).await?.0)
    }

    /// [`Core::prepare`], with what the photo finishing keeps from before
    /// the call (the input's size, the mask, sent as the last layer).
    async fn prepare_local(&self, job: &Job) -> Result<(PreparedCall, Option<photo::Local>), Error> {
        let local = match &job.photo {
            Some(p) => Some(finish::read_photo(self, job, Arc::clone(p)).await?),
            None => None,
        };
        let mut layers: Vec<ImageSource> = match &*job.op {
            Op::Multi { layers, .. } => layers.iter().map(|l| self.source(l)).collect(),
            _ => Vec::new(),
        };
        if let Some(layer) = local.as_ref().and_then(|l| l.layer.clone()) {
            layers.push(ImageSource::bytes(layer).with_filename("mask.png"));
        }
        Ok((self.prepare_call(job, layers).await?, local))
    }

    async fn prepare_call(&self, job: &Job, layers: Vec<ImageSource>) -> Result<PreparedCall, Error> {
        let prepared = job.op.prepare(&self.client, self.source(&job.input), layers, job.upload);
        match self.prepare_limit {
            None => prepared.await,
            Some(limit) => tokio::time::timeout(limit, prepared).await.unwrap_or_else(|_| {
                Err(Error::Io {
                    context: format!("reading and checking the inputs took over {} s", limit.as_secs()),
                    source: std::io::Error::from(std::io::ErrorKind::TimedOut),
                })
            }),
        }
    }

    /// Runs one job: see the module docs for the order. `guard`, when
    /// given, holds the call's estimate against the spending limits.
    pub async fn perform(&self, job: &Job, guard: Option<&Guard>) -> Result<Done, CallError> {
        let (call, local) = self.prepare_local(job).await?;
        let cost = call.estimated_cost().cloned();
        let hold = guard.map(|g| g.hold(cost.as_ref().map(|c| c.usd), job.op.charged_extra())).transpose()?;
        let slot = match target::reserve(&job.target).await {
            Ok(slot) => slot,
            Err(e) => {
                self.stops.record(&e);
                return Err(e.into());
            }
        };
        let input_metadata = finish::read_input(self, job).await;
        let admission = self.stops.admit().await.map_err(CallError::Stopped)?;
        let sent = self.client.send(&call).await;
        if let Some(stop) = admission.finish(sent.as_ref().err()) {
            tracing::debug!(reason = %stop.reason, "stop decided");
        }
        // What may have been charged counts: each attempt of a success, and
        // each of a failure the service may have done the work for.
        if let Some(hold) = hold {
            match &sent {
                Ok(edited) => hold.count(edited.meta().attempts),
                Err(e) if may_be_charged(e) => hold.count(attempts(e)),
                // The last answer charged nothing, but an attempt before it
                // (a 500 retried into a long 429, say) may have.
                Err(e) if attempts(e) > 1 => hold.count(attempts(e) - 1),
                Err(_) => drop(hold),
            }
        }
        let edited = sent?;
        let (answer, extension, cut_warning) = finish::cut_out(job, &edited).await;
        let (answer, extension, photo_warnings) = finish::photo(local, answer, extension).await;
        let finished = finish::finish(job, &call, &edited, answer, cost.as_ref(), input_metadata).await;
        // A result kept in memory (a server's answer) is given back as written.
        let kept = (job.target == Target::Memory).then(|| finished.bytes.clone());
        let output = match target::commit(&job.target, slot, finished.bytes, extension).await {
            Ok(output) => output,
            Err(unwritten) => {
                self.stops.record(&unwritten.error);
                return Err(CallError::Failed { error: unwritten.error, rescued: unwritten.rescued });
            }
        };
        let mut warnings = warnings(&call, &edited);
        warnings.extend(cut_warning);
        warnings.extend(photo_warnings);
        if let Some(xmp) = finished.sidecar {
            warnings.extend(finish::write_sidecar(&job.target, extension, xmp).await);
        }
        Ok(Done { output, edited, cost, model: call.model().map(str::to_owned), warnings, bytes: kept })
    }
}

/// Whether a failed call may still have been charged: the service may have
/// done the work (a 5xx, an answer cut short or not an image, a timeout
/// after the upload) or refused it after looking (the content policy).
fn may_be_charged(e: &Error) -> bool {
    match e.kind() {
        ErrorKind::Server | ErrorKind::Network | ErrorKind::Response | ErrorKind::Policy => true,
        ErrorKind::InvalidInput
        | ErrorKind::Unreadable
        | ErrorKind::Rejected
        | ErrorKind::Auth
        | ErrorKind::Payment
        | ErrorKind::RateLimited
        | ErrorKind::Output
        | ErrorKind::Config
        | ErrorKind::Internal => false,
        _ => true,
    }
}

/// The attempts a failed call made.
fn attempts(e: &Error) -> u32 {
    match e {
        Error::Timeout { attempts, .. } | Error::Transport { attempts, .. } => *attempts,
        other => other.api_failure().map_or(1, |f| f.attempts),
    }
}
