//! Settings: each configurable value from the first of the command line,
//! the environment, the chosen profile of the config file, the file's top
//! level, and the built-in default (in that order). The command line is
//! parsed by clap first (its defaults are recognised as defaults through
//! `ArgMatches::value_source`), then the values from the file are written
//! into the parsed command where nothing above them was given.

pub mod cutout;
pub mod extension;
pub mod file;
pub mod flags;
pub mod keys;
pub mod photo;
pub mod tool_flags;
pub mod values;
pub mod wallet;
pub mod wallet_key;

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use clap::ArgMatches;
use clap::parser::ValueSource;

use crate::settings::file::ConfigFile;
use crate::settings::flags::Cli;
use crate::settings::keys::{KEYS, Key};
use crate::ui::exit::Failure;

/// The environment variable naming the config file.
pub const CONFIG_ENV: &str = "VENICE_CONFIG";

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetBy {
    Flag,
    Env(String),
    Profile { name: String, path: PathBuf },
    File(PathBuf),
    BuiltIn,
}

impl fmt::Display for SetBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag => f.write_str("command line"),
            Self::Env(var) => write!(f, "environment ({var})"),
            Self::Profile { name, path } => write!(f, "profile {name} in {}", path.display()),
            Self::File(path) => write!(f, "{}", path.display()),
            Self::BuiltIn => f.write_str("built-in"),
        }
    }
}

/// One effective setting, as `venice config` shows it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: &'static str,
    pub value: String,
    pub origin: SetBy,
}

/// The effective settings, and the file and profile they were read from.
#[derive(Debug, Default)]
pub struct Settings {
    pub file: Option<PathBuf>,
    pub profile: Option<String>,
    pub entries: Vec<Entry>,
}

/// Where the config file is looked for: `VENICE_CONFIG`, else
/// `<config dir>/venice/config.toml` (`$XDG_CONFIG_HOME` or `~/.config` on
/// Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
/// The bool says whether it was named explicitly (then it must exist).
pub fn config_path() -> Option<(PathBuf, bool)> {
    match std::env::var_os(CONFIG_ENV).filter(|v| !v.is_empty()) {
        Some(path) => Some((PathBuf::from(path), true)),
        None => dirs::config_dir().map(|d| (d.join("venice").join("config.toml"), false)),
    }
}

/// The folder the model catalogue is kept in between runs:
/// `$XDG_CACHE_HOME/venice` when that variable holds an absolute path (on
/// every platform), else the platform's cache folder (`~/.cache/venice` on
/// Linux, `~/Library/Caches/venice` on macOS, `%LOCALAPPDATA%\venice` on
/// Windows).
pub fn cache_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    xdg.or_else(dirs::cache_dir).map(|d| d.join("venice"))
}

/// The folder of state kept across runs (`venice serve`'s daily spend):
/// `$XDG_STATE_HOME/venice` when that variable holds an absolute path, else
/// the platform's state folder, else its local data folder.
pub fn state_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_STATE_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    xdg.or_else(dirs::state_dir).or_else(dirs::data_local_dir).map(|d| d.join("venice"))
}

/// Reads the config file and writes its values into `cli` where neither a
/// flag nor the environment gave one.
pub fn resolve(cli: &mut Cli, matches: &ArgMatches) -> Result<Settings, Failure> {
    let file = match config_path() {
        Some((path, explicit)) => {
            ConfigFile::load(&path, explicit).map_err(|e| Failure::usage(e.to_string()))?
        }
        None => None,
    };
    let profile_name = cli.global.profile.clone();
    let profile = match (&profile_name, &file) {
        (None, _) => None,
        (Some(name), Some(file)) => match file.profiles.get(name) {
            Some(layer) => Some(layer),
            None => {
                return Err(Failure::usage(format!(
                    "no profile {name} in {} (it has: {})",
                    file.path.display(),
                    names(file)
                )));
            }
        },
        (Some(name), None) => {
            return Err(Failure::usage(format!("profile {name} was asked for, but there is no config file")));
        }
    };
    let sub = matches.subcommand().map(|(_, m)| m);
    let wallet_from = wallet_layer(sub, matches, profile, file.as_ref());
    let mut entries = Vec::with_capacity(KEYS.len());
    for key in KEYS {
        let given = [sub, Some(matches)].into_iter().flatten().find_map(|m| source(m, key.id));
        // A wallet comes from one layer only: a keystore in the file never
        // overrides VENICE_WALLET_KEY or a flag, nor the profile's key file.
        let grouped = WALLET_KEYS.contains(&key.name);
        let profile = profile.filter(|_| !grouped || wallet_from == Layer::Profile);
        let file = file.as_ref().filter(|_| !grouped || wallet_from == Layer::File);
        let (value, origin) = match given {
            Some((ValueSource::CommandLine, raw)) => (raw, SetBy::Flag),
            Some((ValueSource::EnvVariable, raw)) => {
                (raw, SetBy::Env(key.env.unwrap_or("environment").to_owned()))
            }
            _ => match key
                .env
                .and_then(|var| std::env::var_os(var).filter(|v| !v.is_empty()).map(|v| (var, v)))
            {
                Some((var, v)) => (redact_env(var, v), SetBy::Env(var.to_owned())),
                None => match (profile.and_then(|l| l.get(key.name)), file) {
                    (Some(v), Some(f)) => {
                        apply(cli, key, &v);
                        let name = profile_name.clone().unwrap_or_default();
                        (v, SetBy::Profile { name, path: f.path.clone() })
                    }
                    _ => match file.and_then(|f| f.top.get(key.name).map(|v| (v, f.path.clone()))) {
                        Some((v, path)) => {
                            apply(cli, key, &v);
                            (v, SetBy::File(path))
                        }
                        None => (key.built_in.to_owned(), SetBy::BuiltIn),
                    },
                },
            },
        };
        entries.push(Entry { key: key.name, value, origin });
    }
    Ok(Settings { file: file.map(|f| f.path), profile: profile_name, entries })
}

/// The keys that name the wallet: one credential, from one layer.
const WALLET_KEYS: &[&str] = &["wallet-key-file", "wallet-keystore"];

/// A layer of the settings, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Flag,
    Env,
    Profile,
    File,
    None,
}

/// The layer the wallet comes from: the first of the command line
/// (`--wallet-key-file`, `--wallet-keystore`), the environment
/// (`VENICE_WALLET_KEY`), the chosen profile and the file's top level that
/// names one.
fn wallet_layer(
    sub: Option<&ArgMatches>,
    matches: &ArgMatches,
    profile: Option<&file::Layer>,
    file: Option<&ConfigFile>,
) -> Layer {
    let keys = || KEYS.iter().filter(|k| WALLET_KEYS.contains(&k.name));
    let flagged = keys().any(|k| {
        [sub, Some(matches)]
            .into_iter()
            .flatten()
            .any(|m| matches!(source(m, k.id), Some((ValueSource::CommandLine, _))))
    });
    let env = std::env::var_os(wallet::WALLET_KEY_ENV).is_some_and(|v| !v.is_empty());
    if flagged {
        Layer::Flag
    } else if env {
        Layer::Env
    } else if profile.is_some_and(|l| keys().any(|k| l.get(k.name).is_some())) {
        Layer::Profile
    } else if file.is_some_and(|f| keys().any(|k| f.top.get(k.name).is_some())) {
        Layer::File
    } else {
        Layer::None
    }
}

fn names(file: &ConfigFile) -> String {
    let names: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
    if names.is_empty() { "no profiles".to_owned() } else { names.join(", ") }
}

/// How a clap argument got its value, and the value as typed.
fn source(m: &ArgMatches, id: &str) -> Option<(ValueSource, String)> {
    let raw: Vec<OsString> = m.try_get_raw(id).ok().flatten()?.map(OsString::from).collect();
    let source = m.value_source(id)?;
    let text = raw.iter().map(|v| v.to_string_lossy().into_owned()).collect::<Vec<_>>().join(" ");
    Some((source, if text.is_empty() { "true".to_owned() } else { text }))
}

/// The value shown for a variable: never the key itself.
fn redact_env(var: &str, value: OsString) -> String {
    if var == "VENICE_API_KEY" || var == "VENICE_WALLET_KEY" {
        format!("(the key in {var}, not shown)")
    } else {
        value.to_string_lossy().into_owned()
    }
}

/// Writes a value from the file into the parsed command line, for the
/// commands that take the key (the file's values were checked by their
/// types when it was read).
fn apply(cli: &mut Cli, key: &Key, value: &str) {
    if key.applies_to(cli.command.name()) {
        (key.apply)(cli, value);
    }
}
