//! `venice config [COMMAND]`: the effective settings and where each came
//! from (the API key is never shown, only where it would come from); with
//! a command, only the settings that command uses.

use serde_json::json;

use crate::settings::keys::{self, KEYS};
use crate::settings::{Entry, Settings, config_path};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

/// Prints the settings, one `key = value  (origin)` line each, or one JSON
/// object with `--json`.
pub fn run(ui: &Ui, settings: &Settings, command: Option<&str>) -> Result<Exit, Failure> {
    let shown: Vec<&Entry> = match command {
        None => settings.entries.iter().collect(),
        Some(c) if KEYS.iter().any(|k| k.applies_to(c)) => {
            settings.entries.iter().filter(|e| keys::key(e.key).is_some_and(|k| k.applies_to(c))).collect()
        }
        Some(c) => {
            let mut commands: Vec<&str> = KEYS.iter().flat_map(|k| k.commands.iter().copied()).collect();
            commands.sort_unstable();
            commands.dedup();
            return Err(Failure::usage(format!(
                "{c} takes no settings; the commands that do: {}",
                commands.join(", ")
            )));
        }
    };
    let file = match (&settings.file, config_path()) {
        (Some(path), _) => path.display().to_string(),
        (None, Some((path, _))) => format!("none ({} does not exist)", path.display()),
        (None, None) => "none (no config folder on this system)".to_owned(),
    };
    if ui.json {
        let entries: Vec<_> = shown
            .iter()
            .map(|e| json!({"key": e.key, "value": e.value, "origin": e.origin.to_string()}))
            .collect();
        ui.json_line(&json!({"file": file, "profile": settings.profile, "settings": entries}));
        return Ok(Exit::Ok);
    }
    ui.print(&format!("# config file: {file}"));
    if let Some(profile) = &settings.profile {
        ui.print(&format!("# profile: {profile}"));
    }
    let width = shown.iter().map(|e| e.key.len() + e.value.len() + 3).max().unwrap_or(0);
    for e in &shown {
        let line = format!("{} = {}", e.key, e.value);
        ui.print(&format!("{line:<width$}  # {}", e.origin));
    }
    Ok(Exit::Ok)
}
