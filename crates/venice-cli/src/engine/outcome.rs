//! What one call came to: the result written (and what to warn about), or
//! why it failed, described once for the shell and the agent alike, with
//! the exit code its kind calls for.

use std::path::PathBuf;

use venice_image::{Cost, EditedImage, Error, PreparedCall};

use crate::engine::budget::GuardError;
use crate::engine::stops::Stop;
use crate::ui::exit::{Exit, describe};

/// A call that succeeded: where its result went and what it was.
pub struct Done {
    /// The file written, or `-` for standard output.
    pub output: String,
    pub edited: EditedImage,
    /// The estimated cost of the call, from the catalogue.
    pub cost: Option<Cost>,
    /// The model the call named or the service's default resolved.
    pub model: Option<String>,
    /// What preparing the call and the answer's headers call for saying.
    pub warnings: Vec<String>,
    /// The bytes written, when the target is [`Target::Memory`](crate::engine::Target::Memory).
    pub bytes: Option<bytes::Bytes>,
}

impl Done {
    /// The estimated USD, when known.
    pub fn usd(&self) -> Option<f64> {
        self.cost.as_ref().map(|c| c.usd)
    }

    /// The model that made the result: the answer's, else the call's.
    pub fn model(&self) -> Option<&str> {
        self.edited.meta().model_id.as_deref().or(self.model.as_deref())
    }
}

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The library refused or failed the call; `rescued` is where a paid
    /// result that could not be written where asked was saved instead.
    #[error("{}", describe_failed(.error, .rescued.as_ref()))]
    Failed { error: Error, rescued: Option<PathBuf> },
    /// The spending limits refused the call; nothing was sent.
    #[error(transparent)]
    Guard(#[from] GuardError),
    /// Not sent: calls stopped (a stop decided by another call, or the
    /// lock-out guard).
    #[error("not sent: {}", .0.reason)]
    Stopped(Stop),
}

impl From<Error> for CallError {
    fn from(error: Error) -> Self {
        Self::Failed { error, rescued: None }
    }
}

fn describe_failed(e: &Error, rescued: Option<&PathBuf>) -> String {
    match rescued {
        Some(path) => format!("{}; the paid result was saved to {} instead", describe(e), path.display()),
        None => describe(e),
    }
}

impl CallError {
    /// The library's error, when the call reached the library.
    pub fn error(&self) -> Option<&Error> {
        match self {
            Self::Failed { error, .. } => Some(error),
            Self::Guard(_) | Self::Stopped(_) => None,
        }
    }

    /// The exit code this failure calls for.
    pub fn exit(&self) -> Exit {
        match self {
            Self::Failed { error, .. } => Exit::of(error),
            Self::Guard(_) => Exit::Invalid,
            Self::Stopped(stop) => stop.exit,
        }
    }

    /// Whether this is the library's refusal of a call's one image file
    /// (its pixels, size, format, container or reading it): such a
    /// message names the image itself (`tiny.jpg is 100x100 ...`, `cannot
    /// read tiny.jpg: ...`), so a line about the input need not name it
    /// again.
    pub fn names_its_image(&self) -> bool {
        use venice_image::Rule;
        let Some(Error::InvalidInput(i)) = self.error() else { return false };
        i.field == "image"
            && matches!(
                i.rule,
                Rule::TooFewPixels
                    | Rule::TooManyPixels
                    | Rule::FileTooLarge
                    | Rule::UnsupportedFormat
                    | Rule::CorruptImage
                    | Rule::Truncated
                    | Rule::MetadataNotRemovable
                    | Rule::Unreadable
            )
    }

    /// The failure in one line; in a batch, whether a rerun resumes it.
    pub fn describe(&self, batch: bool) -> String {
        let mut text = self.to_string();
        if batch && self.error().is_some_and(|e| e.kind().is_transient()) {
            text.push_str(" (finished outputs are skipped)");
        }
        text
    }
}

/// What preparing `call` and the answer's headers call for saying.
pub fn warnings(call: &PreparedCall, edited: &EditedImage) -> Vec<String> {
    let mut out: Vec<String> = call.fitted().iter().map(ToString::to_string).collect();
    let m = edited.meta();
    if let Some(d) = &m.deprecation {
        let mut text = format!("the model {} is deprecated", m.model_id.as_deref().unwrap_or("used"));
        if let Some(w) = &d.warning {
            text.push_str(&format!(": {w}"));
        }
        if let Some(r) = &d.replacement {
            text.push_str(&format!("; move to {r}"));
        }
        out.push(text);
    }
    if m.content_violation {
        out.push("the result was flagged as a content violation (safe mode may have blurred it)".into());
    }
    out
}
