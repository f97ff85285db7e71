//! The `--gallery` page of a pipeline: one row per input with every stage
//! side by side (the original, then each step's result), as lazy
//! thumbnails linked to the full images; a step that failed or did not run
//! says so in its place.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::escape::escape;
use super::page::{head, img, seconds};
use super::thumbs::{THUMB_SIDE, thumbnail_of_file};

/// One stage of an input, as the run left it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// `original`, `2. upscale --scale 2`.
    pub label: String,
    /// Its image, when it has one.
    pub file: Option<PathBuf>,
    /// Why it has none.
    pub error: Option<String>,
}

/// A stage ready for the page: its thumbnail and link, relative to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub label: String,
    pub thumb: Option<String>,
    pub link: Option<String>,
    pub error: Option<String>,
}

/// One input's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub input: String,
    pub cells: Vec<Cell>,
}

/// `path` as the page at `base` links it.
fn relative(base: &Path, path: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (b, p) = (absolute(base), absolute(path));
    match p.strip_prefix(&b) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => format!("file://{}", p.display()),
    }
}

/// Makes the thumbnails (in `thumbs`, blocking) and the rows.
pub fn build(base: &Path, thumbs: &Path, rows: Vec<(usize, String, Vec<Stage>)>) -> Vec<Row> {
    let _ = std::fs::create_dir_all(thumbs);
    rows.into_iter()
        .map(|(i, input, stages)| Row {
            input,
            cells: stages
                .into_iter()
                .enumerate()
                .map(|(n, s)| {
                    let thumb = s.file.as_ref().and_then(|f| {
                        let to = thumbs.join(format!("{i}-{n}.jpg"));
                        thumbnail_of_file(f, &to, THUMB_SIDE).ok().map(|()| relative(base, &to))
                    });
                    Cell {
                        label: s.label,
                        thumb,
                        link: s.file.as_deref().map(|f| relative(base, f)),
                        error: s.error,
                    }
                })
                .collect(),
        })
        .collect()
}

/// The whole page.
pub fn render(title: &str, rows: &[Row], elapsed: Duration) -> String {
    let mut html = head(title);
    let done = rows.iter().filter(|r| r.cells.iter().all(|c| c.error.is_none())).count();
    let _ = write!(
        html,
        "<h1>{}</h1>\n<p class=\"meta\">{} input(s), {done} through every step; {}</p>\n",
        escape(title),
        rows.len(),
        seconds(elapsed)
    );
    for row in rows {
        let _ = write!(html, "<section class=\"item\"><h2>{}</h2><div class=\"stages\">", escape(&row.input));
        for c in &row.cells {
            let picture = match (&c.thumb, &c.link, &c.error) {
                (_, _, Some(e)) => format!("<div class=\"missing failed\">{}</div>", escape(e)),
                (Some(t), link, None) => img(t, link.as_deref().unwrap_or(t), &c.label, true),
                (None, _, None) => "<div class=\"missing\">no image</div>".to_owned(),
            };
            let _ = write!(
                html,
                "<figure class=\"stage\">{picture}<figcaption>{}</figcaption></figure>",
                escape(&c.label)
            );
        }
        html.push_str("</div></section>\n");
    }
    html.push_str("</body></html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_is_shown_and_a_failure_says_which_step() {
        let cell = |label: &str, thumb: Option<&str>, error: Option<&str>| Cell {
            label: label.into(),
            thumb: thumb.map(String::from),
            link: thumb.map(String::from),
            error: error.map(String::from),
        };
        let rows = vec![
            Row {
                input: "a.png".into(),
                cells: vec![
                    cell("original", Some("t/0-0.jpg"), None),
                    cell("1. remove-bg", Some("t/0-1.jpg"), None),
                ],
            },
            Row {
                input: "<b>.png".into(),
                cells: vec![
                    cell("original", Some("t/1-0.jpg"), None),
                    cell("1. remove-bg", None, Some("failed: <500>")),
                ],
            },
        ];
        let html = render("venice pipeline: remove-bg", &rows, Duration::from_secs(2));
        assert_eq!(html.matches("<img ").count(), 3);
        assert!(html.contains("failed: &lt;500&gt;") && html.contains("&lt;b&gt;.png"));
        assert!(html.contains("2 input(s), 1 through every step"));
    }
}
