//! `venice config`: the effective settings and where each came from (the
//! API key is never shown, only where it would come from).

use serde_json::json;

use crate::settings::{Settings, config_path};
use crate::ui::Ui;
use crate::ui::exit::Exit;

/// Prints the settings, one `key = value  (origin)` line each, or one JSON
/// object with `--json`.
pub fn run(ui: &Ui, settings: &Settings) -> Exit {
    let file = match (&settings.file, config_path()) {
        (Some(path), _) => path.display().to_string(),
        (None, Some((path, _))) => format!("none ({} does not exist)", path.display()),
        (None, None) => "none (no config folder on this system)".to_owned(),
    };
    if ui.json {
        let entries: Vec<_> = settings
            .entries
            .iter()
            .map(|e| json!({"key": e.key, "value": e.value, "origin": e.origin.to_string()}))
            .collect();
        ui.json_line(&json!({"file": file, "profile": settings.profile, "settings": entries}));
        return Exit::Ok;
    }
    ui.print(&format!("# config file: {file}"));
    if let Some(profile) = &settings.profile {
        ui.print(&format!("# profile: {profile}"));
    }
    let width = settings.entries.iter().map(|e| e.key.len() + e.value.len() + 3).max().unwrap_or(0);
    for e in &settings.entries {
        let line = format!("{} = {}", e.key, e.value);
        ui.print(&format!("{line:<width$}  # {}", e.origin));
    }
    Exit::Ok
}
