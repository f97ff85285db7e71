//! Exit codes chosen from error *types*, never from message text, and the
//! one-line description of an error with the advice that fits a shell user.

use venice_image::{Error, ErrorKind};

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
    Internal = 12,
    Interrupted = 130,
}

impl Exit {
    /// Every code, for the documentation's tests.
    #[cfg(test)]
    pub const ALL: [Exit; 14] = [
        Self::Ok,
        Self::Partial,
        Self::Usage,
        Self::Invalid,
        Self::Auth,
        Self::Payment,
        Self::Policy,
        Self::RateLimited,
        Self::Server,
        Self::Network,
        Self::BadResponse,
        Self::Output,
        Self::Internal,
        Self::Interrupted,
    ];

    /// The exit code for a library error, from its kind.
    pub fn of(e: &Error) -> Self {
        Self::of_kind(e.kind())
    }

    /// The exit code for a kind of error. `ErrorKind` may grow: a kind this
    /// build does not know is an internal error, never a usage error (a
    /// test checks every known kind has its own code).
    pub fn of_kind(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::InvalidInput | ErrorKind::Unreadable | ErrorKind::Rejected => Self::Invalid,
            ErrorKind::Auth => Self::Auth,
            ErrorKind::Payment => Self::Payment,
            ErrorKind::Policy => Self::Policy,
            ErrorKind::RateLimited => Self::RateLimited,
            ErrorKind::Server => Self::Server,
            ErrorKind::Network => Self::Network,
            ErrorKind::Response => Self::BadResponse,
            ErrorKind::Output => Self::Output,
            ErrorKind::Config => Self::Usage,
            ErrorKind::Internal => Self::Internal,
            _ => Self::Internal,
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
        Error::MissingCredentials | Error::KeyFile { .. } => {
            " (--api-key-file PATH; or pay with a wallet: VENICE_WALLET_KEY, --wallet-key-file, --wallet-keystore; \
             or try it without a key on the built-in emulator: --offline)"
        }
        Error::Output { .. } => "; choose another -o or --out-dir",
        Error::RateLimited { .. } => "; wait and run again",
        Error::Server(_) | Error::Timeout { .. } => "; run again later",
        Error::Transport { .. } => "; check the address and the network, then run again",
        _ => "",
    }
}

/// One line saying what is wrong, why (a network error's cause) and what to do.
pub fn describe(e: &Error) -> String {
    if let Some(text) = unknown_model(e) {
        return text;
    }
    let cause = crate::ui::cause::of(e).map(|c| format!(" (cause: {c})")).unwrap_or_default();
    format!("{e}{cause}{}{}", crate::ui::advice::text(e), hint(e))
}

/// An unknown model: the library's refusal (with the nearest ids it
/// found, as data, in its words) and the command that lists the models.
fn unknown_model(e: &Error) -> Option<String> {
    let Error::InvalidInput(i) = e else { return None };
    (i.rule == venice_image::Rule::UnknownModel).then(|| format!("{e}; `venice models` lists them"))
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
        assert!(missing.starts_with("no API key") && missing.contains("(--api-key-file PATH;"), "{missing}");
        assert!(describe(&Error::Server(failure(503))).ends_with("run again later"));
    }
}
