//! `--gallery FILE.html`: collects what became of every input of a batch
//! (from the same outcome lines `--report` gets), makes before and after
//! thumbnails in `FILE.thumbs/` off the async threads (two at a time, while
//! the batch goes on), and writes the page when the run ends.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

use crate::html::gallery::{Gallery, Item, Status, render};
use crate::html::thumbs::{THUMB_SIDE, thumbnail_of_file};
use crate::ui::Ui;
use crate::ui::exit::Failure;

/// Thumbnails made at once (each decodes a whole image).
const AT_ONCE: usize = 2;

/// The gallery being collected.
pub struct GalleryWriter {
    path: PathBuf,
    /// The page's folder, absolute: links are made relative to it.
    base: PathBuf,
    thumbs: PathBuf,
    title: String,
    started: Instant,
    items: Vec<Item>,
    tasks: Vec<(usize, JoinHandle<Thumbs>)>,
    permits: Arc<Semaphore>,
}

/// The thumbnails made for one item (relative to the page), and why not.
#[derive(Default)]
struct Thumbs {
    before: Option<String>,
    after: Option<String>,
    problems: Vec<String>,
}

impl GalleryWriter {
    /// A gallery written to `path` (its thumbnails in `<stem>.thumbs/` beside it).
    pub fn new(path: &Path, title: String) -> Result<Self, Failure> {
        let absolute = std::path::absolute(path)
            .map_err(|e| Failure::usage(format!("--gallery {}: {e}", path.display())))?;
        let base = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        if !base.is_dir() {
            return Err(Failure::usage(format!("--gallery {}: its folder does not exist", path.display())));
        }
        let stem =
            absolute.file_stem().map_or_else(|| "gallery".into(), |s| s.to_string_lossy().into_owned());
        let thumbs = base.join(format!("{stem}.thumbs"));
        std::fs::create_dir_all(&thumbs)
            .map_err(|e| Failure::usage(format!("cannot create {}: {e}", thumbs.display())))?;
        Ok(Self {
            path: absolute,
            base,
            thumbs,
            title,
            started: Instant::now(),
            items: Vec::new(),
            tasks: Vec::new(),
            permits: Arc::new(Semaphore::new(AT_ONCE)),
        })
    }

    /// Takes one outcome line (`ok`, `failed`, `skipped`, `not-attempted`).
    pub fn add(&mut self, line: &Value) {
        let text = |k: &str| line.get(k).and_then(Value::as_str).map(str::to_owned);
        let why = text("error").or_else(|| text("reason")).unwrap_or_default();
        let status = match line.get("status").and_then(Value::as_str) {
            Some("ok") => Status::Ok,
            Some("failed") => Status::Failed(why),
            Some("skipped") => Status::Skipped(why),
            Some("not-attempted") => Status::NotAttempted(why),
            _ => return,
        };
        let input = text("input").unwrap_or_default();
        let output = text("output").filter(|o| o != "-");
        let index = self.items.len();
        let input_file = Some(PathBuf::from(&input)).filter(|p| p.is_file());
        if status == Status::Ok {
            let folder = self.thumbs.clone();
            let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let sources = (input_file.clone(), output.as_ref().map(PathBuf::from));
            let permits = self.permits.clone();
            let task = tokio::spawn(async move {
                let _permit = permits.acquire_owned().await;
                tokio::task::spawn_blocking(move || {
                    let mut made = Thumbs::default();
                    for (source, side, slot) in
                        [(sources.0, "before", &mut made.before), (sources.1, "after", &mut made.after)]
                    {
                        let Some(source) = source else { continue };
                        let file = format!("{:05}-{side}.jpg", index + 1);
                        match thumbnail_of_file(&source, &folder.join(&file), THUMB_SIDE) {
                            Ok(()) => *slot = Some(format!("{name}/{file}")),
                            Err(e) => made.problems.push(format!("{}: no thumbnail: {e}", source.display())),
                        }
                    }
                    made
                })
                .await
                .unwrap_or_default()
            });
            self.tasks.push((index, task));
        }
        self.items.push(Item {
            input_link: input_file.as_deref().map(|p| self.link(p)),
            output_link: output.as_deref().map(|o| self.link(Path::new(o))),
            input,
            status,
            before: None,
            after: None,
            output,
            cost: line.get("cost_usd").and_then(Value::as_f64),
            elapsed: line.get("elapsed_ms").and_then(Value::as_u64).map(Duration::from_millis),
        });
    }

    /// A link from the page to `path`: relative below the page's folder, else a `file://` URL.
    fn link(&self, path: &Path) -> String {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        match absolute.strip_prefix(&self.base) {
            Ok(rel) => rel.to_string_lossy().into_owned(),
            Err(_) => format!("file://{}", absolute.display()),
        }
    }

    /// Waits for the thumbnails and writes the page.
    pub async fn finish(mut self, ui: &Ui) {
        for (index, task) in std::mem::take(&mut self.tasks) {
            let made = task.await.unwrap_or_default();
            for p in &made.problems {
                ui.warn(p);
            }
            if let Some(item) = self.items.get_mut(index) {
                item.before = made.before;
                item.after = made.after;
            }
        }
        // In the inputs' order, not the order they finished in.
        self.items.sort_by(|a, b| a.input.cmp(&b.input));
        let page = Gallery { title: self.title, items: self.items, elapsed: self.started.elapsed() };
        match venice_image::write_atomic(&self.path, render(&page).as_bytes()) {
            Ok(()) => ui.info(&format!("gallery: {}", self.path.display())),
            Err(e) => ui.error(&format!("cannot write the gallery {}: {e}", self.path.display())),
        }
    }
}
