//! `POST /image/generate`, text to image, and `GET /image/styles`.
//!
//! A generation is JSON only (multipart is a 415). Its object is closed
//! (`fields::GENERATE`); `model` and `prompt` are required. Field types and the
//! bounds that do not depend on the model: `width` and `height` 1 to 1280,
//! `variants` 1 to 4, `seed` within ±999,999,999, `steps` at least 1,
//! `cfg_scale` over 0 up to 20, `lora_strength` 0 to 100, `format` one of
//! jpeg, png, webp (webp when left out), `quality` low, medium or high.
//!
//! Then the model's rules, from the catalogue's `type: image` models (the
//! background remover listed there is no generation model): the prompt and
//! the negative prompt within `promptCharacterLimit`; `width` and `height`
//! multiples of `widthHeightDivisor`; `aspect_ratio`, `resolution` and
//! `quality` among the model's lists (a model without a list takes none);
//! `steps` up to `steps.max`; `style_preset` one of [`STYLES`];
//! `return_binary` with one variant only.
//!
//! The price is the model's, per picture (its quality price at the tier,
//! else its tier price, else its flat `generation` price), times the
//! variants. The answer is `{id, images: [base64...], timing}`, or, with
//! `return_binary`, the picture's bytes. The size is the tier's long side
//! at the asked (or default) ratio for a model with aspect ratios, else
//! `width` x `height` (1024 each by default). The pixels are drawn from the
//! prompt, seed and variant ([`drawing`](crate::pixels::drawing)).

use bytes::Bytes;
use hyper::StatusCode;
use hyper::body::Incoming;
use serde_json::{Map, Value, json};

use super::body;
use super::fields::check_fields;
use super::op::Op;
use super::operation::{Payer, Plan, charge, check_balance, check_policy, success_headers};
use crate::http::{Fail, Reply};
use crate::pixels::drawing::drawn;
use crate::pixels::imaging::{self, OutputFormat};
use crate::state::State;
use crate::state::catalogue::GeneratorRules;
use crate::state::record::RecordedRequest;

/// The style presets the emulator offers.
pub const STYLES: [&str; 12] = [
    "3D Model",
    "Analog Film",
    "Anime",
    "Cinematic",
    "Comic Book",
    "Digital Art",
    "Fantasy Art",
    "Line Art",
    "Neon Punk",
    "Photographic",
    "Pixel Art",
    "Watercolor",
];

const BOOLEANS: [&str; 5] =
    ["safe_mode", "hide_watermark", "embed_exif_metadata", "enhance_prompt", "return_binary"];
/// Integer fields and their inclusive bounds.
const INTEGERS: [(&str, i64, i64); 6] = [
    ("width", 1, 1280),
    ("height", 1, 1280),
    ("variants", 1, 4),
    ("seed", -999_999_999, 999_999_999),
    ("steps", 1, i64::MAX),
    ("lora_strength", 0, 100),
];
/// The longest prompt the schema allows, whatever the model.
const MAX_PROMPT: usize = 7500;

/// The `GET /image/styles` answer.
pub(super) fn styles() -> Reply {
    Reply::json(StatusCode::OK, &json!({ "object": "list", "data": STYLES }))
}

/// Runs a generation for an admitted caller.
pub(super) async fn run(
    state: &State,
    content_type: &str,
    body: Incoming,
    rec: &mut RecordedRequest,
    payer: &Payer<'_>,
) -> Result<Reply, Fail> {
    if !content_type.trim().to_ascii_lowercase().starts_with("application/json") {
        return Err(Fail::new(
            415,
            format!("Invalid request content-type {content_type:?}; use application/json"),
        ));
    }
    let parsed = body::read(Op::Generate, content_type, body, &mut rec.body_bytes).await?;
    for (k, v) in &parsed.fields {
        rec.fields.insert(k.clone(), v.clone());
    }
    check_fields(Op::Generate, &parsed)?;
    let fields = typed(&parsed.fields)?;
    let (rules, plan) = plan(state, &fields)?;
    check_policy(state, &fields)?;
    check_balance(state, payer, plan.price)?;
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }
    let (pictures, format) = draw(state, &rules, &fields).await?;
    let remaining = charge(state, payer, &plan)?;
    let mut reply = if fields.get("return_binary").and_then(Value::as_bool) == Some(true) {
        let first = pictures.into_iter().next().unwrap_or_default();
        Reply::raw(StatusCode::OK, format.mime(), first)
    } else {
        let images: Vec<String> =
            pictures.iter().map(|p| base64_simd::STANDARD.encode_to_string(p)).collect();
        let timing = json!({"inferenceDuration": 1, "inferencePreprocessingTime": 0, "inferenceQueueTime": 0, "total": 1});
        let id = format!("generate-image-{:016x}", payer.seq);
        Reply::json(StatusCode::OK, &json!({ "id": id, "images": images, "timing": timing }))
    };
    success_headers(state, &mut reply, remaining, plan.model, &fields);
    Ok(reply)
}

/// Field types and the model-independent bounds; `model` and `prompt`
/// required. Every field in error is reported; `error` names the first.
fn typed(raw: &Map<String, Value>) -> Result<Map<String, Value>, Fail> {
    let mut errors = Map::new();
    let mut complain = |field: &str, msg: String| {
        errors.insert(field.to_owned(), json!({ "_errors": [msg] }));
    };
    for required in ["model", "prompt"] {
        if !raw.contains_key(required) {
            complain(required, "Required".into());
        }
    }
    for (name, value) in raw {
        let name = name.as_str();
        if let Some((_, lo, hi)) = INTEGERS.iter().find(|(n, _, _)| *n == name) {
            match value.as_i64() {
                Some(n) if (*lo..=*hi).contains(&n) => {}
                Some(_) if *hi == i64::MAX => {
                    complain(name, format!("Number must be greater than or equal to {lo}"))
                }
                Some(_) => complain(name, format!("Number must be between {lo} and {hi}")),
                None => complain(name, "Expected integer".into()),
            }
        } else if BOOLEANS.contains(&name) {
            if !value.is_boolean() {
                complain(name, "Expected boolean".into());
            }
        } else if name == "cfg_scale" {
            match value.as_f64() {
                Some(x) if x > 0.0 && x <= 20.0 => {}
                Some(_) => complain(name, "Number must be greater than 0 and at most 20".into()),
                None => complain(name, "Expected number".into()),
            }
        } else if let Some(text) = value.as_str() {
            let units = text.encode_utf16().count();
            match name {
                "prompt" | "model" if units == 0 => {
                    complain(name, "String must contain at least 1 character(s)".into())
                }
                "prompt" | "negative_prompt" if units > MAX_PROMPT => {
                    complain(name, format!("String must contain at most {MAX_PROMPT} character(s)"));
                }
                "format" if !["jpeg", "png", "webp"].contains(&text) => {
                    complain(
                        name,
                        format!("Invalid enum value. Expected jpeg | png | webp, received '{text}'"),
                    );
                }
                "quality" if !["low", "medium", "high"].contains(&text) => {
                    complain(
                        name,
                        format!("Invalid enum value. Expected low | medium | high, received '{text}'"),
                    );
                }
                _ => {}
            }
        } else {
            complain(name, "Expected string".into());
        }
    }
    if errors.is_empty() {
        return Ok(raw.clone());
    }
    let first = errors.values().next().and_then(|v| v["_errors"][0].as_str()).unwrap_or("").to_owned();
    let mut f = Fail::invalid(errors);
    f.body["error"] = json!(format!("Invalid request parameters: {first}"));
    Err(f)
}

/// The generation model's rules applied, and the price of every variant.
fn plan(state: &State, fields: &Map<String, Value>) -> Result<(GeneratorRules, Plan), Fail> {
    let text = |k: &str| fields.get(k).and_then(Value::as_str);
    let id = text("model").unwrap_or_default();
    let rules = state.catalogue.generator(id).ok_or_else(|| {
        Fail::field(
            "model",
            format!("Invalid model {id:?}; list the generation models with GET /models?type=image"),
        )
    })?;
    check_rules(&rules, fields)?;
    let variants = fields.get("variants").and_then(Value::as_u64).unwrap_or(1);
    let price = rules.price(text("resolution"), text("quality")) * variants as f64;
    let model = Some((rules.id.clone(), rules.name.clone()));
    Ok((rules, Plan { rules: None, model, price, scale: None }))
}

/// `value` is one of `list`; a model without a list takes no value at all.
fn among(rules: &GeneratorRules, field: &str, value: Option<&str>, list: &[String]) -> Result<(), Fail> {
    match value {
        Some(v) if !list.iter().any(|x| x == v) => {
            let supported = if list.is_empty() { format!("no {field}") } else { list.join(", ") };
            Err(Fail::field(
                field,
                format!("{} does not support {field} {v}; it supports {supported}", rules.id),
            ))
        }
        _ => Ok(()),
    }
}

fn check_rules(rules: &GeneratorRules, fields: &Map<String, Value>) -> Result<(), Fail> {
    let text = |k: &str| fields.get(k).and_then(Value::as_str);
    for name in ["prompt", "negative_prompt"] {
        let units = text(name).map_or(0, |t| t.encode_utf16().count());
        if units > rules.prompt_limit {
            return Err(Fail::field(
                name,
                format!("{name} is {units} characters; {} allows at most {}", rules.id, rules.prompt_limit),
            ));
        }
    }
    for name in ["width", "height"] {
        if let Some(n) = fields.get(name).and_then(Value::as_u64)
            && n % u64::from(rules.divisor) != 0
        {
            return Err(Fail::field(
                name,
                format!("{name} {n} is not a multiple of {} for {}", rules.divisor, rules.id),
            ));
        }
    }
    among(rules, "aspect_ratio", text("aspect_ratio"), &rules.aspect_ratios)?;
    among(rules, "resolution", text("resolution"), &rules.resolutions)?;
    among(rules, "quality", text("quality"), &rules.qualities)?;
    if let (Some(steps), Some(max)) = (fields.get("steps").and_then(Value::as_u64), rules.max_steps)
        && steps > max
    {
        return Err(Fail::field("steps", format!("{} takes at most {max} steps, not {steps}", rules.id)));
    }
    if let Some(style) = text("style_preset")
        && !STYLES.contains(&style)
    {
        return Err(Fail::field(
            "style_preset",
            format!("Unknown style {style:?}; GET /image/styles lists them"),
        ));
    }
    let variants = fields.get("variants").and_then(Value::as_u64).unwrap_or(1);
    if variants > 1 && fields.get("return_binary").and_then(Value::as_bool) == Some(true) {
        return Err(Fail::field("variants", "return_binary answers with one image; ask for one variant"));
    }
    Ok(())
}

/// Every variant's picture and their format.
async fn draw(
    state: &State,
    rules: &GeneratorRules,
    fields: &Map<String, Value>,
) -> Result<(Vec<Bytes>, OutputFormat), Fail> {
    let text = |k: &str| fields.get(k).and_then(Value::as_str);
    let format = match text("format") {
        Some("jpeg") => OutputFormat::Jpeg,
        Some("png") => OutputFormat::Png,
        _ => OutputFormat::Webp,
    };
    let size = if rules.aspect_ratios.is_empty() {
        let side = |k: &str| {
            fields.get(k).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()).unwrap_or(1024)
        };
        (side("width"), side("height"))
    } else {
        let ratio = text("aspect_ratio").or(rules.default_aspect_ratio.as_deref()).unwrap_or("1:1");
        let tier = text("resolution").or(rules.default_resolution.as_deref()).unwrap_or("1K");
        imaging::output_size((1024, 1024), Some(ratio), tier, false)
    };
    let variants =
        fields.get("variants").and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()).unwrap_or(1);
    if !state.config.decode_pixels {
        return Ok(((0..variants).map(|_| imaging::synthetic(size, format, false)).collect(), format));
    }
    let prompt = text("prompt").unwrap_or_default().to_owned();
    let seed = fields.get("seed").and_then(Value::as_i64).unwrap_or(0);
    let work = move || (0..variants).map(|v| Bytes::from(drawn(&prompt, seed, v, size, format))).collect();
    match tokio::task::spawn_blocking(work).await {
        Ok(pictures) => Ok((pictures, format)),
        Err(_) => Err(Fail::new(500, "Inference processing failed")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MockConfig;

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    fn planned(v: Value) -> Result<f64, Fail> {
        let s = State::new(MockConfig::default()).unwrap();
        let f = typed(&fields(v))?;
        plan(&s, &f).map(|(_, p)| p.price)
    }

    #[test]
    fn model_and_prompt_are_required_and_types_checked() {
        let f = typed(&fields(json!({"width": "big", "variants": 5}))).unwrap_err();
        let d = &f.body["details"];
        assert_eq!(d["model"]["_errors"][0], "Required");
        assert_eq!(d["prompt"]["_errors"][0], "Required");
        assert_eq!(d["width"]["_errors"][0], "Expected integer");
        assert_eq!(d["variants"]["_errors"][0], "Number must be between 1 and 4");
    }

    #[test]
    fn the_models_rules_apply_and_variants_multiply_the_price() {
        let p = planned(json!({"model": "venice-sd35", "prompt": "x", "variants": 3})).unwrap();
        assert!((p - 0.03).abs() < 1e-9);
        let f = planned(json!({"model": "venice-sd35", "prompt": "x", "width": 1000})).unwrap_err();
        assert!(f.message().contains("not a multiple of 16"), "{}", f.message());
        let f = planned(json!({"model": "venice-sd35", "prompt": "x", "steps": 31})).unwrap_err();
        assert!(f.message().contains("at most 30 steps"));
        let f = planned(json!({"model": "venice-sd35", "prompt": "x", "aspect_ratio": "1:1"})).unwrap_err();
        assert!(f.message().ends_with("it supports no aspect_ratio"), "{}", f.message());
        let f = planned(json!({"model": "firered-image-edit", "prompt": "x"})).unwrap_err();
        assert!(f.message().contains("GET /models?type=image"));
        let p = planned(json!({"model": "gpt-image-2", "prompt": "x", "resolution": "2K", "quality": "low"}))
            .unwrap();
        assert!(p > 0.0);
        let f = planned(json!({"model": "venice-sd35", "prompt": "x", "style_preset": "Nope"})).unwrap_err();
        assert!(f.message().contains("GET /image/styles"));
        let f = planned(json!({"model": "venice-sd35", "prompt": "x", "variants": 2, "return_binary": true}))
            .unwrap_err();
        assert!(f.body["details"]["variants"].is_object());
    }
}
