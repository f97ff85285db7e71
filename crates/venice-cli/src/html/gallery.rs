//! The `--gallery` page of a batch: before and after thumbnails for every
//! input (each linked to its full image), failures and skipped inputs with
//! their reasons, and the totals. Thumbnails load lazily, so a page of
//! hundreds of inputs stays quick.

use std::fmt::Write;
use std::time::Duration;

use super::escape::escape;
use super::page::{head, img, price, seconds};

/// What became of one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Ok,
    Failed(String),
    Skipped(String),
    NotAttempted(String),
}

/// One input's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The input as the user named it.
    pub input: String,
    pub status: Status,
    /// Thumbnails, relative to the page.
    pub before: Option<String>,
    pub after: Option<String>,
    /// Links to the full images (relative, or `file:` URLs).
    pub input_link: Option<String>,
    pub output_link: Option<String>,
    /// The output as written.
    pub output: Option<String>,
    pub cost: Option<f64>,
    pub elapsed: Option<Duration>,
}

/// The whole gallery.
#[derive(Debug, Clone, PartialEq)]
pub struct Gallery {
    /// What was done (`venice edit: make it night`).
    pub title: String,
    pub items: Vec<Item>,
    /// Wall time of the run.
    pub elapsed: Duration,
}

/// A thumbnail linked to its full image, or a placeholder.
fn cell(thumb: Option<&str>, link: Option<&str>, alt: &str) -> String {
    match (thumb, link) {
        (Some(t), l) => img(t, l.unwrap_or(t), alt, true),
        _ => "<div class=\"missing\">no image</div>".to_owned(),
    }
}

/// The whole page.
pub fn render(g: &Gallery) -> String {
    let mut html = head(&g.title);
    let count = |f: fn(&Status) -> bool| g.items.iter().filter(|i| f(&i.status)).count();
    let ok = count(|s| *s == Status::Ok);
    let failed = count(|s| matches!(s, Status::Failed(_)));
    let skipped = count(|s| matches!(s, Status::Skipped(_) | Status::NotAttempted(_)));
    let cost: f64 = g.items.iter().filter(|i| i.status == Status::Ok).filter_map(|i| i.cost).sum();
    let _ = write!(
        html,
        "<h1>{}</h1>\n<p class=\"meta\">{} input(s): {ok} succeeded, {failed} failed, {skipped} skipped or not attempted; \
         estimated cost ${cost:.4}; {}</p>\n<div class=\"grid\">\n",
        escape(&g.title),
        g.items.len(),
        seconds(g.elapsed),
    );
    for i in g.items.iter().filter(|i| i.status == Status::Ok) {
        let facts = [i.cost.map(|c| price(Some(c))), i.elapsed.map(seconds)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        let _ = writeln!(
            html,
            "<figure class=\"item\"><div class=\"pair\">{}{}</div><figcaption><b>{}</b><span class=\"facts\">→ {} · {}</span></figcaption></figure>",
            cell(i.before.as_deref(), i.input_link.as_deref(), &format!("before: {}", i.input)),
            cell(i.after.as_deref(), i.output_link.as_deref(), &format!("after: {}", i.input)),
            escape(&i.input),
            escape(i.output.as_deref().unwrap_or("")),
            escape(&facts.join(" · ")),
        );
    }
    html.push_str("</div>\n");
    let problems: Vec<&Item> = g.items.iter().filter(|i| i.status != Status::Ok).collect();
    if !problems.is_empty() {
        html.push_str("<h2>Failed and skipped</h2>\n<table><tr><th>Input</th><th>What happened</th></tr>\n");
        for i in problems {
            let (what, why) = match &i.status {
                Status::Failed(w) => ("failed", w),
                Status::Skipped(w) => ("skipped", w),
                Status::NotAttempted(w) => ("not attempted", w),
                Status::Ok => continue,
            };
            let _ = writeln!(
                html,
                "<tr class=\"{}\"><td>{}</td><td>{what}: {}</td></tr>",
                what.replace(' ', "-"),
                escape(&i.input),
                escape(why)
            );
        }
        html.push_str("</table>\n");
    }
    html.push_str("</body></html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(input: &str, status: Status) -> Item {
        Item {
            input: input.into(),
            status,
            before: Some("g.thumbs/1-before.jpg".into()),
            after: Some("g.thumbs/1-after.jpg".into()),
            input_link: Some("file:///tmp/in put.png".into()),
            output_link: Some("out/a.png".into()),
            output: Some("out/a.png".into()),
            cost: Some(0.04),
            elapsed: Some(Duration::from_millis(2500)),
        }
    }

    #[test]
    fn results_are_lazy_thumbnails_linked_to_full_images_and_problems_have_reasons() {
        let g = Gallery {
            title: "venice edit: <b>night</b>".into(),
            items: vec![
                item("a.png", Status::Ok),
                item("<img src=x onerror=alert(1)>.png", Status::Failed("server error <500>".into())),
                item("c.png", Status::Skipped("out/c.png exists".into())),
            ],
            elapsed: Duration::from_secs(3),
        };
        let html = render(&g);
        assert_eq!(html.matches("<img ").count(), 2, "thumbnails of the successes only");
        assert_eq!(html.matches("loading=\"lazy\"").count(), 2);
        assert!(html.contains("href=\"file:///tmp/in%20put.png\"") && html.contains("href=\"out/a.png\""));
        assert!(html.contains("src=\"g.thumbs/1-before.jpg\""));
        assert!(
            html.contains("failed: server error &lt;500&gt;") && html.contains("skipped: out/c.png exists")
        );
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.png") && !html.contains("<b>night"));
        assert!(
            html.contains("1 succeeded, 1 failed, 1 skipped")
                && html.contains("$0.0400")
                && html.contains("2.5 s")
        );
    }
}
