//! Why a tool call failed: the agent's arguments, the spending guard, or the
//! library (whose message is the one the CLI prints, from `exit::describe`).
//! Every kind becomes a tool error (`isError: true`), never a protocol error.

use std::path::PathBuf;

use venice_image::Error;

use crate::exit::{Exit, describe};
use crate::mcp::guard::GuardError;

/// A failed tool call.
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    /// The arguments are wrong (a missing, unknown or ill-typed argument, a
    /// value that is not one of the names an option takes).
    #[error("{0}")]
    Arguments(String),
    /// The output exists and `overwrite` was not given, or cannot be used.
    #[error("{0}")]
    Output(String),
    /// The spending guard refused the call; nothing was sent.
    #[error(transparent)]
    Guard(#[from] GuardError),
    /// The library refused or failed the call.
    #[error("{}", describe(.0))]
    Library(Box<Error>),
    /// The call was paid for but the result could not be written where asked.
    #[error("{}; the paid result was saved to {} instead", describe(.error), .rescued.display())]
    Rescued { error: Box<Error>, rescued: PathBuf },
    /// A bug: the call's task panicked. The server goes on.
    #[error("internal error while running {tool}; the server is still running")]
    Internal { tool: String },
}

impl From<Error> for ToolError {
    fn from(e: Error) -> Self {
        Self::Library(Box::new(e))
    }
}

impl ToolError {
    /// A short machine-readable class, for the structured error content.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Arguments(_) => "invalid_arguments",
            Self::Output(_) => "output",
            Self::Guard(_) => "spending_guard",
            Self::Internal { .. } => "internal",
            Self::Library(e) | Self::Rescued { error: e, .. } => match Exit::of(e) {
                Exit::Invalid => "invalid_input",
                Exit::Auth => "authentication",
                Exit::Payment => "insufficient_balance",
                Exit::Policy => "content_policy",
                Exit::RateLimited => "rate_limited",
                Exit::Server => "server_error",
                Exit::Network => "network",
                Exit::BadResponse => "invalid_response",
                Exit::Output => "output",
                _ => "failed",
            },
        }
    }

    /// Whether the agent may try the same call again later with a chance.
    pub fn retryable(&self) -> bool {
        match self {
            Self::Library(e) => e.is_retryable(),
            _ => false,
        }
    }
}
