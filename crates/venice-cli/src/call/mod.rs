//! The call core: the one place where one image operation on one input is
//! prepared (validated by the library), priced, held against the spending
//! limits, given an output slot (reserved before paying), admitted by the
//! stop rules, sent, written atomically (or rescued and named), warned
//! about, and turned into a stop decision. The batch runner, `compare` and
//! every MCP tool call [`Core::perform`]; nothing else sends an image call.
//!
//! Below it: `ui` and `settings`. Above it: `batch`, `mcp`, `commands`.

pub mod budget;
pub mod client;
mod input;
pub mod names;
mod op;
mod outcome;
pub mod stops;
pub mod target;

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use venice_image::{Client, Error, ImageSource, PreparedCall, UploadOptions};

pub use budget::Guard;
pub use input::Input;
pub use op::Op;
pub use outcome::{CallError, Done, warnings};
pub use stops::Stops;
pub use target::Target;

use crate::ui::Ui;

/// One call: what is done, to which input, and where the result goes.
#[derive(Debug, Clone)]
pub struct Job {
    pub op: Arc<Op>,
    pub upload: UploadOptions,
    pub input: Input,
    pub target: Target,
    /// How the job is shown instead of its input (`compare` shows models).
    pub tag: Option<String>,
}

impl Job {
    /// A job shown by its input.
    pub fn new(op: Arc<Op>, upload: UploadOptions, input: Input, target: Target) -> Self {
        Self { op, upload, input, target, tag: None }
    }

    /// How the job is shown in messages: its tag, else its input.
    pub fn label(&self) -> String {
        self.tag.clone().unwrap_or_else(|| self.input.label())
    }
}

/// What every call of a command (or of the MCP server) shares.
pub struct Core {
    pub ui: Ui,
    pub client: Client,
    /// Standard input, read once when a job names `-` and shared by all.
    stdin: OnceLock<Bytes>,
    stops: Stops,
}

impl Core {
    /// A core whose first stop ends every call (a command's run).
    pub fn for_run(ui: Ui, client: Client) -> Self {
        Self { ui, client, stdin: OnceLock::new(), stops: Stops::for_run() }
    }

    /// A core for a server: calls go on after a failure, but the lock-out
    /// guard holds while its window is full.
    pub fn for_server(ui: Ui, client: Client) -> Self {
        Self { ui, client, stdin: OnceLock::new(), stops: Stops::for_server() }
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
        }
    }

    /// Validates a job into a call, sending nothing.
    pub async fn prepare(&self, job: &Job) -> Result<PreparedCall, Error> {
        let layers = match &*job.op {
            Op::Multi { layers, .. } => layers.iter().map(|l| self.source(l)).collect(),
            _ => Vec::new(),
        };
        job.op.prepare(&self.client, self.source(&job.input), layers, job.upload).await
    }

    /// Runs one job: see the module docs for the order. `guard`, when
    /// given, holds the call's estimate against the spending limits.
    pub async fn perform(&self, job: &Job, guard: Option<&Guard>) -> Result<Done, CallError> {
        let call = self.prepare(job).await?;
        let cost = call.estimated_cost().cloned();
        let hold = guard.map(|g| g.hold(cost.as_ref().map(|c| c.usd))).transpose()?;
        let slot = match target::reserve(&job.target).await {
            Ok(slot) => slot,
            Err(e) => {
                self.stops.record(&e);
                return Err(e.into());
            }
        };
        let admission = self.stops.admit().await.map_err(CallError::Stopped)?;
        let sent = self.client.send(&call).await;
        admission.finish(sent.as_ref().err());
        let edited = sent?;
        if let Some(hold) = hold {
            hold.count();
        }
        let extension = edited.extension();
        let output = match target::commit(&job.target, slot, edited.bytes().clone(), extension).await {
            Ok(output) => output,
            Err(unwritten) => {
                self.stops.record(&unwritten.error);
                return Err(CallError::Failed { error: unwritten.error, rescued: unwritten.rescued });
            }
        };
        let warnings = warnings(&call, &edited);
        Ok(Done { output, edited, cost, model: call.model().map(str::to_owned), warnings })
    }
}
