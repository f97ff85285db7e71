//! Output names people choose: `--name TEMPLATE`, with fields `{stem}`,
//! `{ext}`, `{op}`, `{model}`, `{scale}`, `{n}` and `{date}`. A template is
//! parsed before anything is sent (an unknown field, an unclosed brace, an
//! absolute path or a `..` are errors); each value is made safe the way
//! default names are (no separators, nothing a file system refuses), so a
//! rendered name stays where the template puts it. Collisions between
//! inputs are found by the planner, as for default names.

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use crate::engine::names::safe_stem;
use crate::engine::{Input, Op};

/// A field of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The input's name without its extension.
    Stem,
    /// The output's extension, from the answer's real format.
    Ext,
    /// The operation: `edit`, `multi-edit`, `remove-bg`, `upscale`.
    Op,
    /// The model (for `remove-bg`, `background-remover`).
    Model,
    /// The upscale factor (`2`, `4`); empty for other operations.
    Scale,
    /// The input's number in the run, from 1.
    N,
    /// Today's date (UTC), `YYYY-MM-DD`.
    Date,
}

impl Field {
    const ALL: [(&'static str, Field); 7] = [
        ("stem", Self::Stem),
        ("ext", Self::Ext),
        ("op", Self::Op),
        ("model", Self::Model),
        ("scale", Self::Scale),
        ("n", Self::N),
        ("date", Self::Date),
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(Field),
}

/// Why a template is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error(
        "--name: unknown field {{{0}}}; use {{stem}}, {{ext}}, {{op}}, {{model}}, {{scale}}, {{n}} or {{date}}"
    )]
    UnknownField(String),
    #[error("--name: a {{ has no closing }}")]
    Unclosed,
    #[error("--name: a }} has no opening {{")]
    Unopened,
    #[error("--name {0:?} would leave the output folder: use a relative name without ..")]
    Escapes(String),
    #[error("--name is empty")]
    Empty,
}

/// A parsed `--name` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameTemplate {
    parts: Vec<Part>,
    raw: String,
}

impl FromStr for NameTemplate {
    type Err = TemplateError;

    fn from_str(raw: &str) -> Result<Self, TemplateError> {
        if raw.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        let path = Path::new(raw);
        let escapes = path.is_absolute()
            || raw.starts_with(['/', '\\'])
            || raw.split(['/', '\\']).any(|c| c == ".." || c.is_empty())
            || path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if escapes {
            return Err(TemplateError::Escapes(raw.to_owned()));
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            match c {
                '{' => {
                    let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    // take_while consumed the '}' unless the text ended.
                    if !raw.contains(&format!("{{{name}}}")) {
                        return Err(TemplateError::Unclosed);
                    }
                    let field = Field::ALL
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, f)| *f)
                        .ok_or(TemplateError::UnknownField(name))?;
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Field(field));
                }
                '}' => return Err(TemplateError::Unopened),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Self { parts, raw: raw.to_owned() })
    }
}

impl fmt::Display for NameTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// The values of one output's name.
#[derive(Debug, Clone, Default)]
pub struct NameValues {
    pub stem: String,
    pub ext: String,
    pub op: String,
    pub model: String,
    pub scale: String,
    pub n: usize,
    pub date: String,
}

impl NameValues {
    /// The values for `input`, the `n`th of the run, done by `op`.
    pub fn of(op: &Op, input: &Input, n: usize) -> Self {
        let model = match op {
            Op::Edit { .. } | Op::Multi { .. } => {
                op.model().unwrap_or(venice_image::DEFAULT_MODEL).to_owned()
            }
            Op::RemoveBg => "background-remover".to_owned(),
            Op::Upscale { .. } => "upscaler".to_owned(),
            Op::Generate { request } => request.model_or_default().to_owned(),
        };
        let scale = match op {
            Op::Upscale { scale, .. } => scale.unwrap_or_default().factor().to_string(),
            _ => String::new(),
        };
        let date = venice_image::metadata::now_rfc3339().chars().take(10).collect();
        Self {
            stem: input.stem(),
            ext: op.extension().to_owned(),
            op: op.name().to_owned(),
            model,
            scale,
            n,
            date,
        }
    }
}

impl NameTemplate {
    /// Whether the name ends in `.{ext}`: its extension then follows the
    /// answer's real format.
    pub fn follows_format(&self) -> bool {
        matches!(self.parts.as_slice(), [.., Part::Text(t), Part::Field(Field::Ext)] if t.ends_with('.'))
    }

    /// Whether the template tells inputs apart (`{stem}` or `{n}`).
    pub fn distinguishes_inputs(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Field(Field::Stem | Field::N)))
    }

    /// The relative path for `values` (each value made safe).
    pub fn render(&self, v: &NameValues) -> PathBuf {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Field(f) => {
                    let value = match f {
                        Field::Stem => v.stem.clone(),
                        Field::Ext => v.ext.clone(),
                        Field::Op => v.op.clone(),
                        Field::Model => v.model.clone(),
                        Field::Scale => v.scale.clone(),
                        Field::N => v.n.to_string(),
                        Field::Date => v.date.clone(),
                    };
                    // Empty values stay empty (a `{scale}` of an edit).
                    if !value.is_empty() {
                        out.push_str(&safe_stem(&value));
                    }
                }
            }
        }
        PathBuf::from(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> NameValues {
        NameValues {
            stem: "IMG 1".into(),
            ext: "png".into(),
            op: "edit".into(),
            model: "qwen/edit:2".into(),
            scale: String::new(),
            n: 3,
            date: "2026-12-02".into(),
        }
    }

    #[test]
    fn fields_render_safely() {
        let t: NameTemplate = "{stem}-{model}.{ext}".parse().unwrap();
        assert_eq!(t.render(&values()), PathBuf::from("IMG 1-qwen_edit_2.png"));
        assert!(t.follows_format() && t.distinguishes_inputs());
        let t: NameTemplate = "out/{date}_{n}{scale}.jpg".parse().unwrap();
        assert_eq!(t.render(&values()), PathBuf::from("out/2026-12-02_3.jpg"));
        assert!(!t.follows_format());
        let evil = NameValues { stem: "../../etc/passwd".into(), ..values() };
        let t: NameTemplate = "{stem}".parse().unwrap();
        assert_eq!(t.render(&evil).components().count(), 1, "a value never adds a folder");
    }

    #[test]
    fn bad_templates_are_refused_by_kind() {
        let e = |s: &str| s.parse::<NameTemplate>().unwrap_err();
        assert_eq!(e("{stem}-{colour}.png"), TemplateError::UnknownField("colour".into()));
        assert_eq!(e("{stem"), TemplateError::Unclosed);
        assert_eq!(e("stem}.png"), TemplateError::Unopened);
        for escape in ["../{stem}.png", "/tmp/{stem}.png", "a/../../{stem}", "a//b"] {
            assert!(matches!(e(escape), TemplateError::Escapes(_)), "{escape}");
        }
        assert_eq!(e(" "), TemplateError::Empty);
    }
}
