//! One input of a call, as the user (or the agent) named it: a file, an
//! http(s) URL, standard input, or bytes a server received; how it is
//! shown, and the stem default output names are made from.

use std::path::PathBuf;

use bytes::Bytes;

use crate::engine::names::safe_stem;

/// One input as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file; `relative` is its path below the folder it was found in.
    File { path: PathBuf, relative: Option<PathBuf> },
    /// An http(s) URL.
    Url(String),
    /// Standard input.
    Stdin,
    /// Bytes received in memory (an upload to `venice serve`), with the
    /// name they came with.
    Bytes { data: Bytes, name: String },
}

impl Input {
    /// How it is shown in messages and reports.
    pub fn label(&self) -> String {
        match self {
            Self::File { path, .. } => path.display().to_string(),
            Self::Url(u) => u.clone(),
            Self::Stdin => "-".into(),
            Self::Bytes { name, .. } => name.clone(),
        }
    }

    /// The name an output is derived from: the file stem, the URL's last
    /// path segment, or `image`.
    pub fn stem(&self) -> String {
        let raw = match self {
            Self::File { path, .. } => path.file_stem().map(|s| s.to_string_lossy().into_owned()),
            Self::Url(u) => u
                .split(['?', '#'])
                .next()
                .and_then(|p| p.rsplit('/').next())
                .filter(|s| !s.is_empty())
                .map(|s| s.rsplit_once('.').map_or(s, |(stem, _)| stem).to_owned()),
            Self::Stdin => None,
            Self::Bytes { name, .. } => name.rsplit_once('.').map(|(stem, _)| stem.to_owned()),
        };
        // Only allowed characters: nothing that could climb out of a folder
        // or that a file system refuses.
        raw.map_or_else(|| "image".into(), |s| safe_stem(&s))
    }
}
