//! The rules a request is checked against before anything is sent: the
//! API's general bounds on text fields, and the chosen model's own rules
//! from the catalogue, and the general bounds of an image (pixels, file
//! size) that reading a source and fitting both apply.

use crate::error::{InvalidInput, Rule};
use crate::limits::{MAX_PROMPT, MAX_RESOLUTION_CHARS};
use crate::request::catalogue::EditModel;
use crate::request::options::{EditOptions, Quality};

/// The prompt: not blank, and within the model's limit (else the API's),
/// counted in UTF-16 code units as the service counts.
pub(crate) fn prompt(prompt: &str, model: Option<&EditModel>) -> Result<(), InvalidInput> {
    if prompt.trim().is_empty() {
        return Err(InvalidInput::new("prompt", Rule::Empty, "the prompt is empty; say what to change"));
    }
    let n = prompt.encode_utf16().count();
    let (limit, whose) = match model {
        Some(m) => (m.constraints.prompt_character_limit as usize, format!("{} takes", m.id)),
        None => (MAX_PROMPT, "the API takes".to_owned()),
    };
    if n > limit.min(MAX_PROMPT) {
        return Err(InvalidInput::new(
            "prompt",
            Rule::TooLong,
            format!("the prompt is {n} characters (UTF-16); {whose} at most {limit}: shorten it"),
        ));
    }
    Ok(())
}

/// A resolution tier's length, whatever the model.
pub(crate) fn resolution_text(options: &EditOptions) -> Result<(), InvalidInput> {
    if let Some(r) = &options.resolution
        && !(1..=MAX_RESOLUTION_CHARS).contains(&r.chars().count())
    {
        return Err(InvalidInput::new(
            "resolution",
            Rule::TooLong,
            format!("a resolution tier is 1 to {MAX_RESOLUTION_CHARS} characters, like 2K"),
        ));
    }
    Ok(())
}

fn not_supported(
    field: &str,
    model: &EditModel,
    what: &str,
    value: &str,
    supported: &[String],
) -> InvalidInput {
    let list = if supported.is_empty() { "none".to_owned() } else { supported.join(", ") };
    InvalidInput::new(
        field,
        Rule::NotSupportedByModel,
        format!("{} does not take {what} {value}; it takes: {list}", model.id),
    )
}

/// The model's rules shared by edit and multi-edit: ratio, tier, quality
/// and how many images it takes.
pub(crate) fn model_options(
    model: &EditModel,
    options: &EditOptions,
    quality: Option<Quality>,
    images: usize,
) -> Result<(), InvalidInput> {
    let c = &model.constraints;
    if let Some(r) = options.aspect_ratio
        && !c.aspect_ratios.iter().any(|a| a == r.as_str())
    {
        return Err(not_supported("aspect_ratio", model, "aspect ratio", r.as_str(), &c.aspect_ratios));
    }
    if let Some(res) = &options.resolution {
        let tiers = c.resolutions();
        if !tiers.contains(res) {
            return Err(not_supported("resolution", model, "resolution", res, &tiers));
        }
    }
    if let Some(q) = quality {
        let qualities = c.qualities.clone().unwrap_or_default();
        if !qualities.iter().any(|x| x == q.as_str()) {
            return Err(not_supported("quality", model, "quality", q.as_str(), &qualities));
        }
    }
    let max = c.max_images() as usize;
    if images > max {
        return Err(InvalidInput::new(
            "images",
            Rule::TooManyImages,
            format!(
                "{images} images given; {} takes at most {max} (the base and {} layer(s))",
                model.id,
                max.saturating_sub(1)
            ),
        ));
    }
    Ok(())
}
