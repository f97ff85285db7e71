//! `venice compare`: one edit on several models at once, as a batch of the
//! call core (its `--jobs`, pacing, stop rules, lock-out guard, output
//! reservation, rescue, Ctrl-C and exit codes); the estimated total first,
//! each result saved as `DIR/<model>.<ext>` and `DIR/index.html` showing
//! them beside the original, written for what finished even when the run
//! stops or is interrupted.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use venice_image::{Error, ErrorKind};

use crate::batch::cost::check_max_cost;
use crate::batch::inputs::{check_collisions, place};
use crate::batch::report::Report;
use crate::batch::run::{Finished, run_batch};
use crate::engine::client::client;
use crate::engine::names::collision_key;
use crate::engine::template::{NameTemplate, NameValues};
use crate::engine::{Core, Input, Job, Op, Target};
use crate::html::page::{self, ComparePage, Entry, Outcome, Picture};
use crate::settings::flags::{CompareArgs, Global};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure, describe};

/// A model to try: its job, and what the catalogue calls it.
struct Candidate {
    job: Job,
    name: String,
    /// The estimate, when the call was accepted before sending.
    price: Option<f64>,
}

pub async fn run(g: &Global, ui: Ui, a: CompareArgs) -> Result<Exit, Failure> {
    if a.options.model.is_some() {
        return Err(Failure::usage("compare takes its models from --models, not --model"));
    }
    if !a.image.is_file() {
        return Err(Failure::new(Exit::Invalid, format!("{} is not a file", a.image.display())));
    }
    let core = Core::for_run(ui, client(g, ui)?);
    let catalogue = core.client.models().await?;
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
    let dir = a.out_dir.clone().unwrap_or_else(|| default_dir(&a.image));

    // Each model's call, checked against the catalogue's rules before anything is sent.
    let mut candidates = Vec::new();
    let mut skipped = Vec::new();
    let mut refusals = Vec::new();
    let template = a
        .name
        .as_deref()
        .map(str::parse::<NameTemplate>)
        .transpose()
        .map_err(|e| Failure::usage(e.to_string()))?;
    let files = file_names(&ids);
    let image = Input::File { path: a.image.clone(), relative: None };
    let mut named = Vec::new();
    for (n, (id, file)) in ids.into_iter().zip(files).enumerate() {
        let mut options = a.options.clone();
        options.model = Some(id.clone());
        let op = Op::Edit { prompt: a.prompt.clone(), options: Box::new(options) };
        let target = match &template {
            Some(t) => {
                let name = t.render(&NameValues::of(&op, &image, n + 1));
                let path = place(&image, Some(&dir), &name).map_err(|e| Failure::new(Exit::Invalid, e))?;
                named.push((id.clone(), path.clone()));
                Target::File { path, explicit: !t.follows_format(), replace: a.force }
            }
            None => Target::File {
                path: dir.join(format!("{file}.{}", op.extension())),
                explicit: false,
                replace: a.force,
            },
        };
        let mut job = Job::new(Arc::new(op), a.upload, image.clone(), target).with_metadata(a.metadata);
        job.tag = Some(id.clone());
        let name = catalogue.get(&id).map_or_else(|| id.clone(), |m| m.name.clone());
        match core.prepare(&job).await {
            Err(e) if is_everyones(&e) => return Err(e.into()),
            Err(e) if all && e.kind() == ErrorKind::InvalidInput => {
                let why = describe(&e);
                ui.warn(&format!("skipped {id}: {why}"));
                skipped.push((id, why));
            }
            Err(e) => {
                refusals.push((id.clone(), e));
                candidates.push(Candidate { job, name, price: None });
            }
            Ok(call) => {
                if g.dry_run {
                    ui.print(&format!("# {name} ({id})\n{}", core.client.plan(&call)));
                }
                let price = call.estimated_cost().map(|c| c.usd);
                candidates.push(Candidate { job, name, price });
            }
        }
    }
    // Names that collide are refused before anything is sent.
    check_collisions(&named).map_err(Failure::usage)?;
    let sendable = candidates.len() - refusals.len();
    if sendable == 0 {
        // Nothing to compare: the first refusal is the command's.
        if let Some((id, e)) = refusals.into_iter().next() {
            return Err(Failure::new(Exit::of(&e), format!("{id}: {}", describe(&e))));
        }
        return Err(Failure::new(
            Exit::Invalid,
            "no edit model accepts this request (see the reasons above)",
        ));
    }
    let refused: Vec<&str> = refusals.iter().map(|(id, _)| id.as_str()).collect();
    let estimate: Option<f64> =
        candidates.iter().filter(|c| !refused.contains(&c.job.label().as_str())).map(|c| c.price).sum();
    match estimate {
        Some(usd) => ui.info(&format!("{sendable} model(s) to compare; estimated cost ${usd:.4}")),
        None => ui.info(&format!("{sendable} model(s) to compare; estimated cost unknown")),
    }
    check_max_cost(a.max_cost, estimate)?;
    if g.dry_run {
        for (id, e) in &refusals {
            ui.print(&format!("# {id}: refused: {}", describe(e)));
        }
        ui.print(&format!(
            "estimated total: {} for {sendable} request(s); nothing was sent",
            page::price(estimate).replace("price unknown", "unknown")
        ));
        return Ok(Exit::Ok);
    }

    let index = dir.join("index.html");
    if !a.force {
        // Nothing in the folder is replaced without --force: the page, the
        // copy of the original, any model's earlier result.
        let existing = [index.clone(), dir.join(original_file(&a.image))]
            .into_iter()
            .filter(|p| std::fs::symlink_metadata(p).is_ok())
            .chain(candidates.iter().filter_map(|c| c.job.target.existing()))
            .next();
        if let Some(found) = existing {
            return Err(Failure::new(
                Exit::Invalid,
                format!(
                    "{} exists; pass --force to replace it, or choose another --out-dir",
                    found.display()
                ),
            ));
        }
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::new(Exit::Output, format!("cannot create {}: {e}", dir.display())))?;
    let original = copy_original(&a.image, &dir)?;

    let started = Instant::now();
    let (jobs, cards): (Vec<Job>, Vec<(String, Option<f64>)>) =
        candidates.into_iter().map(|c| (c.job, (c.name, c.price))).unzip();
    let ran = run_batch(&core, jobs, a.jobs, Report::open(None)?, 0).await;
    let entries: Vec<Entry> = ran
        .jobs
        .into_iter()
        .zip(cards)
        .map(|((job, finished), (name, price))| Entry {
            id: job.label(),
            name,
            price,
            outcome: outcome(&dir, finished),
        })
        .collect();
    let failed = entries.iter().filter(|e| matches!(e.outcome, Outcome::Failed { .. })).count();
    let page = ComparePage {
        input: a.image.display().to_string(),
        prompt: a.prompt.clone(),
        original,
        entries,
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
    Ok(ran.exit)
}

/// A model's card from what became of its job.
fn outcome(dir: &Path, finished: Finished) -> Outcome {
    match finished {
        Finished::Done(done) => {
            let file = Path::new(&done.output)
                .strip_prefix(dir)
                .map_or_else(|_| done.output.clone(), |p| p.display().to_string());
            let info = venice_image::probe::probe_bytes(done.edited.bytes()).ok();
            Outcome::Done {
                picture: Picture {
                    file,
                    dimensions: info.map(|i| (i.width, i.height)),
                    bytes: done.edited.bytes().len() as u64,
                },
                elapsed: done.edited.elapsed(),
            }
        }
        Finished::Failed(e) => match e.error() {
            Some(err) if err.kind() == ErrorKind::InvalidInput => {
                Outcome::Failed { error: format!("refused before sending: {}", describe(err)) }
            }
            _ => Outcome::Failed { error: e.describe(false) },
        },
        Finished::NotAttempted(why) => Outcome::Failed { error: format!("not sent: {why}") },
    }
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

/// One file name per model, distinct where file systems compare names
/// (case-folded, NFC): ids that map to one name (`a/b` and `a_b`, or ids
/// that differ in case only) get `-2`, `-3`...; `original` and `index`
/// are the page's own.
fn file_names(ids: &[String]) -> Vec<String> {
    let mut taken: std::collections::BTreeSet<String> =
        ["original", "index"].iter().map(|n| collision_key(Path::new(n))).collect();
    ids.iter()
        .map(|id| {
            let base = safe_name(id);
            let mut name = base.clone();
            let mut n = 1;
            while !taken.insert(collision_key(Path::new(&name))) {
                n += 1;
                name = format!("{base}-{n}");
            }
            name
        })
        .collect()
}

/// The original's name in the folder: `original.<its format's extension>`.
fn original_file(image: &Path) -> String {
    let ext = std::fs::File::open(image)
        .ok()
        .and_then(|mut f| {
            let mut head = [0u8; 16];
            std::io::Read::read(&mut f, &mut head).ok().and_then(|n| venice_image::probe::sniff(&head[..n]))
        })
        .map_or("img", |format| format.extension());
    format!("original.{ext}")
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
    fn ids_that_map_to_one_file_get_distinct_names() {
        let ids: Vec<String> =
            ["a/b", "a_b", "Model", "model", "original", "index"].map(String::from).to_vec();
        assert_eq!(file_names(&ids), ["a_b", "a_b-2", "Model", "model-2", "original-2", "index-2"]);
    }

    #[test]
    fn the_default_folder_is_beside_the_image() {
        assert_eq!(default_dir(Path::new("pics/cat.jpg")), PathBuf::from("pics/cat.compare"));
    }
}
