//! `venice compare`'s page: the original and every model's result side by
//! side at one display size, each with the model's name and id, its price,
//! the time the edit took, the output's size in pixels and bytes, or the
//! failure in words; models left out are listed with the reason.

use std::fmt::Write;
use std::time::Duration;

use super::escape::{escape, href};
use super::style::CSS;

/// An image file beside the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Its path relative to the page.
    pub file: String,
    /// Width and height, when they could be read.
    pub dimensions: Option<(u32, u32)>,
    /// Its size in bytes.
    pub bytes: u64,
}

/// What one model made of the edit.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The result, and the time the call took (retries included).
    Done { picture: Picture, elapsed: Duration },
    /// Why there is no result, in words.
    Failed { error: String },
}

/// One model's card.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    /// The catalogue's display name (the id when it is not listed).
    pub name: String,
    /// The estimated price in USD, when the catalogue knows it.
    pub price: Option<f64>,
    pub outcome: Outcome,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparePage {
    /// The input as the user named it.
    pub input: String,
    pub prompt: String,
    /// The original (none for a comparison of generation models).
    pub original: Option<Picture>,
    pub entries: Vec<Entry>,
    /// Models not tried (`--models all`), with the reason each was refused.
    pub skipped: Vec<(String, String)>,
    /// Wall time of the whole comparison.
    pub elapsed: Duration,
}

/// `3.2 s`, `850 ms`.
pub fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// `1.23 MB`, `45.6 kB`, `512 B`.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.2} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{b} B"),
    }
}

/// `$0.0400`, or `price unknown`.
pub fn price(usd: Option<f64>) -> String {
    usd.map_or_else(|| "price unknown".to_owned(), |p| format!("${p:.4}"))
}

/// The facts line of a picture: `1024×768 px, 45.6 kB`.
pub fn facts(p: &Picture) -> String {
    match p.dimensions {
        Some((w, h)) => format!("{w}×{h} px, {}", size(p.bytes)),
        None => size(p.bytes),
    }
}

/// An image `src` linked to `full`, its full-size file; `onload` marks it
/// loaded (a harmless attribute the browser test reads; the page needs no
/// script).
pub fn img(src: &str, full: &str, alt: &str, lazy: bool) -> String {
    let loading = if lazy { " loading=\"lazy\"" } else { "" };
    format!(
        "<a href=\"{}\"><img src=\"{}\" alt=\"{}\"{loading} decoding=\"async\" onload=\"this.dataset.loaded=1\"></a>",
        href(full),
        href(src),
        escape(alt)
    )
}

/// The head of a page, with its title.
pub fn head(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{CSS}</style></head>\n<body>\n",
        escape(title)
    )
}

/// The whole page.
pub fn render(page: &ComparePage) -> String {
    let mut html = head(&format!("venice compare: {}", page.input));
    let total: f64 = page
        .entries
        .iter()
        .filter(|e| matches!(e.outcome, Outcome::Done { .. }))
        .filter_map(|e| e.price)
        .sum();
    let done = page.entries.iter().filter(|e| matches!(e.outcome, Outcome::Done { .. })).count();
    let _ = write!(
        html,
        "<h1>{}</h1>\n<p class=\"meta\">Prompt: <q>{}</q><br>{done} of {} model(s) succeeded in {}; estimated cost of the results ${total:.4}</p>\n<div class=\"grid\">\n",
        escape(&page.input),
        escape(&page.prompt),
        page.entries.len(),
        seconds(page.elapsed),
    );
    if let Some(original) = &page.original {
        let _ = writeln!(
            html,
            "<figure class=\"original\">{}<figcaption><b>Original</b><span class=\"facts\">{}</span></figcaption></figure>",
            img(&original.file, &original.file, &format!("original: {}", page.input), false),
            escape(&facts(original)),
        );
    }
    for e in &page.entries {
        let title = format!(
            "<b>{}</b><span class=\"facts\">{} · {}</span>",
            escape(&e.name),
            escape(&e.id),
            escape(&price(e.price))
        );
        match &e.outcome {
            Outcome::Done { picture, elapsed } => {
                let _ = writeln!(
                    html,
                    "<figure class=\"result\" data-model=\"{}\">{}<figcaption>{title}<br><span class=\"facts\">{} · {}</span></figcaption></figure>",
                    escape(&e.id),
                    img(&picture.file, &picture.file, &e.name, false),
                    escape(&seconds(*elapsed)),
                    escape(&facts(picture)),
                );
            }
            Outcome::Failed { error } => {
                let _ = writeln!(
                    html,
                    "<figure class=\"result failed\" data-model=\"{}\"><div class=\"missing\">no result</div><figcaption>{title}<br><span class=\"error\">Failed: {}</span></figcaption></figure>",
                    escape(&e.id),
                    escape(error),
                );
            }
        }
    }
    html.push_str("</div>\n");
    if !page.skipped.is_empty() {
        html.push_str("<h2>Not tried</h2>\n<table><tr><th>Model</th><th>Why</th></tr>\n");
        for (id, why) in &page.skipped {
            let _ = writeln!(html, "<tr><td>{}</td><td>{}</td></tr>", escape(id), escape(why));
        }
        html.push_str("</table>\n");
    }
    html.push_str("</body></html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> ComparePage {
        ComparePage {
            input: "cat <b>.png".into(),
            prompt: "<script>alert(1)</script>".into(),
            original: Some(Picture {
                file: "original.png".into(),
                dimensions: Some((800, 600)),
                bytes: 1234,
            }),
            entries: vec![
                Entry {
                    id: "m-one".into(),
                    name: "Model & One".into(),
                    price: Some(0.04),
                    outcome: Outcome::Done {
                        picture: Picture {
                            file: "m-one.png".into(),
                            dimensions: Some((1024, 768)),
                            bytes: 2_500_000,
                        },
                        elapsed: Duration::from_millis(1500),
                    },
                },
                Entry {
                    id: "m-two".into(),
                    name: "Two".into(),
                    price: None,
                    outcome: Outcome::Failed { error: "server error 500: <oops>".into() },
                },
            ],
            skipped: vec![("m-three".into(), "refuses 21:9".into())],
            elapsed: Duration::from_millis(1600),
        }
    }

    #[test]
    fn every_user_and_service_string_is_escaped() {
        let html = render(&page());
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Model &amp; One") && html.contains("cat &lt;b&gt;.png"));
        assert!(html.contains("Failed: server error 500: &lt;oops&gt;"));
    }

    #[test]
    fn each_card_has_name_id_price_time_and_size() {
        let html = render(&page());
        for needle in [
            "m-one",
            "$0.0400",
            "1.5 s",
            "1024×768 px, 2.50 MB",
            "800×600 px, 1.2 kB",
            "price unknown",
            "refuses 21:9",
        ] {
            assert!(html.contains(needle), "{needle} missing");
        }
        assert!(html.contains("1 of 2 model(s) succeeded"));
        assert!(!html.contains("http://") && !html.contains("https://"), "nothing from the network");
    }
}
