//! The config file: TOML, top-level keys named as the long flags (the keys
//! of `settings::keys`, checked by their types), and named profiles under
//! `[profiles.NAME]`. An unknown key or a bad value is an error naming the
//! file and the line. An API key in plain text (`api-key = "..."`) is
//! refused: the file is for settings, the key goes in VENICE_API_KEY or in a
//! file of its own named by `api-key-file`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::settings::keys::{self, Ty};

/// Why the config file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}", path.display())]
    Invalid { path: PathBuf, line: usize, message: String },
}

/// The settings one level of the file gives (the top level, or a
/// profile): each key's value, checked and as text.
#[derive(Debug, Default)]
pub struct Layer(BTreeMap<&'static str, String>);

impl Layer {
    /// A key's value as text.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
}

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

    /// Parses and checks the text of the file at `path` (every key and
    /// value keeps its place in the text, for the line of an error).
    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let invalid = |offset: usize, message: String| ConfigError::Invalid {
            path: path.to_owned(),
            line: line_of(text, offset),
            message,
        };
        let doc = DeTable::parse(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            invalid(offset, e.message().trim().to_owned())
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut top = Vec::new();
        let mut profiles = BTreeMap::new();
        for (name, value) in doc.get_ref() {
            if name.get_ref() != "profiles" {
                top.push((name, value));
                continue;
            }
            let Some(table) = value.get_ref().as_table() else {
                return Err(invalid(name.span().start, "profiles holds [profiles.NAME] tables".into()));
            };
            for (profile, settings) in table {
                let Some(settings) = settings.get_ref().as_table() else {
                    return Err(invalid(
                        profile.span().start,
                        format!("profiles.{} is not a table of settings", profile.get_ref()),
                    ));
                };
                profiles.insert(profile.get_ref().to_string(), layer(settings.iter(), dir, &invalid)?);
            }
        }
        let top = layer(top.into_iter(), dir, &invalid)?;
        Ok(Self { path: path.to_owned(), top, profiles })
    }
}

/// Checks one level of the file against the table of keys.
fn layer<'a, 'i: 'a>(
    entries: impl Iterator<Item = (&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>)>,
    dir: &Path,
    invalid: &dyn Fn(usize, String) -> ConfigError,
) -> Result<Layer, ConfigError> {
    let mut out = BTreeMap::new();
    for (name, value) in entries {
        let at = name.span().start;
        if name.get_ref() == "api-key" {
            return Err(invalid(
                at,
                "an API key is not kept in the config file: set VENICE_API_KEY, or put the key in a file of \
                 its own (chmod 600) and name it with api-key-file"
                    .to_owned(),
            ));
        }
        let Some(key) = keys::key(name.get_ref()) else {
            return Err(invalid(
                at,
                format!("unknown key {}; the keys are: {}", name.get_ref(), keys::names()),
            ));
        };
        let mut text = key
            .ty
            .check_toml(value.get_ref())
            .map_err(|why| invalid(value.span().start, format!("{} {why}", key.name)))?;
        // A relative key file is relative to the config file.
        if key.ty == Ty::Path && Path::new(&text).is_relative() {
            text = dir.join(&text).display().to_string();
        }
        out.insert(key.name, text);
    }
    Ok(Layer(out))
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes().iter().take(offset).filter(|&&b| b == b'\n').count() + 1
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
        let e = parse("\nmax-cost = nan\n").unwrap_err().to_string();
        assert!(e.starts_with("/etc/venice.toml:2: max-cost"), "{e}");
        let e = parse("max-cost = -1\n").unwrap_err().to_string();
        assert!(e.contains("0 or more"), "{e}");
    }

    #[test]
    fn a_key_in_the_file_is_refused_without_showing_it() {
        let e = parse("\napi-key = \"sk-secret-123\"\n").unwrap_err().to_string();
        assert!(e.starts_with("/etc/venice.toml:2: an API key"), "{e}");
        assert!(!e.contains("sk-secret-123"));
    }

    #[test]
    fn profiles_and_relative_key_files() {
        let f = parse("jobs = 2\napi-key-file = \"key\"\nmax-cost = 1\n[profiles.fast]\njobs = 8\n").unwrap();
        assert_eq!(f.top.get("jobs").as_deref(), Some("2"));
        assert_eq!(f.top.get("max-cost").as_deref(), Some("1"));
        assert_eq!(f.profiles["fast"].get("jobs").as_deref(), Some("8"));
        assert_eq!(f.top.get("api-key-file").as_deref(), Some("/etc/key"));
    }
}
