//! The config file: TOML, top-level keys named as the long flags, and named
//! profiles under `[profiles.NAME]`. An unknown key or a bad value is an
//! error naming the file and the line. An API key in plain text
//! (`api-key = "..."`) is refused: the file is for settings, the key goes in
//! VENICE_API_KEY or in a file of its own named by `api-key-file` (which
//! `venice` warns about when other users can read it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use venice_image::{Encoding, OutputFormat};

/// Why the config file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}", path.display())]
    Invalid { path: PathBuf, line: usize, message: String },
}

/// The settings one level of the file gives (the top level, or a profile).
macro_rules! layer {
    ($(#[$meta:meta])* $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct $name {
            pub base_url: Option<String>,
            pub api_key_file: Option<PathBuf>,
            pub offline: Option<bool>,
            pub timeout: Option<u64>,
            pub max_retries: Option<u32>,
            pub jobs: Option<usize>,
            pub model: Option<String>,
            pub encoding: Option<Spanned<String>>,
            pub format: Option<Spanned<String>>,
            /// Refused: read only to say so, with its line.
            pub api_key: Option<Spanned<toml::Value>>,
            $($extra)*
        }
    };
}

layer!(
    /// A profile's settings (or the top level's, without the profiles).
    Layer {}
);
layer!(
    /// The whole file.
    Document {
        #[serde(default)]
        pub profiles: BTreeMap<String, Layer>,
    }
);

/// A config file, read and checked.
#[derive(Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub top: Layer,
    pub profiles: BTreeMap<String, Layer>,
}

impl ConfigFile {
    /// Reads `path`. A file that does not exist is no file, unless it was
    /// named explicitly (`VENICE_CONFIG`).
    pub fn load(path: &Path, explicit: bool) -> Result<Option<Self>, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(None),
            Err(source) => return Err(ConfigError::Read { path: path.to_owned(), source }),
        };
        Self::parse(path, &text).map(Some)
    }

    /// Parses and checks the text of the file at `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let invalid = |offset: usize, message: String| ConfigError::Invalid {
            path: path.to_owned(),
            line: line_of(text, offset),
            message,
        };
        let doc: Document = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            invalid(offset, e.message().trim().to_owned())
        })?;
        let Document {
            base_url,
            api_key_file,
            offline,
            timeout,
            max_retries,
            jobs,
            model,
            encoding,
            format,
            api_key,
            profiles,
        } = doc;
        let top = Layer {
            base_url,
            api_key_file,
            offline,
            timeout,
            max_retries,
            jobs,
            model,
            encoding,
            format,
            api_key,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut file = Self { path: path.to_owned(), top, profiles };
        for layer in std::iter::once(&mut file.top).chain(file.profiles.values_mut()) {
            if let Some(key) = &layer.api_key {
                return Err(invalid(
                    key.span().start,
                    "an API key is not kept in the config file: set VENICE_API_KEY, or put the key in a \
                     file of its own (chmod 600) and name it with api-key-file"
                        .to_owned(),
                ));
            }
            if let Some(e) = &layer.encoding
                && let Err(err) = e.get_ref().parse::<Encoding>()
            {
                return Err(invalid(e.span().start, format!("encoding: {err}")));
            }
            if let Some(f) = &layer.format
                && let Err(err) = f.get_ref().parse::<OutputFormat>()
            {
                return Err(invalid(f.span().start, format!("format: {err}")));
            }
            // A relative key file is relative to the config file.
            if let Some(p) = &mut layer.api_key_file
                && p.is_relative()
            {
                *p = dir.join(&*p);
            }
        }
        Ok(file)
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes().iter().take(offset).filter(|&&b| b == b'\n').count() + 1
}

impl Layer {
    /// A key's value as text.
    pub fn get(&self, key: &str) -> Option<String> {
        match key {
            "base-url" => self.base_url.clone(),
            "api-key-file" => self.api_key_file.as_ref().map(|p| p.display().to_string()),
            "offline" => self.offline.map(|v| v.to_string()),
            "timeout" => self.timeout.map(|v| v.to_string()),
            "max-retries" => self.max_retries.map(|v| v.to_string()),
            "jobs" => self.jobs.map(|v| v.to_string()),
            "model" => self.model.clone(),
            "encoding" => self.encoding.as_ref().map(|v| v.get_ref().clone()),
            "format" => self.format.as_ref().map(|v| v.get_ref().clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, ConfigError> {
        ConfigFile::parse(Path::new("/etc/venice.toml"), text)
    }

    #[test]
    fn an_unknown_key_names_the_file_and_line() {
        let e = parse("jobs = 2\n\nmodle = \"x\"\n").unwrap_err().to_string();
        assert!(e.starts_with("/etc/venice.toml:3: "), "{e}");
        assert!(e.contains("modle"), "{e}");
    }

    #[test]
    fn a_bad_value_names_its_line() {
        let e = parse("jobs = 2\n[profiles.fast]\nencoding = \"zip\"\n").unwrap_err().to_string();
        assert!(e.starts_with("/etc/venice.toml:3: encoding"), "{e}");
        let e = parse("timeout = \"soon\"\n").unwrap_err().to_string();
        assert!(e.starts_with("/etc/venice.toml:1: "), "{e}");
    }

    #[test]
    fn a_key_in_the_file_is_refused_without_showing_it() {
        let e = parse("\napi-key = \"sk-secret-123\"\n").unwrap_err().to_string();
        assert!(e.starts_with("/etc/venice.toml:2: an API key"), "{e}");
        assert!(!e.contains("sk-secret-123"));
    }

    #[test]
    fn profiles_and_relative_key_files() {
        let f = parse("jobs = 2\napi-key-file = \"key\"\n[profiles.fast]\njobs = 8\n").unwrap();
        assert_eq!(f.top.get("jobs").as_deref(), Some("2"));
        assert_eq!(f.profiles["fast"].get("jobs").as_deref(), Some("8"));
        assert_eq!(f.top.api_key_file, Some(PathBuf::from("/etc/key")));
    }
}
