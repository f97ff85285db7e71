//! The one table of configurable values: each key's name (the long flag's,
//! the config file's), clap's argument id, the environment variable read
//! for it, its built-in default, its type (checked the same way in the
//! file and on the command line), the commands that take it, and how a
//! value from the file is written into the parsed command line. Adding a
//! key is one row here (and its flag).

use std::path::PathBuf;

use toml::de::DeValue;
use venice_image::{Encoding, OutputFormat};

use crate::settings::flags::{AuthChoice, Cli, Command};
use crate::settings::values::parse_usd;

/// The commands that call the API: every key of the client applies to them.
const API: &[&str] =
    &["edit", "multi-edit", "remove-bg", "upscale", "compare", "pipeline", "models", "mcp", "wallet"];
/// The commands whose outputs carry metadata.
const WRITERS: &[&str] = &["edit", "multi-edit", "remove-bg", "upscale", "compare"];
/// The image commands with batches.
const BATCHES: &[&str] = &["edit", "multi-edit", "remove-bg", "upscale", "compare", "pipeline"];

/// What a value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    Path,
    Bool,
    /// A whole number, 0 or more.
    Count,
    /// A whole number of seconds, 1 or more.
    Seconds,
    /// An amount of USD: a finite number, 0 or more.
    Usd,
    Encoding,
    Format,
    /// `key` or `wallet`.
    Auth,
}

impl Ty {
    /// Checks a value as text (from the command line or the file), giving
    /// it back normalised, or what is wrong.
    pub fn check(self, text: &str) -> Result<String, String> {
        match self {
            Self::Text | Self::Path if text.trim().is_empty() => Err("is empty".into()),
            Self::Text | Self::Path => Ok(text.to_owned()),
            Self::Bool => {
                text.parse::<bool>().map(|b| b.to_string()).map_err(|_| "takes true or false".into())
            }
            Self::Count => text
                .parse::<u32>()
                .map(|n| n.to_string())
                .map_err(|_| "takes a whole number, 0 or more".into()),
            Self::Seconds => match text.parse::<u64>() {
                Ok(n) if n >= 1 => Ok(n.to_string()),
                _ => Err("takes a whole number of seconds, 1 or more".into()),
            },
            Self::Usd => parse_usd(text).map(|v| v.to_string()),
            Self::Encoding => text.parse::<Encoding>().map(|_| text.to_owned()).map_err(|e| e.to_string()),
            Self::Format => text.parse::<OutputFormat>().map(|_| text.to_owned()).map_err(|e| e.to_string()),
            Self::Auth => text.parse::<AuthChoice>().map(|_| text.to_owned()),
        }
    }

    /// The value as TOML gave it, as text, or what is wrong.
    pub fn check_toml(self, v: &DeValue<'_>) -> Result<String, String> {
        let number = |text: &str, radix: u32| {
            let digits = text.replace('_', "");
            if radix == 10 { Ok(digits) } else { Err("write the number in decimal".to_owned()) }
        };
        let text = match (self, v) {
            (Self::Bool, DeValue::Boolean(b)) => b.to_string(),
            (Self::Count | Self::Seconds | Self::Usd, DeValue::Integer(n)) => number(n.as_str(), n.radix())?,
            (Self::Usd, DeValue::Float(f)) => number(f.as_str(), 10)?,
            (Self::Text | Self::Path | Self::Encoding | Self::Format | Self::Auth, DeValue::String(s)) => {
                s.to_string()
            }
            (ty, other) => return Err(format!("takes {}, not {}", ty.what(), other.type_str())),
        };
        self.check(&text)
    }

    fn what(self) -> &'static str {
        match self {
            Self::Text | Self::Path | Self::Encoding | Self::Format | Self::Auth => "a string",
            Self::Bool => "true or false",
            Self::Count | Self::Seconds => "a whole number",
            Self::Usd => "a number",
        }
    }
}

/// Writes a checked value into the parsed command line; whether the
/// command takes it.
type Apply = fn(&mut Cli, &str) -> bool;

/// One configurable value.
pub struct Key {
    pub name: &'static str,
    /// clap's id of the flag, to tell a value given from a default.
    pub id: &'static str,
    /// A variable read for it (by the library, or clap).
    pub env: Option<&'static str>,
    pub built_in: &'static str,
    pub ty: Ty,
    /// The subcommands that take it.
    pub commands: &'static [&'static str],
    pub apply: Apply,
}

impl Key {
    /// Whether `command` takes this key.
    pub fn applies_to(&self, command: &str) -> bool {
        self.commands.contains(&command)
    }
}

/// Every key, in the order `venice config` shows them.
pub const KEYS: &[Key] = &[
    Key {
        name: "base-url",
        id: "base_url",
        env: Some("VENICE_BASE_URL"),
        built_in: "Venice's",
        ty: Ty::Text,
        commands: API,
        apply: |cli, v| {
            cli.global.base_url = Some(v.to_owned());
            true
        },
    },
    Key {
        name: "api-key-file",
        id: "api_key_file",
        env: Some("VENICE_API_KEY"),
        built_in: "(none)",
        ty: Ty::Path,
        commands: API,
        apply: |cli, v| {
            cli.global.api_key_file = Some(PathBuf::from(v));
            true
        },
    },
    // A wallet's key is never a value here: only the file that holds it.
    Key {
        name: "wallet-key-file",
        id: "wallet_key_file",
        env: Some("VENICE_WALLET_KEY"),
        built_in: "(none)",
        ty: Ty::Path,
        commands: API,
        apply: |cli, v| {
            cli.global.wallet_key_file = Some(PathBuf::from(v));
            true
        },
    },
    Key {
        name: "wallet-keystore",
        id: "wallet_keystore",
        env: None,
        built_in: "(none)",
        ty: Ty::Path,
        commands: API,
        apply: |cli, v| {
            cli.global.wallet_keystore = Some(PathBuf::from(v));
            true
        },
    },
    Key {
        name: "auth",
        id: "auth",
        env: None,
        built_in: "(the only credential set)",
        ty: Ty::Auth,
        commands: API,
        apply: |cli, v| v.parse().map(|a| cli.global.auth = Some(a)).is_ok(),
    },
    Key {
        name: "allow-insecure-http",
        id: "allow_insecure_http",
        env: None,
        built_in: "false",
        ty: Ty::Bool,
        commands: API,
        apply: |cli, v| {
            cli.global.allow_insecure_http = v == "true";
            true
        },
    },
    Key {
        name: "offline",
        id: "offline",
        env: Some("VENICE_OFFLINE"),
        built_in: "false",
        ty: Ty::Bool,
        commands: API,
        apply: |cli, v| {
            cli.global.offline = v == "true";
            true
        },
    },
    Key {
        name: "timeout",
        id: "timeout",
        env: None,
        built_in: "300",
        ty: Ty::Seconds,
        commands: API,
        apply: |cli, v| v.parse().map(|n| cli.global.timeout = n).is_ok(),
    },
    Key {
        name: "max-retries",
        id: "max_retries",
        env: None,
        built_in: "2",
        ty: Ty::Count,
        commands: API,
        apply: |cli, v| v.parse().map(|n| cli.global.max_retries = n).is_ok(),
    },
    Key {
        name: "jobs",
        id: "jobs",
        env: None,
        built_in: "3",
        ty: Ty::Count,
        commands: BATCHES,
        apply: |cli, v| match (cli.command.jobs_mut(), v.parse()) {
            (Some(jobs), Ok(n)) => {
                *jobs = n;
                true
            }
            _ => false,
        },
    },
    Key {
        name: "max-cost",
        id: "max_cost",
        env: None,
        built_in: "(no cap)",
        ty: Ty::Usd,
        commands: BATCHES,
        apply: |cli, v| match (cli.command.max_cost_mut(), parse_usd(v)) {
            (Some(max), Ok(usd)) => {
                *max = Some(usd);
                true
            }
            _ => false,
        },
    },
    Key {
        name: "model",
        id: "model",
        env: None,
        built_in: "(the service's default)",
        ty: Ty::Text,
        commands: &["edit", "multi-edit", "mcp"],
        apply: |cli, v| match &mut cli.command {
            Command::Mcp(a) => {
                a.defaults.model = Some(v.to_owned());
                true
            }
            Command::Compare(_) => false,
            other => other.edit_options_mut().map(|o| o.model = Some(v.to_owned())).is_some(),
        },
    },
    Key {
        name: "encoding",
        id: "encoding",
        env: None,
        built_in: "auto",
        ty: Ty::Encoding,
        commands: &["edit", "multi-edit", "remove-bg", "upscale", "compare", "mcp"],
        apply: |cli, v| match (&mut cli.command, v.parse::<Encoding>()) {
            (Command::Mcp(a), Ok(e)) => {
                a.defaults.encoding = Some(e);
                true
            }
            (other, Ok(e)) => other.upload_mut().map(|u| u.encoding = e).is_some(),
            (_, Err(_)) => false,
        },
    },
    Key {
        name: "format",
        id: "output_format",
        env: None,
        built_in: "(the service's default)",
        ty: Ty::Format,
        commands: &["edit", "multi-edit", "compare", "mcp"],
        apply: |cli, v| match (&mut cli.command, v.parse::<OutputFormat>()) {
            (Command::Mcp(a), Ok(f)) => {
                a.defaults.format = Some(f);
                true
            }
            (other, Ok(f)) => other.edit_options_mut().map(|o| o.output_format = Some(f)).is_some(),
            (_, Err(_)) => false,
        },
    },
    Key {
        name: "keep-gps",
        id: "keep_gps",
        env: None,
        built_in: "false",
        ty: Ty::Bool,
        commands: WRITERS,
        apply: |cli, v| cli.command.metadata_mut().map(|m| m.keep_gps = v == "true").is_some(),
    },
    Key {
        name: "strip-metadata",
        id: "strip_metadata",
        env: None,
        built_in: "false",
        ty: Ty::Bool,
        commands: WRITERS,
        apply: |cli, v| cli.command.metadata_mut().map(|m| m.strip_metadata = v == "true").is_some(),
    },
    Key {
        name: "no-provenance",
        id: "no_provenance",
        env: None,
        built_in: "false",
        ty: Ty::Bool,
        commands: WRITERS,
        apply: |cli, v| cli.command.metadata_mut().map(|m| m.no_provenance = v == "true").is_some(),
    },
    Key {
        name: "keep-metadata-in-upload",
        id: "keep_metadata_in_upload",
        env: None,
        built_in: "false",
        ty: Ty::Bool,
        commands: WRITERS,
        apply: |cli, v| cli.command.upload_mut().map(|u| u.keep_metadata_in_upload = v == "true").is_some(),
    },
];

/// The key named `name`.
pub fn key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// The names of every key, for messages.
pub fn names() -> String {
    KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// A sample command line of each subcommand.
    const SAMPLES: &[&[&str]] = &[
        &["venice", "edit", "a.png", "-p", "x"],
        &["venice", "multi-edit", "a.png", "-p", "x"],
        &["venice", "remove-bg", "a.png"],
        &["venice", "upscale", "a.png"],
        &["venice", "compare", "a.png", "-p", "x", "--models", "m"],
        &["venice", "pipeline", "r.toml", "a.png"],
        &["venice", "models"],
        &["venice", "mcp"],
        &["venice", "config"],
        &["venice", "wallet", "balance"],
    ];

    fn sample_value(ty: Ty) -> &'static str {
        match ty {
            Ty::Text | Ty::Path => "x",
            Ty::Bool => "true",
            Ty::Count | Ty::Seconds => "7",
            Ty::Usd => "0.5",
            Ty::Encoding => "json",
            Ty::Format => "jpeg",
            Ty::Auth => "wallet",
        }
    }

    #[test]
    fn the_table_says_which_commands_take_each_key() {
        for args in SAMPLES {
            for key in KEYS {
                let mut cli = Cli::try_parse_from(*args).unwrap();
                let name = cli.command.name();
                let taken = (key.apply)(&mut cli, sample_value(key.ty));
                // The client's keys are global flags: written for any
                // command, used by those that call the API.
                let global = key.commands == API;
                assert!(
                    global || taken == key.applies_to(name),
                    "{} on {name}: the table says {}, applying says {taken}",
                    key.name,
                    key.applies_to(name)
                );
            }
        }
    }

    #[test]
    fn values_are_checked_by_their_type() {
        assert!(
            Ty::Usd.check("NaN").is_err() && Ty::Usd.check("-1").is_err() && Ty::Usd.check("inf").is_err()
        );
        assert_eq!(Ty::Usd.check("0.25").as_deref(), Ok("0.25"));
        assert!(Ty::Seconds.check("0").is_err());
        assert!(Ty::Format.check("bmp").unwrap_err().contains("png"));
        let quoted = toml::de::DeValue::parse("\"2\"").unwrap();
        assert!(Ty::Count.check_toml(quoted.get_ref()).unwrap_err().contains("whole number"));
        assert_eq!(key("max-cost").map(|k| k.ty), Some(Ty::Usd));
    }
}
