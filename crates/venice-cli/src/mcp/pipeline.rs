//! `run_pipeline`: the CLI's pipeline for an agent, the same steps (as JSON
//! objects) and the same resumable chains, with every image, layer and
//! output confined to the allowed folders and every step held to the
//! spending guard before it is sent.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::batch::chain::{self, Chain, StepOutcome};
use crate::batch::inputs::Input;
use crate::batch::recipe::{self, RecipeStep};
use crate::engine::{Core, Guard};
use crate::mcp::args::RunPipelineArgs;
use crate::mcp::confine::Allowed;
use crate::mcp::error::ToolError;
use crate::mcp::output::InFlight;
use crate::mcp::reply::Reply;

pub async fn run(
    core: &Core,
    guard: &Guard,
    allowed: &Allowed,
    flight: &InFlight,
    mut args: RunPipelineArgs,
) -> Result<Reply, ToolError> {
    let cwd = std::env::current_dir().map_err(|e| ToolError::Arguments(format!("no working folder: {e}")))?;
    confine_layers(allowed, &mut args.steps)?;
    let steps = recipe::from_json(&args.steps, &cwd).map_err(|e| ToolError::Arguments(e.to_string()))?;
    if args.images.is_empty() {
        return Err(ToolError::Arguments("`images` is empty; pass the images to run the steps on".into()));
    }
    let chains = plan_chains(allowed, &args, &steps)?;
    // Another call writing one of these outputs now: refused before paying.
    let mut claims = Vec::new();
    for c in &chains {
        let target = crate::engine::Target::File { path: c.output.clone(), explicit: false, replace: false };
        claims.push(flight.claim(&target)?);
    }
    let never = || false;
    let mut text = Vec::new();
    let mut results = Vec::new();
    for c in &chains {
        let label = c.input.label();
        if c.finished {
            text.push(format!("{label}: done already -> {}", c.output.display()));
            results.push(
                json!({"input": label, "status": "done-already", "output": c.output.display().to_string()}),
            );
            continue;
        }
        let ran = c.run(core, &steps, Some(guard), &never, false).await;
        let lines = step_lines(&steps, &ran.outcomes);
        match &ran.output {
            Some(out) => text.push(format!("{label} -> {out}")),
            None => {
                let why =
                    lines.iter().find_map(|l| l["error"].as_str().map(str::to_owned)).unwrap_or_default();
                text.push(format!("{label}: not finished: {why}"));
            }
        }
        results.push(json!({"input": label, "output": ran.output, "steps": lines}));
    }
    reply(guard, chains.len(), &text, results)
}

/// Layers are confined before anything reads them, and replaced by their
/// resolved paths (what is checked is what is read).
fn confine_layers(allowed: &Allowed, steps: &mut [serde_json::Map<String, Value>]) -> Result<(), ToolError> {
    for step in steps {
        let Some(layers) = step.get_mut("layers") else { continue };
        let paths: Vec<Value> = match layers {
            Value::String(p) => vec![Value::String(p.clone())],
            Value::Array(items) => items.clone(),
            _ => continue,
        };
        let mut resolved = Vec::new();
        for p in paths {
            let Some(text) = p.as_str() else { continue };
            let real = allowed.input("steps", &PathBuf::from(text))?;
            resolved.push(Value::String(real.display().to_string()));
        }
        *layers = Value::Array(resolved);
    }
    Ok(())
}

/// Each image's chain (an image named twice runs once), its output
/// confined; an output this pipeline did not write is refused unless
/// `overwrite`.
fn plan_chains(
    allowed: &Allowed,
    args: &RunPipelineArgs,
    steps: &[RecipeStep],
) -> Result<Vec<Chain>, ToolError> {
    let out_dir = match &args.out_dir {
        Some(d) => Some(
            allowed
                .output("out_dir", &PathBuf::from(d).join("x"))?
                .parent()
                .map(PathBuf::from)
                .unwrap_or_default(),
        ),
        None => None,
    };
    let mut chains = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for image in &args.images {
        let path = allowed.input("images", &PathBuf::from(image))?;
        if !seen.insert(path.clone()) {
            continue;
        }
        let mut chain = chain::plan(Input::File { path, relative: None }, steps, out_dir.as_deref())
            .map_err(ToolError::Arguments)?;
        allowed.output("out_dir", &chain.output)?;
        chain.replace = args.overwrite.unwrap_or(false);
        if let Some(found) = chain.blocked().filter(|_| !chain.replace) {
            return Err(ToolError::Output(format!(
                "{} exists and this pipeline did not write it; pass overwrite: true to replace it",
                found.display()
            )));
        }
        chains.push(chain);
    }
    Ok(chains)
}

/// One JSON object per step: its status, output, cost and error.
fn step_lines(steps: &[RecipeStep], outcomes: &[StepOutcome]) -> Vec<Value> {
    steps
        .iter()
        .zip(outcomes)
        .map(|(s, o)| {
            let (status, error) = match o {
                StepOutcome::Kept(_) => ("kept", None),
                StepOutcome::Done(_) => ("ok", None),
                StepOutcome::Failed(e) => ("failed", Some(e.describe(false))),
                StepOutcome::NotAttempted(why) => ("not-attempted", Some(why.clone())),
            };
            let cost = match o {
                StepOutcome::Done(d) => d.usd(),
                _ => None,
            };
            json!({"step": s.text, "status": status, "output": o.file().map(|p| p.display().to_string()),
                   "estimated_cost_usd": cost, "error": error})
        })
        .collect()
}

/// The tool's answer: a summary and every image's result; an error when
/// no image got through.
fn reply(guard: &Guard, total: usize, text: &[String], results: Vec<Value>) -> Result<Reply, ToolError> {
    let (_, _, spent) = guard.status();
    let finished = results.iter().filter(|r| r["output"].is_string()).count();
    let summary = format!("{finished} of {total} image(s) went through every step.");
    let all_failed = results.iter().all(|r| r["output"].is_null());
    let structured = json!({"results": results, "spent_usd_this_session": spent});
    let body = format!("{summary}\n{}", text.join("\n"));
    if finished < total && all_failed {
        return Err(ToolError::Output(body));
    }
    Ok(Reply::new(body, structured))
}
