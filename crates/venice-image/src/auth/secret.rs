//! [`Secret`]: a credential (an API key, a wallet's signed sign-in) that
//! never shows itself. Re-exported from `auth`.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderValue;

/// A credential that never shows itself in `Debug` output, logs or errors.
#[derive(Clone)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a secret value (surrounding white space is dropped).
    pub fn new(value: impl AsRef<str>) -> Self {
        Self(Arc::from(value.as_ref().trim()))
    }

    /// The value behind `prefix`, as a header value marked sensitive;
    /// `None` when it holds characters a header cannot carry.
    pub(crate) fn header(&self, prefix: &str) -> Option<HeaderValue> {
        let mut v = HeaderValue::from_str(&format!("{prefix}{}", self.0)).ok()?;
        v.set_sensitive(true);
        Some(v)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}
