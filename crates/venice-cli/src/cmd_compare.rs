//! `venice compare`: one edit on several models at once (`--jobs` in flight;
//! the library paces under the rate limit), the estimated total first,
//! each result saved as `DIR/<model>.<ext>` and `DIR/index.html` showing
//! them beside the original.

use std::path::{Path, PathBuf};
use std::time::Instant;

use futures_util::StreamExt;
use serde_json::json;
use venice_image::{EditRequest, Error, ImageSource, PreparedCall};

use crate::cli::{CompareArgs, Global};
use crate::context::client;
use crate::exit::{Exit, Failure, describe};
use crate::html::page::{self, ComparePage, Entry, Outcome, Picture};
use crate::ui::Ui;

/// A model that will be (or was refused before being) tried.
struct Candidate {
    id: String,
    name: String,
    call: Result<PreparedCall, Error>,
}

pub async fn run(g: &Global, ui: Ui, a: CompareArgs) -> Result<Exit, Failure> {
    if a.options.model.is_some() {
        return Err(Failure::usage("compare takes its models from --models, not --model"));
    }
    if !a.image.is_file() {
        return Err(Failure::new(Exit::Invalid, format!("{} is not a file", a.image.display())));
    }
    let client = client(g, ui)?;
    let catalogue = client.models().await?;
    let all = a.models.iter().any(|m| m == "all");
    let ids: Vec<String> = if all {
        if a.models.len() > 1 {
            return Err(Failure::usage("--models all cannot be combined with model ids"));
        }
        catalogue.models().iter().map(|m| m.id.clone()).collect()
    } else {
        let mut ids: Vec<String> = Vec::new();
        for m in a.models.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
            if !ids.iter().any(|i| i == m) {
                ids.push(m.to_owned());
            }
        }
        ids
    };
    if ids.is_empty() {
        return Err(Failure::usage("--models names no model"));
    }

    // Each model's call, checked against the catalogue's rules before anything is sent.
    let mut candidates = Vec::new();
    let mut skipped = Vec::new();
    for id in ids {
        let mut options = a.options.clone();
        options.model = Some(id.clone());
        let req =
            EditRequest::new(ImageSource::path(&a.image), a.prompt.clone()).options(options).upload(a.upload);
        let call = client.prepare_edit(req).await;
        let name = catalogue.get(&id).map_or_else(|| id.clone(), |m| m.name.clone());
        match call {
            Err(e) if is_everyones(&e) => return Err(e.into()),
            Err(e @ Error::InvalidInput(_)) if all => {
                let why = describe(&e);
                ui.warn(&format!("skipped {id}: {why}"));
                skipped.push((id, why));
            }
            call => candidates.push(Candidate { id, name, call }),
        }
    }
    let sendable = candidates.iter().filter(|c| c.call.is_ok()).count();
    if sendable == 0 {
        // Nothing to compare: the first refusal is the command's.
        if let Some(Candidate { call: Err(e), id, .. }) = candidates.into_iter().next() {
            return Err(Failure::new(Exit::of(&e), format!("{id}: {}", describe(&e))));
        }
        return Err(Failure::new(
            Exit::Invalid,
            "no edit model accepts this request (see the reasons above)",
        ));
    }
    let costs: Vec<Option<f64>> = candidates
        .iter()
        .filter_map(|c| c.call.as_ref().ok())
        .map(|c| c.estimated_cost().map(|c| c.usd))
        .collect();
    let estimate: Option<f64> = costs.iter().copied().sum();
    match estimate {
        Some(usd) => ui.info(&format!("{sendable} model(s) to compare; estimated cost ${usd:.4}")),
        None => ui.info(&format!("{sendable} model(s) to compare; estimated cost unknown")),
    }
    match (a.max_cost, estimate) {
        (Some(max), Some(usd)) if usd > max + 1e-9 => {
            return Err(Failure::new(
                Exit::Invalid,
                format!("the estimated cost ${usd:.4} is above --max-cost ${max:.4}; nothing was sent"),
            ));
        }
        (Some(_), None) => {
            return Err(Failure::new(Exit::Invalid, "--max-cost is set but the cost cannot be estimated"));
        }
        _ => {}
    }
    if g.dry_run {
        for c in &candidates {
            match &c.call {
                Ok(call) => ui.print(&format!("# {} ({})\n{}", c.name, c.id, client.plan(call))),
                Err(e) => ui.print(&format!("# {} ({}): refused: {}", c.name, c.id, describe(e))),
            }
        }
        ui.print(&format!(
            "estimated total: {} for {sendable} request(s); nothing was sent",
            page::price(estimate).replace("price unknown", "unknown")
        ));
        return Ok(Exit::Ok);
    }

    let dir = a.out_dir.clone().unwrap_or_else(|| default_dir(&a.image));
    let index = dir.join("index.html");
    if index.exists() && !a.force {
        return Err(Failure::new(
            Exit::Invalid,
            format!("{} exists; pass --force to replace it, or choose another --out-dir", index.display()),
        ));
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::new(Exit::Output, format!("cannot create {}: {e}", dir.display())))?;
    let original = copy_original(&a.image, &dir)?;

    let started = Instant::now();
    let dir_ref = &dir;
    let client_ref = &client;
    let jobs = a.jobs.max(1);
    let mut results: Vec<Entry> = futures_util::stream::iter(candidates.into_iter().enumerate())
        .map(|(i, c)| async move {
            let price = c.call.as_ref().ok().and_then(|call| call.estimated_cost().map(|c| c.usd));
            let outcome = match c.call {
                Err(e) => Outcome::Failed { error: format!("refused before sending: {}", describe(&e)) },
                Ok(call) => match client_ref.send(&call).await {
                    Ok(edited) => {
                        let file = format!("{}.{}", safe_name(&c.id), edited.extension());
                        let bytes = edited.bytes().clone();
                        let path = dir_ref.join(&file);
                        let written =
                            tokio::task::spawn_blocking(move || venice_image::write_atomic(&path, &bytes))
                                .await
                                .unwrap_or_else(|e| Err(std::io::Error::other(e)));
                        match written {
                            Ok(()) => Outcome::Done {
                                picture: Picture {
                                    file,
                                    dimensions: venice_image::probe::probe_bytes(edited.bytes())
                                        .ok()
                                        .map(|i| (i.width, i.height)),
                                    bytes: edited.bytes().len() as u64,
                                },
                                elapsed: edited.elapsed(),
                            },
                            Err(e) => {
                                Outcome::Failed { error: format!("the result could not be written: {e}") }
                            }
                        }
                    }
                    Err(e) => Outcome::Failed { error: describe(&e) },
                },
            };
            (i, Entry { id: c.id, name: c.name, price, outcome })
        })
        .buffer_unordered(jobs)
        .inspect(|(_, e)| report(ui, dir_ref, e))
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_values()
        .collect();
    let failed = results.iter().filter(|e| matches!(e.outcome, Outcome::Failed { .. })).count();
    let page = ComparePage {
        input: a.image.display().to_string(),
        prompt: a.prompt.clone(),
        original,
        entries: std::mem::take(&mut results),
        skipped,
        elapsed: started.elapsed(),
    };
    venice_image::write_atomic(&index, page::render(&page).as_bytes())
        .map_err(|e| Failure::new(Exit::Output, format!("cannot write {}: {e}", index.display())))?;
    let total = page.entries.len();
    let summary = format!("{} of {total} model(s) succeeded; open {}", total - failed, index.display());
    if failed > 0 {
        ui.warn(&summary)
    } else {
        ui.info(&summary)
    }
    Ok(if failed > 0 { Exit::Partial } else { Exit::Ok })
}

/// Errors about the image itself are every model's: they end the command
/// (a prompt may be too long for one model and not another).
fn is_everyones(e: &Error) -> bool {
    match e {
        Error::Io { .. } => true,
        Error::InvalidInput(i) => i.field == "image",
        _ => false,
    }
}

/// One model's line on stderr, or its JSON line with `--json`.
fn report(ui: Ui, dir: &Path, e: &Entry) {
    let (status, output, error, elapsed) = match &e.outcome {
        Outcome::Done { picture, elapsed } => {
            ("ok", Some(dir.join(&picture.file).display().to_string()), None, Some(elapsed.as_millis()))
        }
        Outcome::Failed { error } => ("failed", None, Some(error.clone()), None),
    };
    if ui.json {
        ui.json_line(&json!({
            "model": e.id, "status": status, "output": output, "cost_usd": e.price,
            "elapsed_ms": elapsed, "error": error,
        }));
    } else if let Some(err) = error {
        ui.warn(&format!("{}: {err}", e.id));
    } else if let Some(out) = output {
        ui.info(&format!("{} -> {out}", e.id));
    }
}

/// `photo.compare` beside `photo.jpg`.
fn default_dir(image: &Path) -> PathBuf {
    let stem = image.file_stem().map_or_else(|| "image".into(), |s| s.to_string_lossy().into_owned());
    image.with_file_name(format!("{stem}.compare"))
}

/// A model id as a file name: letters, digits, `-`, `_` and `.` kept.
fn safe_name(id: &str) -> String {
    let name: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    if name.starts_with('.') || name.is_empty() { format!("model{name}") } else { name }
}

/// Copies the original into the folder, so the page works wherever it moves.
fn copy_original(image: &Path, dir: &Path) -> Result<Picture, Failure> {
    let bytes = std::fs::read(image)
        .map_err(|e| Failure::new(Exit::Invalid, format!("cannot read {}: {e}", image.display())))?;
    let info = venice_image::probe::probe_bytes(&bytes).ok();
    let ext = info.as_ref().map_or("img", |i| i.format.extension());
    let file = format!("original.{ext}");
    venice_image::write_atomic(&dir.join(&file), &bytes)
        .map_err(|e| Failure::new(Exit::Output, format!("cannot write into {}: {e}", dir.display())))?;
    Ok(Picture { file, dimensions: info.map(|i| (i.width, i.height)), bytes: bytes.len() as u64 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_ids_become_safe_file_names() {
        assert_eq!(safe_name("gpt-image-2-edit"), "gpt-image-2-edit");
        assert_eq!(safe_name("../x/y"), "model.._x_y");
        assert_eq!(safe_name("a b"), "a_b");
    }

    #[test]
    fn the_default_folder_is_beside_the_image() {
        assert_eq!(default_dir(Path::new("pics/cat.jpg")), PathBuf::from("pics/cat.compare"));
    }
}
