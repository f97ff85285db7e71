//! `venice compare`: one edit on several models at once, a source of jobs
//! planned as a batch plans its inputs (`--name` templates, output targets,
//! collisions, existing outputs, the cost line and `--max-cost`) and run by
//! the job queue (its `--jobs`, pacing, stop rules, lock-out guard, output
//! reservation, rescue, Ctrl-C and exit codes); the estimated total first,
//! each result saved as `DIR/<model>.<ext>` and `DIR/index.html` showing
//! them beside the original, written for what finished even when the run
//! stops or is interrupted. Run again, it resumes (`resume`): the results
//! there are kept, only the missing models are sent. With `--generate`,
//! generation models draw the prompt instead (`generate`), no original.

mod generate;
mod resume;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use venice_image::{Catalogue, Error, ErrorKind};

use crate::batch::cost::price_gate;
use crate::batch::plan::{Naming, check_outputs, name_template, target};
use crate::batch::report::{Report, outcome_line};
use crate::batch::run::{Finished, run_batch};
use crate::engine::client::paying_client;
use crate::engine::names::collision_key;
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

/// The models' jobs, planned: those to send (and refused ones, shown as
/// failed cards), those `--models all` passed over, and the refusals.
struct ModelPlan {
    candidates: Vec<Candidate>,
    skipped: Vec<(String, String)>,
    refusals: Vec<(String, Error)>,
}

pub async fn run(global: &Global, ui: Ui, args: CompareArgs) -> Result<Exit, Failure> {
    if args.options.model.is_some() {
        return Err(Failure::usage("compare takes its models from --models, not --model"));
    }
    let image = match &args.image {
        Some(image) if !image.is_file() => {
            return Err(Failure::new(Exit::Invalid, format!("{} is not a file", image.display())));
        }
        Some(image) => Some(image.clone()),
        None if args.generate => None,
        None => return Err(Failure::usage("give the image to edit, or --generate")),
    };
    if args.seed.is_some() && !args.generate {
        return Err(Failure::usage("--seed is for --generate (an edit has no seed)"));
    }
    if args.generate && args.options.disable_prompt_optimization_thinking.is_some() {
        return Err(Failure::usage("--no-thinking is an edit option; generation models do not take it"));
    }
    let core = Core::for_run(ui, paying_client(global, ui)?);
    let known = known_models(&core, args.generate).await?;
    let (ids, all) = model_ids(&args, &known)?;
    let dir = args.out_dir.clone().unwrap_or_else(|| match &image {
        Some(image) => default_dir(image),
        None => PathBuf::from(format!("{}.compare", Input::Prompt(args.prompt.clone()).stem())),
    });
    let plan =
        plan_models(&core, &args, &known, ids, Folder { dir: &dir, all, dry_run: global.dry_run }).await?;
    let index = dir.join("index.html");
    let jobs: Vec<Job> = plan.candidates.iter().map(|c| c.job.clone()).collect();
    let original = image.as_deref().map(|i| dir.join(original_file(i)));
    let kept = resume::earlier_results(&dir, original.as_deref(), &args, &jobs, global.dry_run)?;
    let estimate = price(ui, &plan, &kept, args.max_cost)?;
    if global.dry_run {
        for (id, e) in &plan.refusals {
            ui.print(&format!("# {id}: refused: {}", describe(e)));
        }
        ui.print(&format!(
            "estimated total: {} for {} request(s); nothing was sent",
            page::price(estimate).replace("price unknown", "unknown"),
            (plan.candidates.len() - plan.refusals.len()).saturating_sub(kept.iter().flatten().count())
        ));
        return Ok(Exit::Ok);
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::new(Exit::Output, format!("cannot create {}: {e}", dir.display())))?;
    let original = image.as_deref().map(|i| copy_original(i, &dir)).transpose()?;
    resume::write_stamp(&dir, &args)?;
    let started = Instant::now();
    let mut report = Report::open(None)?;
    let mut to_send = Vec::new();
    for (job, kept) in jobs.into_iter().zip(&kept) {
        match kept {
            Some(found) => {
                let why = format!("kept from an earlier run ({} exists)", found.display());
                ui.detail(&format!("{}: {why}", job.label()));
                report.write(&ui, &outcome_line(&job, "skipped", None, Some(&why)));
            }
            None => to_send.push(job),
        }
    }
    let (exit, mut ran) = if to_send.is_empty() {
        report.finish(&ui).await;
        (Exit::Ok, Vec::new().into_iter())
    } else {
        let ran = run_batch(&core, to_send, args.jobs, report, kept.iter().flatten().count()).await;
        (ran.exit, ran.jobs.into_iter())
    };
    let mut entries = Vec::new();
    for (c, kept) in plan.candidates.into_iter().zip(&kept) {
        let outcome = match kept {
            Some(found) => resume::kept_outcome(&dir, found),
            None => match ran.next() {
                Some((_, finished)) => outcome(&dir, finished),
                None => Outcome::Failed { error: "not sent".into() },
            },
        };
        entries.push(Entry { id: c.job.label(), name: c.name, price: c.price, outcome });
    }
    let page = ComparePage {
        input: image
            .as_ref()
            .map_or_else(|| format!("generate: {}", args.prompt), |i| i.display().to_string()),
        prompt: args.prompt.clone(),
        original,
        entries,
        skipped: plan.skipped,
        elapsed: started.elapsed(),
    };
    write_page(ui, &index, &page)?;
    Ok(exit)
}

/// The models `--models` names (each once), and whether it said `all`.
fn model_ids(args: &CompareArgs, known: &[(String, String)]) -> Result<(Vec<String>, bool), Failure> {
    let all = args.models.iter().any(|m| m == "all");
    if all && args.models.len() > 1 {
        return Err(Failure::usage("--models all cannot be combined with model ids"));
    }
    let mut ids: Vec<String> = Vec::new();
    if all {
        ids = known.iter().map(|(id, _)| id.clone()).collect();
    } else {
        for m in args.models.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
            if !ids.iter().any(|i| i == m) {
                ids.push(m.to_owned());
            }
        }
    }
    if ids.is_empty() {
        return Err(Failure::usage("--models names no model"));
    }
    Ok((ids, all))
}

/// The models `--models all` takes and their names: the edit models, or
/// with `--generate` the generation models.
async fn known_models(core: &Core, generate: bool) -> Result<Vec<(String, String)>, Failure> {
    Ok(if generate {
        core.client.generation_models().await?.iter().map(|m| (m.id.clone(), m.name.clone())).collect()
    } else {
        let catalogue: Arc<Catalogue> = core.client.models().await?;
        catalogue.models().iter().map(|m| (m.id.clone(), m.name.clone())).collect()
    })
}

/// Where the comparison goes, and how it is planned.
#[derive(Clone, Copy)]
struct Folder<'a> {
    dir: &'a Path,
    /// `--models all`: a model that refuses the request is passed over.
    all: bool,
    dry_run: bool,
}

/// Each model's job, named as a batch names its outputs (`--name`, else
/// `DIR/<model>.<ext>`), its names checked for collisions, and each call
/// checked against the catalogue's rules before anything is sent.
async fn plan_models(
    core: &Core,
    args: &CompareArgs,
    known: &[(String, String)],
    ids: Vec<String>,
    folder: Folder<'_>,
) -> Result<ModelPlan, Failure> {
    let template = name_template(args.name.as_deref())?;
    let naming =
        Naming { output: None, out_dir: Some(folder.dir), template: template.as_ref(), force: args.force };
    let (image, seed) = match &args.image {
        Some(path) => (Input::File { path: path.clone(), relative: None }, None),
        None => (Input::Prompt(args.prompt.clone()), Some(generate::seed(args))),
    };
    let mut jobs = Vec::new();
    for (n, (id, file)) in ids.iter().zip(file_names(&ids)).enumerate() {
        let op = match seed {
            Some(seed) => generate::op(args, id, seed),
            None => {
                let mut options = args.options.clone();
                options.model = Some(id.clone());
                Op::Edit { prompt: args.prompt.clone(), options: Box::new(options) }
            }
        };
        let target = match naming.template {
            Some(_) => target(&naming, &op, &image, n + 1)?,
            None => Target::File {
                path: folder.dir.join(format!("{file}.{}", op.extension())),
                explicit: false,
                replace: args.force,
            },
        };
        let mut job = Job::new(Arc::new(op), args.upload, image.clone(), target).with_metadata(args.metadata);
        job.tag = Some(id.clone());
        jobs.push(job);
    }
    // Names that collide are refused before anything is sent.
    check_outputs(&jobs)?;
    let mut plan = ModelPlan { candidates: Vec::new(), skipped: Vec::new(), refusals: Vec::new() };
    for job in jobs {
        let id = job.label();
        let name = known.iter().find(|(k, _)| *k == id).map_or_else(|| id.clone(), |(_, n)| n.clone());
        match core.prepare(&job).await {
            Err(e) if is_everyones(&e) => return Err(e.into()),
            Err(e) if folder.all && e.kind() == ErrorKind::InvalidInput => {
                let why = describe(&e);
                core.ui.warn(&format!("skipped {id}: {why}"));
                plan.skipped.push((id, why));
            }
            Err(e) => {
                plan.refusals.push((id, e));
                plan.candidates.push(Candidate { job, name, price: None });
            }
            Ok(call) => {
                if folder.dry_run {
                    core.ui.print(&format!("# {name} ({id})\n{}", core.client.plan(&call)));
                }
                let price = call.estimated_cost().map(|c| c.usd);
                plan.candidates.push(Candidate { job, name, price });
            }
        }
    }
    Ok(plan)
}

/// The estimated total of the models that accepted the request, said and
/// held to `--max-cost`; refused when no model accepts it.
fn price(
    ui: Ui,
    plan: &ModelPlan,
    kept: &[Option<PathBuf>],
    max_cost: Option<f64>,
) -> Result<Option<f64>, Failure> {
    let refused: Vec<&str> = plan.refusals.iter().map(|(id, _)| id.as_str()).collect();
    let kept_ids: Vec<String> =
        plan.candidates.iter().zip(kept).filter(|(_, k)| k.is_some()).map(|(c, _)| c.job.label()).collect();
    let sendable = plan
        .candidates
        .iter()
        .filter(|c| !refused.contains(&c.job.label().as_str()) && !kept_ids.contains(&c.job.label()))
        .count();
    if sendable == 0 && !kept_ids.is_empty() {
        ui.info(&format!("nothing to send: {} model(s) kept from an earlier run", kept_ids.len()));
        return Ok(Some(0.0));
    }
    if sendable == 0 {
        // Nothing to compare: the first refusal is the command's.
        if let Some((id, e)) = plan.refusals.first() {
            return Err(Failure::new(Exit::of(e), format!("{id}: {}", describe(e))));
        }
        return Err(Failure::new(Exit::Invalid, "no model accepts this request (see the reasons above)"));
    }
    let estimate: Option<f64> = plan
        .candidates
        .iter()
        .filter(|c| !refused.contains(&c.job.label().as_str()) && !kept_ids.contains(&c.job.label()))
        .map(|c| c.price)
        .sum();
    let what = match kept_ids.len() {
        0 => format!("{sendable} model(s) to compare"),
        k => format!("{sendable} model(s) to compare ({k} kept from an earlier run)"),
    };
    price_gate(ui, &what, estimate, max_cost)?;
    Ok(estimate)
}

/// Writes `index.html` and says how many models succeeded.
fn write_page(ui: Ui, index: &Path, page: &ComparePage) -> Result<(), Failure> {
    venice_image::write_atomic(index, page::render(page).as_bytes())
        .map_err(|e| Failure::new(Exit::Output, format!("cannot write {}: {e}", index.display())))?;
    let total = page.entries.len();
    let failed = page.entries.iter().filter(|e| matches!(e.outcome, Outcome::Failed { .. })).count();
    let summary = format!("{} of {total} model(s) succeeded; open {}", total - failed, index.display());
    if failed > 0 {
        ui.warn(&summary)
    } else {
        ui.info(&summary)
    }
    Ok(())
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
