//! `venice inspect FILE...`: how images were made, from the provenance
//! this tool writes into its outputs (or into a `.xmp` sidecar beside a
//! signed one): each step's operation, model, prompt, request id,
//! estimated cost, time and tool. Reads files only; sends nothing.

use bytes::Bytes;
use serde_json::json;
use venice_image::metadata::{Provenance, inspect};

use crate::settings::flags::InspectArgs;
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

pub fn run(ui: &Ui, a: &InspectArgs) -> Result<Exit, Failure> {
    let mut exit = Exit::Ok;
    for path in &a.files {
        let shown = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => Bytes::from(b),
            Err(e) => {
                ui.error(&format!("cannot read {}: {e}", shown));
                exit = Exit::Partial;
                continue;
            }
        };
        // A signed output keeps its provenance beside it.
        let mut sidecar = path.clone().into_os_string();
        sidecar.push(".xmp");
        let found =
            inspect(&bytes).or_else(|| std::fs::read(&sidecar).ok().and_then(|b| inspect(&Bytes::from(b))));
        if ui.json {
            ui.json_line(&json!({ "file": shown, "provenance": found }));
            continue;
        }
        match found {
            Some(p) => ui.print(&describe(&shown, &p)),
            None => ui.print(&format!("{}: no provenance recorded", shown)),
        }
    }
    Ok(exit)
}

/// The provenance in lines, one block per step.
fn describe(file: &str, p: &Provenance) -> String {
    let mut out = format!("{}\n  source: {}\n", file, p.source_type.uri());
    for (i, s) in p.steps.iter().enumerate() {
        out.push_str(&format!("  step {}: {}\n", i + 1, s.operation));
        let mut line = |label: &str, v: Option<String>| {
            if let Some(v) = v {
                out.push_str(&format!("    {label:<11}{}\n", v));
            }
        };
        line("model:", s.model.clone());
        line("prompt:", s.prompt.clone());
        line("seed:", s.seed.map(|n| n.to_string()));
        line("request id:", s.request_id.clone());
        line("cost:", s.cost_usd.map(|c| format!("${c:.4} (estimated)")));
        line("time:", Some(s.time.clone()));
        line("tool:", Some(s.tool.clone()));
    }
    out.trim_end().to_owned()
}
