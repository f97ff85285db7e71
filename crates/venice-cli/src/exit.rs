//! Exit codes chosen from error *types*, never from message text, and the
//! one-line description of an error with the advice that fits a shell user.

use venice_image::Error;

/// Exit codes (see `cli::EXIT_CODES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Ok = 0,
    Partial = 1,
    Usage = 2,
    Invalid = 3,
    Auth = 4,
    Payment = 5,
    Policy = 6,
    RateLimited = 7,
    Server = 8,
    Network = 9,
    BadResponse = 10,
    Output = 11,
    Interrupted = 130,
}

impl Exit {
    /// The exit code for a library error.
    pub fn of(e: &Error) -> Self {
        match e {
            Error::InvalidInput(_)
            | Error::Rejected(_)
            | Error::PayloadTooLarge(_)
            | Error::UnsupportedMediaType(_) => Self::Invalid,
            Error::Unauthorized(_)
            | Error::MissingCredentials
            | Error::InvalidCredentials
            | Error::KeyFile { .. } => Self::Auth,
            Error::InsufficientBalance(_) => Self::Payment,
            Error::ContentPolicy(_) => Self::Policy,
            Error::RateLimited { .. } => Self::RateLimited,
            Error::Server(_) => Self::Server,
            Error::Timeout { .. } | Error::Transport { .. } => Self::Network,
            Error::InvalidResponse { .. } => Self::BadResponse,
            Error::Io { .. } => Self::Partial,
            Error::Output { .. } => Self::Output,
            _ => Self::Usage,
        }
    }
}

/// A failure that ends the command, with its code.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self { exit, message: message.into() }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self { exit: Exit::of(&e), message: describe(&e) }
    }
}

/// Advice for a shell user, beyond what the library's message says.
fn hint(e: &Error) -> &'static str {
    match e {
        Error::MissingCredentials | Error::KeyFile { .. } => " (--api-key-file PATH)",
        Error::Output { .. } => "; choose another -o or --out-dir",
        Error::RateLimited { .. } => "; wait and run again",
        Error::Server(_) | Error::Timeout { .. } => "; run again later",
        Error::Transport { .. } => "; check the address and the network, then run again",
        _ => "",
    }
}

/// Whether running the batch again would resume it (the errors that pass).
fn resumable(e: &Error) -> bool {
    matches!(
        e,
        Error::RateLimited { .. } | Error::Server(_) | Error::Timeout { .. } | Error::Transport { .. }
    )
}

/// One line saying what is wrong, why (a network error's cause) and what to do.
pub fn describe(e: &Error) -> String {
    let cause = crate::cause::of(e).map(|c| format!(" (cause: {c})")).unwrap_or_default();
    format!("{e}{cause}{}{}", crate::advice::text(e), hint(e))
}

/// A failed job's line: the error, and where a paid result was rescued to;
/// in a batch, that finished outputs are skipped on the next run.
pub fn describe_job(e: &crate::job::JobError, batch: bool) -> String {
    let mut text = describe(&e.error);
    if batch && resumable(&e.error) {
        text.push_str(" (finished outputs are skipped)");
    }
    match (&e.error, &e.rescued) {
        (Error::Output { .. }, Some(path)) => {
            format!("{text}; the paid result was saved to {} instead", path.display())
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use venice_image::{ApiFailure, InvalidInput, Rule};

    fn failure(status: u16) -> ApiFailure {
        ApiFailure::new(status, "m")
    }

    #[test]
    fn every_error_has_its_documented_code() {
        let cases: Vec<(Error, i32)> = vec![
            (InvalidInput::new("image", Rule::TooFewPixels, "small").into(), 3),
            (Error::Rejected(failure(400)), 3),
            (Error::Unauthorized(failure(401)), 4),
            (Error::MissingCredentials, 4),
            (Error::KeyFile { path: "k".into(), source: None }, 4),
            (Error::InsufficientBalance(failure(402)), 5),
            (Error::ContentPolicy(failure(422)), 6),
            (Error::RateLimited { failure: failure(429), retry_after: None }, 7),
            (Error::Server(failure(503)), 8),
            (Error::Timeout { attempts: 3, elapsed: std::time::Duration::from_secs(1) }, 9),
            (Error::InvalidResponse { message: "x".into(), request_id: None }, 10),
            (Error::InvalidBaseUrl { url: "x".into(), reason: "y".into() }, 2),
            (Error::Output { path: "o".into(), source: std::io::Error::other("full") }, 11),
        ];
        for (e, code) in cases {
            assert_eq!(Exit::of(&e) as i32, code, "{e}");
        }
    }

    #[test]
    fn advice_is_given_once() {
        let unauthorized = describe(&Error::Unauthorized(failure(401)));
        assert_eq!(unauthorized.matches("API key").count(), 1, "{unauthorized}");
        let missing = describe(&Error::MissingCredentials);
        assert!(missing.starts_with("no API key") && missing.ends_with("(--api-key-file PATH)"), "{missing}");
        assert!(describe(&Error::Server(failure(503))).ends_with("run again later"));
    }
}
