//! Why a tool call failed: the agent's arguments, the output, or the call
//! core (the library's error, the spending guard, the stop rules), each
//! with the message the CLI prints. Every kind becomes a tool error
//! (`isError: true`), never a protocol error; its class for programs comes
//! from the library's [`ErrorKind`], as the CLI's exit codes do.

use venice_image::ErrorKind;

use crate::engine::CallError;

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
    /// A path outside the folders the server may use; nothing was read,
    /// written or sent.
    #[error("{0}")]
    Outside(String),
    /// The call core refused or failed the call.
    #[error("{0}")]
    Call(Box<CallError>),
    /// A bug: the call's task panicked. The server goes on.
    #[error("internal error while running {tool}; the server is still running")]
    Internal { tool: String },
}

impl From<CallError> for ToolError {
    fn from(e: CallError) -> Self {
        Self::Call(Box::new(e))
    }
}

impl From<venice_image::Error> for ToolError {
    fn from(e: venice_image::Error) -> Self {
        Self::from(CallError::from(e))
    }
}

/// The class of a library error, for the structured error content.
pub fn kind_name(kind: ErrorKind) -> &'static str {
    kind.as_str()
}

impl ToolError {
    /// A short machine-readable class, for the structured error content.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Arguments(_) => "invalid_arguments",
            Self::Output(_) => "output",
            Self::Outside(_) => "outside_allowed_folders",
            Self::Internal { .. } => "internal",
            Self::Call(e) => match &**e {
                CallError::Failed { error, .. } => kind_name(error.kind()),
                CallError::Guard(_) => "spending_guard",
                CallError::Stopped(_) => "stopped",
            },
        }
    }

    /// Whether the agent may try the same call again later with a chance
    /// (a retry of a call that reached the service may be charged again).
    pub fn retryable(&self) -> bool {
        match self {
            Self::Call(e) => match &**e {
                CallError::Failed { error, rescued: None } => error.is_retryable(),
                CallError::Stopped(_) => true,
                CallError::Failed { .. } | CallError::Guard(_) => false,
            },
            Self::Arguments(_) | Self::Output(_) | Self::Outside(_) | Self::Internal { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::exit::Exit;

    /// Every kind the library knows, with its exit code and its MCP class:
    /// one table, checked against `ErrorKind::ALL` (no kind left to a
    /// fallback arm).
    #[test]
    fn every_error_kind_has_its_exit_code_and_mcp_class() {
        let table = [
            (ErrorKind::InvalidInput, Exit::Invalid, "invalid_input"),
            (ErrorKind::Unreadable, Exit::Invalid, "unreadable_input"),
            (ErrorKind::Rejected, Exit::Invalid, "rejected"),
            (ErrorKind::Auth, Exit::Auth, "authentication"),
            (ErrorKind::Payment, Exit::Payment, "payment_required"),
            (ErrorKind::Policy, Exit::Policy, "content_policy"),
            (ErrorKind::RateLimited, Exit::RateLimited, "rate_limited"),
            (ErrorKind::Server, Exit::Server, "server_error"),
            (ErrorKind::Network, Exit::Network, "network"),
            (ErrorKind::Response, Exit::BadResponse, "invalid_response"),
            (ErrorKind::Output, Exit::Output, "output"),
            (ErrorKind::Config, Exit::Usage, "configuration"),
            (ErrorKind::Internal, Exit::Internal, "internal"),
        ];
        assert_eq!(table.len(), ErrorKind::ALL.len(), "a kind is missing from the table");
        for kind in ErrorKind::ALL {
            let (_, exit, class) = table
                .iter()
                .find(|(k, _, _)| *k == kind)
                .unwrap_or_else(|| panic!("{kind:?} not in the table"));
            assert_eq!(Exit::of_kind(kind), *exit, "{kind:?}");
            assert_eq!(kind_name(kind), *class, "{kind:?}");
        }
    }
}
