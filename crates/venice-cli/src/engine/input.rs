//! One input of a call, as the user (or the agent) named it: a file, an
//! http(s) URL, standard input, bytes a server received, or, for a
//! generation, its prompt; how it is shown, and the stem default output
//! names are made from (a prompt's is a slug of its first words and a
//! short hash of the whole, so that a rerun finds the same name).

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
    /// A generation's prompt (there is no input image).
    Prompt(String),
}

impl Input {
    /// How it is shown in messages and reports.
    pub fn label(&self) -> String {
        match self {
            Self::File { path, .. } => path.display().to_string(),
            Self::Url(u) => u.clone(),
            Self::Stdin => "-".into(),
            Self::Bytes { name, .. } => name.clone(),
            Self::Prompt(p) => {
                let short: String = p.chars().take(60).collect();
                if short.len() < p.len() { format!("\"{short}...\"") } else { format!("\"{p}\"") }
            }
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
            Self::Prompt(p) => return prompt_stem(p),
        };
        // Only allowed characters: nothing that could climb out of a folder
        // or that a file system refuses.
        raw.map_or_else(|| "image".into(), |s| safe_stem(&s))
    }
}

/// A prompt's stem: its first words as a slug (at most 40 characters) and
/// the first 8 hex digits of the prompt's SHA-256.
pub fn prompt_stem(prompt: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut slug = String::new();
    for c in prompt.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.chars().count() >= 40 {
            break;
        }
    }
    let slug = safe_stem(slug.trim_end_matches('-'));
    let hash = Sha256::digest(prompt.as_bytes());
    let short: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{slug}-{short}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prompt_is_named_by_a_slug_and_a_hash() {
        let stem = Input::Prompt("A lighthouse at dusk, oil on canvas!".into()).stem();
        assert!(stem.starts_with("a-lighthouse-at-dusk-oil-on-canvas-"), "{stem}");
        assert_eq!(stem, prompt_stem("A lighthouse at dusk, oil on canvas!"));
        assert_ne!(stem, prompt_stem("A lighthouse at dusk, oil on canvas"));
        assert!(prompt_stem("../../etc").starts_with("etc-"));
    }
}
