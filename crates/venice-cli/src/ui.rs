//! What the user sees: messages on stderr, results on stdout, exit codes.

use std::io::{IsTerminal, Write};

use serde_json::Value;
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
            Error::Unauthorized(_) => Self::Auth,
            Error::InsufficientBalance(_) => Self::Payment,
            Error::ContentPolicy(_) => Self::Policy,
            Error::RateLimited { .. } => Self::RateLimited,
            Error::Server(_) => Self::Server,
            Error::Timeout { .. } | Error::Transport { .. } => Self::Network,
            Error::InvalidResponse { .. } => Self::BadResponse,
            Error::Io { .. } => Self::Partial,
            Error::Config(m) if m.contains("API key") => Self::Auth,
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

/// One line saying what is wrong and what to do.
pub fn describe(e: &Error) -> String {
    let hint = match e {
        Error::Unauthorized(_) => "; set VENICE_API_KEY or --api-key-file to a valid key",
        Error::InsufficientBalance(_) => "; top up at venice.ai/settings/api",
        Error::RateLimited { .. } => "; wait and run again (finished outputs are skipped)",
        Error::Server(_) | Error::Timeout { .. } | Error::Transport { .. } => {
            "; run again later (finished outputs are skipped)"
        }
        _ => "",
    };
    let text = e.to_string();
    // The library's messages already end in advice for most errors.
    if text.contains("check the API key") || text.contains("top up") { text } else { format!("{text}{hint}") }
}

/// Output settings.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub quiet: bool,
    pub verbose: bool,
    pub json: bool,
    color: bool,
}

impl Ui {
    pub fn new(quiet: bool, verbose: bool, json: bool) -> Self {
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var("TERM").map_or(true, |t| t != "dumb");
        Self { quiet, verbose, json, color }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    pub fn error(&self, message: &str) {
        eprintln!("{} {message}", self.paint("1;31", "error:"));
    }

    pub fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("{} {message}", self.paint("1;33", "warning:"));
        }
    }

    pub fn info(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    pub fn detail(&self, message: &str) {
        if self.verbose {
            eprintln!("{}", self.paint("2", message));
        }
    }

    /// One JSON object on stdout.
    pub fn json_line(&self, value: &Value) {
        let mut out = std::io::stdout().lock();
        let written =
            serde_json::to_writer(&mut out, value).map_err(std::io::Error::from).and_then(|()| writeln!(out));
        exit_quietly_on_broken_pipe(written);
    }

    /// Text on stdout.
    pub fn print(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        exit_quietly_on_broken_pipe(writeln!(out, "{text}"));
    }
}

/// A reader that went away (`venice models | head`) is not an error.
pub fn exit_quietly_on_broken_pipe(result: std::io::Result<()>) {
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to stdout: {e}");
        std::process::exit(Exit::Partial as i32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use venice_image::{ApiFailure, InvalidInput, Rule};

    fn failure(status: u16) -> ApiFailure {
        ApiFailure { status, message: "m".into(), details: None, request_id: None, attempts: 1 }
    }

    #[test]
    fn every_error_has_its_documented_code() {
        let cases: Vec<(Error, i32)> = vec![
            (InvalidInput::new("image", Rule::TooFewPixels, "small").into(), 3),
            (Error::Rejected(failure(400)), 3),
            (Error::Unauthorized(failure(401)), 4),
            (Error::Config("no API key: set VENICE_API_KEY".into()), 4),
            (Error::InsufficientBalance(failure(402)), 5),
            (Error::ContentPolicy(failure(422)), 6),
            (Error::RateLimited { failure: failure(429), retry_after: None }, 7),
            (Error::Server(failure(503)), 8),
            (Error::Timeout { attempts: 3, elapsed: std::time::Duration::from_secs(1) }, 9),
            (Error::InvalidResponse { message: "x".into(), request_id: None }, 10),
        ];
        for (e, code) in cases {
            assert_eq!(Exit::of(&e) as i32, code, "{e}");
        }
    }
}
