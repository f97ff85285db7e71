//! What each input came to: the `--report` file (one JSON line per input)
//! and, with `--json`, the same lines on stdout.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use crate::batch::gallery::GalleryWriter;
use crate::engine::{Done, Job};
use crate::ui::Ui;
use crate::ui::exit::Failure;

/// The `--report` file, and the `--gallery` fed from the same lines.
pub struct Report {
    file: Option<(std::path::PathBuf, std::fs::File)>,
    gallery: Option<GalleryWriter>,
    /// The first write that failed: later lines are not tried.
    failed: Option<String>,
}

impl Report {
    /// Creates the `--report` file. A link at its name is refused, not
    /// followed (a report must not overwrite what a link points at).
    pub fn open(path: Option<&Path>) -> Result<Self, Failure> {
        Self::open_with(path, false)
    }

    /// Opens the `--report` file to add lines after those already there
    /// (the later passes of `--watch`).
    pub fn append(path: Option<&Path>) -> Result<Self, Failure> {
        Self::open_with(path, true)
    }

    fn open_with(path: Option<&Path>, append: bool) -> Result<Self, Failure> {
        let file = path
            .map(|p| {
                if std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) {
                    return Err(Failure::usage(format!(
                        "the report {} is a link; not followed: give a plain file name",
                        p.display()
                    )));
                }
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create(true);
                if append {
                    options.append(true);
                } else {
                    options.truncate(true);
                }
                // A link that appears after the check fails the open.
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
                options
                    .open(p)
                    .map(|f| (p.to_path_buf(), f))
                    .map_err(|e| Failure::usage(format!("cannot create the report {}: {e}", p.display())))
            })
            .transpose()?;
        Ok(Self { file, gallery: None, failed: None })
    }

    /// Also feeds every outcome line to a gallery.
    pub fn with_gallery(mut self, gallery: Option<GalleryWriter>) -> Self {
        self.gallery = gallery;
        self
    }

    /// Ends the run: the gallery, if any, is written; a report that could
    /// not be written is said.
    pub async fn finish(self, ui: &Ui) {
        if let Some(g) = self.gallery {
            g.finish(ui).await;
        }
        if let (Some((path, _)), Some(e)) = (&self.file, &self.failed) {
            ui.error(&format!(
                "the report {} is incomplete: a line could not be written: {e}",
                path.display()
            ));
        }
    }

    pub fn write(&mut self, ui: &Ui, line: &Value) {
        if let Some((path, f)) = self.file.as_mut()
            && self.failed.is_none()
            && let Err(e) = writeln!(f, "{line}").and_then(|()| f.flush())
        {
            ui.error(&format!("cannot write the report {}: {e}", path.display()));
            self.failed = Some(e.to_string());
        }
        if ui.json {
            ui.json_line(line);
        }
        if let Some(g) = self.gallery.as_mut() {
            g.add(line);
        }
    }
}

/// One input's line: `ok`, `failed`, `skipped`, `not-attempted` or
/// `dry-run`. `why` is a failure's `error`, or a skip's `reason` (a skip is
/// no error).
pub fn outcome_line(job: &Job, status: &str, done: Option<&Done>, why: Option<&str>) -> Value {
    let mut v = json!({
        "input": job.input.label(),
        "output": done.map_or_else(|| job.target.label(), |d| d.output.clone()),
        "status": status,
    });
    if let Some(model) = done.and_then(Done::model).or(job.op.model()) {
        v["model"] = json!(model);
    }
    if let Some(d) = done {
        let m = d.edited.meta();
        v["bytes"] = json!(d.edited.bytes().len());
        v["content_type"] = json!(d.edited.content_type());
        v["request_id"] = json!(m.request_id);
        v["attempts"] = json!(m.attempts);
        v["cost_usd"] = json!(d.usd());
        v["elapsed_ms"] = json!(u64::try_from(d.edited.elapsed().as_millis()).unwrap_or(u64::MAX));
        if let Some(p) = &m.enhanced_prompt {
            v["enhanced_prompt"] = json!(p);
        }
    }
    if let Some(why) = why {
        let key = if status == "skipped" { "reason" } else { "error" };
        v[key] = json!(why);
    }
    v
}

/// A failed input's line: the message, and the advice the answer carried.
pub fn failed_line(job: &Job, message: &str, error: Option<&venice_image::Error>) -> Value {
    let mut v = outcome_line(job, "failed", None, Some(message));
    if let (Value::Object(m), Some(error)) = (&mut v, error) {
        m.extend(crate::ui::advice::fields(error));
    }
    v
}
