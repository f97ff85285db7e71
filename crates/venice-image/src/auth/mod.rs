//! Credentials: how a request proves who sends it (an API key, or a wallet
//! that signs in afresh for every attempt), and where the key comes from
//! (given, a key file, or `VENICE_API_KEY`), resolved once when the client
//! is built. The key is held in a [`Secret`] (its own module, re-exported
//! here), which never prints.

pub(crate) mod secret;
pub(crate) mod signer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use reqwest::header::HeaderValue;

use crate::auth::signer::WalletSigner;
use crate::error::Error;

pub use crate::auth::secret::Secret;

/// The environment variable the key is read from when none is given.
pub const API_KEY_ENV: &str = "VENICE_API_KEY";

/// How the client proves who it is.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// `Authorization: Bearer <key>`.
    ApiKey(Secret),
    /// An x402 wallet: a `SIGN-IN-WITH-X` header signed afresh for every
    /// attempt (the service spends each nonce on first use).
    Wallet(Arc<dyn WalletSigner>),
}

impl Credentials {
    /// The header that carries the credential, marked sensitive; for a
    /// wallet, signed now (call it for each attempt).
    pub(crate) fn header(&self) -> Result<(&'static str, HeaderValue), Error> {
        match self {
            Self::ApiKey(k) => Ok(("authorization", header(k, "Bearer ")?)),
            Self::Wallet(w) => {
                let signed = w.sign_in(std::time::SystemTime::now())?;
                tracing::debug!(nonce = %signed.nonce, "signed in with the wallet");
                Ok(("sign-in-with-x", header(&signed.header, "")?))
            }
        }
    }

    /// The wallet, when the credential is one.
    pub fn wallet(&self) -> Option<&Arc<dyn WalletSigner>> {
        match self {
            Self::Wallet(w) => Some(w),
            Self::ApiKey(_) => None,
        }
    }

    /// The header as a dry run shows it (a wallet by its address).
    pub(crate) fn redacted(&self) -> (String, String) {
        match self {
            Self::ApiKey(_) => ("Authorization".into(), "Bearer [redacted]".into()),
            Self::Wallet(w) => {
                ("SIGN-IN-WITH-X".into(), format!("[signed for each attempt by the wallet {}]", w.address()))
            }
        }
    }
}

/// `secret` behind `prefix`, as a sensitive header value.
fn header(secret: &Secret, prefix: &str) -> Result<HeaderValue, Error> {
    secret.header(prefix).ok_or(Error::InvalidCredentials)
}

/// Where the client's credential came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialSource {
    /// None was found; calls that need one fail with [`Error::MissingCredentials`].
    None,
    /// Given to the builder.
    Given,
    /// Read from a key file (one only its owner, the user running this, can
    /// read: any other is refused with [`Error::InsecureKeyFile`]).
    File {
        /// The file.
        path: PathBuf,
    },
    /// Read from [`API_KEY_ENV`].
    Environment,
}

/// Reads a key file: the key is its text, trimmed. A file that other users
/// can read or write, or that another user owns, is refused before it is
/// read (Unix): a key others can read is a key others can spend.
pub(crate) fn read_key_file(path: &Path) -> Result<Secret, Error> {
    check_private(path)?;
    let text = std::fs::read_to_string(path)
        .map_err(|source| Error::KeyFile { path: path.to_owned(), source: Some(source) })?;
    if text.trim().is_empty() {
        return Err(Error::KeyFile { path: path.to_owned(), source: None });
    }
    Ok(Secret::new(text))
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(meta) = std::fs::metadata(path) else { return Ok(()) }; // reading it says why
    let insecure = |reason: String| Err(Error::InsecureKeyFile { path: path.to_owned(), reason });
    let mode = meta.permissions().mode();
    if mode & 0o077 != 0 {
        return insecure(format!("other users can read or write it (mode {:o})", mode & 0o777));
    }
    if let Some(me) = effective_uid()
        && meta.uid() != me
    {
        return insecure(format!("it belongs to another user (uid {}, you are {me})", meta.uid()));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &Path) -> Result<(), Error> {
    Ok(())
}

/// The effective user id, where the system says it without `unsafe`
/// (Linux's `/proc/self/status`); elsewhere the owner is not checked.
#[cfg(unix)]
fn effective_uid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("Uid:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The credential to use, and where it came from: the one given, else the
/// key file, else the environment (when allowed).
pub(crate) fn resolve(
    given: Option<Credentials>,
    key_file: Option<&Path>,
    use_env: bool,
) -> Result<(Option<Credentials>, CredentialSource), Error> {
    if let Some(c) = given {
        return Ok((Some(c), CredentialSource::Given));
    }
    if let Some(path) = key_file {
        let secret = read_key_file(path)?;
        return Ok((Some(Credentials::ApiKey(secret)), CredentialSource::File { path: path.to_owned() }));
    }
    let from_env =
        use_env.then(|| std::env::var(API_KEY_ENV).ok()).flatten().filter(|k| !k.trim().is_empty());
    Ok(match from_env {
        Some(k) => (Some(Credentials::ApiKey(Secret::new(k))), CredentialSource::Environment),
        None => (None, CredentialSource::None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let c = Credentials::ApiKey(Secret::new("  sk-very-secret \n"));
        assert!(!format!("{c:?}").contains("sk-very-secret"));
        let (name, value) = c.header().unwrap();
        assert_eq!(name, "authorization");
        assert_eq!(value.to_str().unwrap(), "Bearer sk-very-secret");
        assert!(value.is_sensitive());
        assert_eq!(c.redacted().1, "Bearer [redacted]");
    }

    #[test]
    fn a_key_a_header_cannot_carry_is_a_typed_error() {
        let c = Credentials::ApiKey(Secret::new("bad\u{7f}key"));
        assert!(matches!(c.header(), Err(Error::InvalidCredentials)));
    }

    #[test]
    fn given_beats_file_and_file_beats_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key");
        std::fs::write(&file, "file-key\n").unwrap();
        private(&file);
        let given = Credentials::ApiKey(Secret::new("given"));
        let (_, source) = resolve(Some(given), Some(&file), false).unwrap();
        assert_eq!(source, CredentialSource::Given);
        let (c, source) = resolve(None, Some(&file), false).unwrap();
        assert!(matches!(source, CredentialSource::File { .. }));
        assert_eq!(c.unwrap().header().unwrap().1.to_str().unwrap(), "Bearer file-key");
        assert_eq!(resolve(None, None, false).unwrap().1, CredentialSource::None);
    }

    #[test]
    fn key_file_problems_are_typed() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::write(&empty, "  \n").unwrap();
        private(&empty);
        assert!(matches!(read_key_file(&empty), Err(Error::KeyFile { source: None, .. })));
        let missing = dir.path().join("missing");
        assert!(matches!(read_key_file(&missing), Err(Error::KeyFile { source: Some(_), .. })));
    }

    fn private(file: &Path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = file;
    }

    #[cfg(unix)]
    #[test]
    fn a_shared_key_file_is_refused_before_it_is_read() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key");
        std::fs::write(&file, "k").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = read_key_file(&file).unwrap_err();
        assert!(matches!(e, Error::InsecureKeyFile { .. }), "{e}");
        assert!(e.to_string().contains("chmod 600"), "{e}");
        assert_eq!(e.kind(), crate::ErrorKind::Auth);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(read_key_file(&file).is_ok());
    }
}
