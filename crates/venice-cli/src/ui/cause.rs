//! Why a network error happened, in words: the innermost cause of the
//! error chain (connection refused, name not resolved, TLS, proxy), chosen
//! by the cause's type where there is one (`std::io::ErrorKind`), else
//! given as the innermost error's own text.

use std::error::Error as StdError;
use std::io::ErrorKind;

use venice_image::Error;

/// The innermost cause of a transport error, or `None` for other errors.
pub fn of(e: &Error) -> Option<String> {
    let Error::Transport { source, .. } = e else { return None };
    let mut innermost: &dyn StdError = source;
    let mut io_kind = None;
    let mut current: Option<&dyn StdError> = Some(source);
    while let Some(err) = current {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            io_kind = Some(io.kind());
        }
        innermost = err;
        current = err.source();
    }
    let words = match io_kind {
        Some(ErrorKind::ConnectionRefused) => {
            "connection refused: nothing is listening at that address".to_owned()
        }
        Some(ErrorKind::ConnectionReset) => "the connection was reset by the other side".to_owned(),
        Some(ErrorKind::ConnectionAborted) => "the connection was aborted".to_owned(),
        Some(ErrorKind::TimedOut) => "the connection timed out".to_owned(),
        Some(ErrorKind::NetworkUnreachable | ErrorKind::HostUnreachable) => {
            "the network or host cannot be reached".to_owned()
        }
        Some(ErrorKind::AddrNotAvailable) => "the address is not available".to_owned(),
        _ if source.is_connect() => format!("cannot connect: {innermost}"),
        _ => innermost.to_string(),
    };
    Some(words)
}
