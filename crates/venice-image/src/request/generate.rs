//! Text to image: the request ([`GenerateRequest`]), the generation models
//! read from `GET /models?type=image` ([`GenerateModel`]: constraints and
//! prices), the checks made before anything is sent, the price, and the
//! body.
//!
//! The checks: the prompt (and the negative prompt) not empty and within
//! the model's `promptCharacterLimit` (7,500 without a catalogue); the
//! model a generation model of the catalogue; 1 to 4 variants (one with
//! `return_binary`); the size either by `width`/`height` (1 to 1,280, a
//! multiple of the model's `widthHeightDivisor`) for a model without
//! aspect ratios, or by aspect ratio and resolution tier, each among the
//! model's; the quality among the model's; the steps up to its `steps.max`;
//! the seed within ±999,999,999; `cfg_scale` over 0 up to 20.
//!
//! The price of one picture is the model's quality price at the tier, else
//! its tier price, else its flat `generation` price; a call costs that
//! times its variants.

use std::collections::BTreeMap;
use std::num::NonZeroU64;

use serde::{Deserialize, Serialize};
use venice_raw::types;

use crate::error::{InvalidInput, Rule};
use crate::limits::{
    DEFAULT_GENERATE_MODEL, MAX_GENERATE_PROMPT, MAX_GENERATE_SIDE, MAX_VARIANTS, NOT_GENERATORS, SEED_RANGE,
};
use crate::request::catalogue::{Cost, Deprecation, Price};
use crate::request::options::{OutputFormat, Quality};

/// A text-to-image request. Only the prompt is required; the model is
/// [`DEFAULT_GENERATE_MODEL`] unless named.
///
/// ```
/// use venice_image::{GenerateRequest, OutputFormat};
///
/// let req = GenerateRequest::new("a lighthouse at dusk").model("venice-sd35").variants(2).seed(7)
///     .format(OutputFormat::Png);
/// assert_eq!(req.prompt(), "a lighthouse at dusk");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct GenerateRequest {
    pub(crate) prompt: String,
    pub(crate) model: Option<String>,
    pub(crate) negative_prompt: Option<String>,
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    pub(crate) aspect_ratio: Option<String>,
    pub(crate) resolution: Option<String>,
    pub(crate) quality: Option<Quality>,
    pub(crate) variants: Option<u32>,
    pub(crate) seed: Option<i64>,
    pub(crate) steps: Option<u32>,
    pub(crate) cfg_scale: Option<f64>,
    pub(crate) style_preset: Option<String>,
    pub(crate) format: Option<OutputFormat>,
    pub(crate) safe_mode: Option<bool>,
    pub(crate) hide_watermark: Option<bool>,
    pub(crate) enhance_prompt: Option<bool>,
    pub(crate) return_binary: bool,
}

macro_rules! setters {
    ($($(#[$m:meta])* $name:ident: $ty:ty => $conv:expr;)+) => {
        $($(#[$m])* pub fn $name(mut self, value: $ty) -> Self {
            self.$name = Some($conv(value));
            self
        })+
    };
}

impl GenerateRequest {
    /// A request to draw `prompt`.
    pub fn new(prompt: impl Into<String>) -> Self {
        Self { prompt: prompt.into(), ..Self::default() }
    }

    setters! {
        /// The generation model (see [`Client::generation_models`](crate::Client::generation_models)).
        model: impl Into<String> => Into::into;
        /// What to keep out of the picture.
        negative_prompt: impl Into<String> => Into::into;
        /// Width in pixels, for models sized by width and height.
        width: u32 => std::convert::identity;
        /// Height in pixels, for models sized by width and height.
        height: u32 => std::convert::identity;
        /// Aspect ratio (`16:9`), for models that list ratios.
        aspect_ratio: impl Into<String> => Into::into;
        /// Resolution tier (`2K`), for models that list tiers.
        resolution: impl Into<String> => Into::into;
        /// Quality, for models that list qualities.
        quality: Quality => std::convert::identity;
        /// How many pictures one call draws (1 to 4), each charged.
        variants: u32 => std::convert::identity;
        /// The seed: the same request with the same seed draws the same picture.
        seed: i64 => std::convert::identity;
        /// Denoising steps, up to the model's maximum.
        steps: u32 => std::convert::identity;
        /// How closely to follow the prompt (over 0, up to 20).
        cfg_scale: f64 => std::convert::identity;
        /// A style preset (see [`Client::image_styles`](crate::Client::image_styles)).
        style_preset: impl Into<String> => Into::into;
        /// The pictures' encoding (the service's default is WebP).
        format: OutputFormat => std::convert::identity;
        /// Blur adult content (the service's default is on).
        safe_mode: bool => std::convert::identity;
        /// Ask for no watermark.
        hide_watermark: bool => std::convert::identity;
        /// Let the service rewrite the prompt first (charged extra).
        enhance_prompt: bool => std::convert::identity;
    }

    /// The same request with another prompt.
    pub fn prompt_text(mut self, prompt: impl Into<String>) -> Self {
        self.prompt = prompt.into();
        self
    }

    /// Ask for the picture's bytes instead of JSON (one variant only).
    pub fn return_binary(mut self, on: bool) -> Self {
        self.return_binary = on;
        self
    }

    /// The prompt.
    pub fn prompt(&self) -> &str {
        &self.prompt
    }
    /// The model asked for, if any.
    pub fn model_id(&self) -> Option<&str> {
        self.model.as_deref()
    }
    /// The seed asked for, if any.
    pub fn seed_value(&self) -> Option<i64> {
        self.seed
    }
    /// How many pictures the call draws.
    pub fn variant_count(&self) -> u32 {
        self.variants.unwrap_or(1)
    }
    /// The model the call goes to: the one named, else the default.
    pub fn model_or_default(&self) -> &str {
        self.model.as_deref().unwrap_or(DEFAULT_GENERATE_MODEL)
    }
    /// Whether the service is asked to rewrite the prompt (charged extra).
    pub fn enhances_prompt(&self) -> bool {
        self.enhance_prompt == Some(true)
    }
    /// The same request with `seed`.
    pub fn with_seed(mut self, seed: Option<i64>) -> Self {
        self.seed = seed;
        self
    }
    /// The format asked for, else the service's default (WebP).
    pub fn format_or_default(&self) -> OutputFormat {
        self.format.unwrap_or(OutputFormat::Webp)
    }
}

/// The steps a generation model takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Steps {
    /// Used when none is asked for.
    #[serde(default)]
    pub default: Option<u32>,
    /// The most allowed.
    #[serde(default)]
    pub max: Option<u32>,
}

/// What a generation model accepts (`model_spec.constraints` of an image model).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImageConstraints {
    /// Longest prompt, in UTF-16 code units.
    pub prompt_character_limit: u32,
    /// Width and height must be multiples of this.
    #[serde(default)]
    pub width_height_divisor: Option<u32>,
    /// Steps.
    #[serde(default)]
    pub steps: Option<Steps>,
    /// Accepted ratios; when present, size is chosen by ratio and tier.
    #[serde(default)]
    pub aspect_ratios: Vec<String>,
    /// The ratio used when none is asked for.
    #[serde(default)]
    pub default_aspect_ratio: Option<String>,
    /// Accepted resolution tiers.
    #[serde(default)]
    pub resolutions: Vec<String>,
    /// The tier used when none is asked for.
    #[serde(default)]
    pub default_resolution: Option<String>,
    /// Accepted qualities.
    #[serde(default)]
    pub qualities: Vec<String>,
    /// The quality used when none is asked for.
    #[serde(default)]
    pub default_quality: Option<String>,
}

/// How a generation model is priced (`model_spec.pricing` of an image model).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ImagePricing {
    /// One price per picture.
    #[serde(default)]
    pub generation: Option<Price>,
    /// Price per resolution tier.
    #[serde(default)]
    pub resolutions: BTreeMap<String, Price>,
    /// Price by tier, then quality.
    #[serde(default)]
    pub quality: BTreeMap<String, BTreeMap<String, Price>>,
}

/// One generation model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GenerateModel {
    /// The id to send.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it accepts.
    pub constraints: ImageConstraints,
    /// What it costs.
    pub pricing: ImagePricing,
    /// Set when it is being retired.
    pub deprecation: Option<Deprecation>,
}

impl GenerateModel {
    /// The price of one picture at `resolution` and `quality` (the model's
    /// defaults when `None`); `None` when the catalogue prices neither.
    pub fn price(&self, resolution: Option<&str>, quality: Option<&str>) -> Option<Cost> {
        let c = &self.constraints;
        let tier = resolution.or(c.default_resolution.as_deref()).unwrap_or("1K");
        let quality = quality.or(c.default_quality.as_deref());
        let p = &self.pricing;
        if let Some(q) = quality
            && let Some(price) = p.quality.get(tier).and_then(|m| m.get(q))
        {
            return Some(Cost { usd: price.usd, basis: format!("{tier} {q} quality per picture") });
        }
        if let Some(price) = p.resolutions.get(tier) {
            return Some(Cost { usd: price.usd, basis: format!("{tier} tier per picture") });
        }
        p.generation.map(|price| Cost { usd: price.usd, basis: "per picture".to_owned() })
    }

    /// The price of `req`: one picture's times its variants.
    pub fn cost(&self, req: &GenerateRequest) -> Option<Cost> {
        let one = self.price(req.resolution.as_deref(), req.quality.map(Quality::as_str))?;
        let n = req.variant_count();
        if n == 1 {
            return Some(one);
        }
        Some(Cost { usd: one.usd * f64::from(n), basis: format!("{} x {n} variants", one.basis) })
    }

    /// Whether the model sizes its pictures by aspect ratio (and tier)
    /// rather than by width and height.
    pub fn sized_by_ratio(&self) -> bool {
        !self.constraints.aspect_ratios.is_empty()
    }
}

/// The generation models of a model list, sorted by id: `type: image`
/// models whose constraints and pricing read, the background remover the
/// service lists among them left out.
pub(crate) fn generation_models(list: &types::ModelList) -> Vec<GenerateModel> {
    let mut models: Vec<GenerateModel> = list
        .data
        .iter()
        .filter(|m| m.type_ == "image" && !NOT_GENERATORS.contains(&m.id.as_str()))
        .filter_map(|m| {
            let spec = &m.model_spec;
            let constraints = serde_json::from_value(serde_json::Value::Object(spec.constraints.clone()));
            let pricing = serde_json::from_value(serde_json::Value::Object(spec.pricing.clone()));
            match (constraints, pricing) {
                (Ok(constraints), Ok(pricing)) => Some(GenerateModel {
                    id: m.id.clone(),
                    name: spec.name.clone().unwrap_or_else(|| m.id.clone()),
                    constraints,
                    pricing,
                    deprecation: spec.deprecation.as_ref().map(|d| Deprecation {
                        date: d.date.clone(),
                        replacement_model_id: d.replacement_model_id.clone(),
                    }),
                }),
                _ => {
                    tracing::warn!(model = %m.id, "skipping a generation model whose constraints or pricing cannot be read");
                    None
                }
            }
        })
        .collect();
    models.sort_by(|a, b| a.id.cmp(&b.id));
    models
}

fn invalid(field: &str, rule: Rule, message: String) -> InvalidInput {
    InvalidInput::new(field, rule, message)
}

/// The checks that need no catalogue.
pub(crate) fn check_general(req: &GenerateRequest) -> Result<(), InvalidInput> {
    check_text("prompt", Some(&req.prompt), MAX_GENERATE_PROMPT as u32, "the schema")?;
    if req.prompt.trim().is_empty() {
        return Err(invalid("prompt", Rule::Empty, "the prompt is empty: say what to draw".into()));
    }
    check_text("negative_prompt", req.negative_prompt.as_deref(), MAX_GENERATE_PROMPT as u32, "the schema")?;
    let n = req.variant_count();
    if !(1..=MAX_VARIANTS).contains(&n) {
        return Err(invalid(
            "variants",
            Rule::OutOfRange,
            format!("variants is {n}; ask for 1 to {MAX_VARIANTS}"),
        ));
    }
    if req.return_binary && n > 1 {
        return Err(invalid(
            "variants",
            Rule::OutOfRange,
            "a binary answer holds one picture: ask for 1 variant".into(),
        ));
    }
    for (field, side) in [("width", req.width), ("height", req.height)] {
        if let Some(v) = side
            && !(1..=MAX_GENERATE_SIDE).contains(&v)
        {
            return Err(invalid(
                field,
                Rule::OutOfRange,
                format!("{field} is {v}; it must be 1 to {MAX_GENERATE_SIDE}"),
            ));
        }
    }
    if let Some(seed) = req.seed
        && !SEED_RANGE.contains(&seed)
    {
        let (lo, hi) = (SEED_RANGE.start(), SEED_RANGE.end());
        return Err(invalid("seed", Rule::OutOfRange, format!("seed {seed} is outside {lo} to {hi}")));
    }
    if req.steps == Some(0) {
        return Err(invalid("steps", Rule::OutOfRange, "steps must be at least 1".into()));
    }
    if let Some(c) = req.cfg_scale
        && !(c > 0.0 && c <= 20.0)
    {
        return Err(invalid(
            "cfg_scale",
            Rule::OutOfRange,
            format!("cfg_scale {c} must be over 0 and at most 20"),
        ));
    }
    Ok(())
}

fn check_text(field: &str, text: Option<&str>, limit: u32, whose: &str) -> Result<(), InvalidInput> {
    let units = text.map_or(0, |t| t.encode_utf16().count());
    if units > limit as usize {
        return Err(invalid(
            field,
            Rule::TooLong,
            format!("the {field} is {units} characters; {whose} allows {limit}"),
        ));
    }
    Ok(())
}

/// `value`, when given, is among the model's `list` for `field`.
fn among(
    model: &GenerateModel,
    field: &str,
    value: Option<&str>,
    list: &[String],
) -> Result<(), InvalidInput> {
    let Some(v) = value else { return Ok(()) };
    if list.iter().any(|x| x == v) {
        return Ok(());
    }
    let supported = if list.is_empty() { format!("no {field} setting") } else { list.join(", ") };
    Err(invalid(
        field,
        Rule::NotSupportedByModel,
        format!("{} does not take {field} {v}; it takes {supported}", model.id),
    ))
}

/// The model's own rules.
pub(crate) fn check_model(req: &GenerateRequest, model: &GenerateModel) -> Result<(), InvalidInput> {
    let c = &model.constraints;
    let whose = model.id.as_str();
    check_text("prompt", Some(&req.prompt), c.prompt_character_limit, whose)?;
    check_text("negative_prompt", req.negative_prompt.as_deref(), c.prompt_character_limit, whose)?;
    if model.sized_by_ratio() {
        if let Some(field) = [("width", req.width), ("height", req.height)].iter().find(|(_, v)| v.is_some())
        {
            return Err(invalid(
                field.0,
                Rule::NotSupportedByModel,
                format!(
                    "{whose} is sized by aspect ratio ({}) and resolution, not by {}",
                    c.aspect_ratios.join(", "),
                    field.0
                ),
            ));
        }
    } else if let Some(divisor) = c.width_height_divisor.filter(|d| *d > 1) {
        for (field, side) in [("width", req.width), ("height", req.height)] {
            if let Some(v) = side.filter(|v| v % divisor != 0) {
                return Err(invalid(
                    field,
                    Rule::NotSupportedByModel,
                    format!("{field} {v} is not a multiple of {divisor}, as {whose} needs"),
                ));
            }
        }
    }
    among(model, "aspect_ratio", req.aspect_ratio.as_deref(), &c.aspect_ratios)?;
    among(model, "resolution", req.resolution.as_deref(), &c.resolutions)?;
    among(model, "quality", req.quality.map(Quality::as_str), &c.qualities)?;
    if let (Some(steps), Some(max)) = (req.steps, c.steps.and_then(|s| s.max))
        && steps > max
    {
        return Err(invalid(
            "steps",
            Rule::OutOfRange,
            format!("{whose} takes at most {max} steps, not {steps}"),
        ));
    }
    Ok(())
}

/// The wire body.
pub(crate) fn wire(req: &GenerateRequest) -> Result<types::GenerateRequest, InvalidInput> {
    let conv = |field: &str, e: &dyn std::fmt::Display| {
        invalid(field, Rule::Empty, format!("{field} is not valid: {e}"))
    };
    let nz = |v: Option<u32>| v.and_then(|n| NonZeroU64::new(u64::from(n)));
    Ok(types::GenerateRequest {
        model: req.model_or_default().try_into().map_err(|e| conv("model", &e))?,
        prompt: req.prompt.as_str().try_into().map_err(|e| conv("prompt", &e))?,
        negative_prompt: req
            .negative_prompt
            .as_deref()
            .map(TryInto::try_into)
            .transpose()
            .map_err(|e| conv("negative_prompt", &e))?,
        width: nz(req.width),
        height: nz(req.height),
        aspect_ratio: req.aspect_ratio.clone(),
        resolution: req
            .resolution
            .as_deref()
            .map(TryInto::try_into)
            .transpose()
            .map_err(|e| conv("resolution", &e))?,
        quality: req.quality.map(Into::into),
        variants: nz(req.variants),
        seed: req.seed,
        steps: nz(req.steps),
        cfg_scale: req.cfg_scale,
        style_preset: req.style_preset.clone(),
        format: req.format.map(|f| match f {
            OutputFormat::Jpeg => types::GenerateRequestFormat::Jpeg,
            OutputFormat::Png => types::GenerateRequestFormat::Png,
            _ => types::GenerateRequestFormat::Webp,
        }),
        safe_mode: req.safe_mode,
        hide_watermark: req.hide_watermark,
        embed_exif_metadata: None,
        enhance_prompt: req.enhance_prompt,
        return_binary: req.return_binary.then_some(true),
        lora_strength: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(constraints: serde_json::Value, pricing: serde_json::Value) -> GenerateModel {
        GenerateModel {
            id: "m".into(),
            name: "M".into(),
            constraints: serde_json::from_value(constraints).unwrap(),
            pricing: serde_json::from_value(pricing).unwrap(),
            deprecation: None,
        }
    }

    #[test]
    fn prices_follow_quality_then_tier_then_the_flat_price_times_variants() {
        let flat = model(json_c(), serde_json::json!({"generation": {"usd": 0.01}}));
        assert_eq!(flat.cost(&GenerateRequest::new("x").variants(3)).unwrap().usd, 0.03);
        let tiers = model(
            serde_json::json!({"promptCharacterLimit": 10, "resolutions": ["1K", "2K"], "defaultResolution": "1K",
                "qualities": ["low", "high"], "defaultQuality": "high", "aspectRatios": ["1:1"]}),
            serde_json::json!({"resolutions": {"1K": {"usd": 0.2}, "2K": {"usd": 0.5}},
                "quality": {"2K": {"low": {"usd": 0.05}}}}),
        );
        assert_eq!(tiers.price(None, None).unwrap().usd, 0.2);
        assert_eq!(tiers.price(Some("2K"), Some("low")).unwrap().usd, 0.05);
        assert_eq!(tiers.price(Some("2K"), None).unwrap().usd, 0.5);
    }

    fn json_c() -> serde_json::Value {
        serde_json::json!({"promptCharacterLimit": 10, "widthHeightDivisor": 16, "steps": {"default": 20, "max": 30}})
    }

    #[test]
    fn the_models_rules_are_checked() {
        let m = model(json_c(), serde_json::json!({"generation": {"usd": 0.01}}));
        let rule = |r: GenerateRequest| check_model(&r, &m).unwrap_err().rule;
        assert_eq!(rule(GenerateRequest::new("x".repeat(11))), Rule::TooLong);
        assert_eq!(rule(GenerateRequest::new("x").width(1000)), Rule::NotSupportedByModel);
        assert_eq!(rule(GenerateRequest::new("x").aspect_ratio("1:1")), Rule::NotSupportedByModel);
        assert_eq!(rule(GenerateRequest::new("x").steps(31)), Rule::OutOfRange);
        assert!(check_model(&GenerateRequest::new("x").width(1024).height(512), &m).is_ok());
        let general = |r: GenerateRequest| check_general(&r).unwrap_err().field;
        assert_eq!(general(GenerateRequest::new("x").variants(5)), "variants");
        assert_eq!(general(GenerateRequest::new("x").variants(2).return_binary(true)), "variants");
        assert_eq!(general(GenerateRequest::new("x").width(2000)), "width");
        assert_eq!(general(GenerateRequest::new("  ")), "prompt");
    }
}
