//! Generation as a source of jobs: prompts (one on the command line, or one
//! per non-empty line of a file) turned into one job per picture, each
//! named from its prompt (a slug and a short hash, or `--name`; `-o` for
//! one prompt), variants as `-1`, `-2`... before the extension, with the
//! seed each is drawn with. Outputs that exist are skipped (a rerun sends
//! nothing for them); the jobs then run through the same queue, cost gate,
//! dry run and report as every batch.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use venice_image::GenerateRequest;

use crate::batch::plan::{self, Naming};
use crate::batch::report::{Report, outcome_line};
use crate::engine::{Input, Job, Op, Target};
use crate::settings::flags::{GenerateArgs, OutputArgs};
use crate::ui::Ui;
use crate::ui::exit::{Exit, Failure};

/// The request every job of the run starts from (its prompt and seed are
/// each job's).
pub fn base_request(a: &GenerateArgs) -> GenerateRequest {
    let mut r = GenerateRequest::new(a.prompt.clone().unwrap_or_default());
    macro_rules! set {
        ($($field:ident => $method:ident),+) => { $(if let Some(v) = a.$field.clone() { r = r.$method(v); })+ };
    }
    set!(model => model, negative_prompt => negative_prompt, aspect_ratio => aspect_ratio,
         resolution => resolution, quality => quality, width => width, height => height,
         steps => steps, style => style_preset, format => format, seed => seed);
    if a.hide_watermark {
        r = r.hide_watermark(true);
    }
    r
}

/// The prompts of a file: its lines, trimmed, without empty ones and
/// `#` comments.
pub fn read_prompts(path: &Path) -> Result<Vec<String>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::new(Exit::Invalid, format!("cannot read {}: {e}", path.display())))?;
    let prompts: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    if prompts.is_empty() {
        return Err(Failure::new(Exit::Invalid, format!("{} holds no prompt", path.display())));
    }
    Ok(prompts)
}

/// A seed for variant `i` (from 0): the asked one plus `i`, else a random
/// one within the service's range.
pub fn seed_for(asked: Option<i64>, prompt: &str, i: u32) -> i64 {
    use std::hash::BuildHasher;
    match asked {
        Some(s) => s
            .saturating_add(i64::from(i))
            .clamp(*venice_image::SEED_RANGE.start(), *venice_image::SEED_RANGE.end()),
        None => {
            let h = std::collections::hash_map::RandomState::new().hash_one((prompt, i));
            i64::try_from(h % 999_999_999).unwrap_or(0)
        }
    }
}

/// `path` with `-n` before its extension (`out.png` -> `out-2.png`).
pub fn numbered(path: &Path, n: u32) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

/// The jobs, before existing outputs are skipped: one per prompt and
/// variant.
pub fn jobs(
    base: &GenerateRequest,
    prompts: &[String],
    variants: u32,
    out: &OutputArgs,
) -> Result<Vec<Job>, Failure> {
    let template = plan::name_template(out.name.as_deref())?;
    let naming = Naming {
        output: out.output.as_deref(),
        out_dir: out.out_dir.as_deref(),
        template: template.as_ref(),
        force: out.force,
    };
    if naming.output.is_some_and(|o| o.as_os_str() == "-") && variants > 1 {
        return Err(Failure::usage("-o - writes one image; ask for 1 variant or give a file name"));
    }
    let mut jobs = Vec::new();
    for (n, prompt) in prompts.iter().enumerate() {
        for i in 0..variants {
            let request = base.clone().prompt_text(prompt.clone()).with_seed(Some(seed_for(
                base.seed_value(),
                prompt,
                i,
            )));
            let op = Arc::new(Op::Generate { request: Box::new(request) });
            let input = Input::Prompt(prompt.clone());
            let target = match plan::target(&naming, &op, &input, n + 1)? {
                Target::File { path, explicit, replace } if variants > 1 => {
                    Target::File { path: numbered(&path, i + 1), explicit, replace }
                }
                other => other,
            };
            let job = Job::new(op, out.upload, input, target).with_metadata(out.metadata);
            jobs.push(job);
        }
    }
    plan::check_outputs(&jobs)?;
    Ok(jobs)
}

/// The jobs whose output does not exist yet (all of them with `--force` or
/// in a dry run); the others are said and reported as skipped.
pub fn skip_existing(ui: &Ui, jobs: Vec<Job>, keep_all: bool, report: &mut Report) -> (Vec<Job>, usize) {
    let mut runnable = Vec::new();
    let mut skipped = 0;
    for job in jobs {
        match job.target.existing().filter(|_| !keep_all) {
            None => runnable.push(job),
            Some(found) => {
                skipped += 1;
                ui.detail(&format!(
                    "skipped {}: {} exists (--force overwrites)",
                    job.label(),
                    found.display()
                ));
                report.write(
                    ui,
                    &outcome_line(&job, "skipped", None, Some(&format!("{} exists", found.display()))),
                );
            }
        }
    }
    (runnable, skipped)
}
