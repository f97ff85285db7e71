//! The field rules every request object follows before its images or its
//! model are looked at: closed objects (an unknown field is a 400 naming
//! it), the type of each field, and the bounds that do not depend on the
//! model (prompt length, enums, URL shape).

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::body::Parsed;
use super::op::Op;
use super::upscale;
use crate::http::Fail;

/// Longest prompt the schema allows, in UTF-16 code units.
const MAX_PROMPT: usize = 32768;

const ASPECT_RATIOS: [&str; 9] = ["auto", "1:1", "3:2", "16:9", "21:9", "9:16", "2:3", "3:4", "4:5"];
const OUTPUT_FORMATS: [&str; 4] = ["jpeg", "jpg", "png", "webp"];
const QUALITIES: [&str; 3] = ["low", "medium", "high"];
const BOOLEANS: [&str; 3] = ["safe_mode", "enhance_prompt", "disable_prompt_optimization_thinking"];
const NUMBERS: [&str; 2] = ["scale", "creativity"];
/// Number fields that may be null (meaning: the default).
const NULLABLE: [&str; 1] = ["creativity"];

/// The fields of a generation request.
pub(super) const GENERATE: [&str; 20] = [
    "model",
    "prompt",
    "negative_prompt",
    "width",
    "height",
    "aspect_ratio",
    "resolution",
    "quality",
    "variants",
    "seed",
    "steps",
    "cfg_scale",
    "style_preset",
    "format",
    "safe_mode",
    "hide_watermark",
    "embed_exif_metadata",
    "enhance_prompt",
    "return_binary",
    "lora_strength",
];

/// The fields `op`'s request object has, image fields included.
fn allowed(op: Op) -> &'static [&'static str] {
    match op {
        Op::Edit => &[
            "image",
            "prompt",
            "model",
            "modelId",
            "aspect_ratio",
            "resolution",
            "output_format",
            "safe_mode",
            "enhance_prompt",
            "disable_prompt_optimization_thinking",
        ],
        Op::MultiEdit => &[
            "images",
            "prompt",
            "modelId",
            "aspect_ratio",
            "resolution",
            "output_format",
            "quality",
            "safe_mode",
            "enhance_prompt",
            "disable_prompt_optimization_thinking",
        ],
        Op::BackgroundRemove => &["image", "image_url"],
        Op::Upscale => &["image", "scale", "creativity"],
        Op::Generate => &GENERATE,
    }
}

/// Closed objects: a field the operation does not have is a 400 naming it
/// (every unknown field, sorted, in one message).
pub(super) fn check_fields(op: Op, parsed: &Parsed) -> Result<(), Fail> {
    let allowed = allowed(op);
    let names = parsed.fields.keys().map(String::as_str).chain(parsed.images.iter().map(|(n, _)| n.as_str()));
    let unknown: Vec<String> = names
        .filter(|n| !allowed.contains(n))
        .map(|n| format!("'{n}'"))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let message = format!("Unrecognized key(s) in object: {}", unknown.join(", "));
    let mut f = Fail::invalid(Map::from_iter([("_errors".to_owned(), json!([message.clone()]))]));
    f.body["error"] = json!(message);
    Err(f)
}

/// Field types and general bounds; multipart text becomes typed values.
/// Every field in error is reported in `details`; `error` names the first.
pub(super) fn typed_fields(parsed: &Parsed) -> Result<Map<String, Value>, Fail> {
    let mut out = Map::new();
    let mut errors = Map::new();
    let mut complain = |field: &str, msg: String| {
        errors.insert(field.to_owned(), json!({ "_errors": [msg] }));
    };
    for (name, value) in &parsed.fields {
        if NUMBERS.contains(&name.as_str()) {
            match number(name, value, parsed.multipart) {
                Ok(n) => {
                    out.insert(name.clone(), n);
                }
                Err(msg) => complain(name, msg),
            }
            continue;
        }
        let is_bool = BOOLEANS.contains(&name.as_str());
        let typed = match (is_bool, value) {
            (true, Value::Bool(b)) => Value::Bool(*b),
            (true, Value::String(s)) if parsed.multipart && (s == "true" || s == "false") => {
                Value::Bool(s == "true")
            }
            (true, _) => {
                complain(name, "Expected boolean".into());
                continue;
            }
            (false, Value::String(s)) => Value::String(s.clone()),
            (false, _) => {
                complain(name, "Expected string".into());
                continue;
            }
        };
        let text = typed.as_str().unwrap_or("");
        let units = text.encode_utf16().count();
        match name.as_str() {
            "prompt" if units == 0 => complain(name, "String must contain at least 1 character(s)".into()),
            "prompt" if units > MAX_PROMPT => {
                complain(name, format!("String must contain at most {MAX_PROMPT} character(s)"));
            }
            "model" | "modelId" if units == 0 => {
                complain(name, "String must contain at least 1 character(s)".into())
            }
            "resolution" if !(1..=10).contains(&units) => {
                complain(name, "String must contain between 1 and 10 character(s)".into());
            }
            "aspect_ratio" if !ASPECT_RATIOS.contains(&text) => complain(
                name,
                format!("Invalid enum value. Expected {}, received '{text}'", ASPECT_RATIOS.join(" | ")),
            ),
            "output_format" if !OUTPUT_FORMATS.contains(&text) => {
                complain(name, format!("Invalid enum value. Expected jpeg | png | webp, received '{text}'"));
            }
            "quality" if !QUALITIES.contains(&text) => {
                complain(
                    name,
                    format!("Invalid enum value. Expected low | medium | high, received '{text}'"),
                );
            }
            "image_url" if !(text.starts_with("http://") || text.starts_with("https://")) => {
                complain(name, "Invalid url".into());
            }
            _ => {}
        }
        out.insert(name.clone(), typed);
    }
    if !errors.is_empty() {
        let first = errors.values().next().and_then(|v| v["_errors"][0].as_str()).unwrap_or("").to_owned();
        let mut f = Fail::invalid(errors);
        f.body["error"] = json!(format!("Invalid request parameters: {first}"));
        return Err(f);
    }
    Ok(out)
}

/// A number field: a JSON number, or multipart text that reads as one;
/// null where the field allows it. The error is the message for `details`.
fn number(name: &str, value: &Value, multipart: bool) -> Result<Value, String> {
    let n = match value {
        Value::Null if NULLABLE.contains(&name) => return Ok(Value::Null),
        Value::Number(n) => n.as_f64(),
        Value::String(s) if multipart => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    };
    let Some(n) = n else { return Err("Expected number".into()) };
    if name == "scale" && !upscale::valid_scale(n) {
        return Err(format!("Invalid scale {n}: the scale must be 2 or 4"));
    }
    serde_json::Number::from_f64(n).map(Value::Number).ok_or_else(|| "Expected number".into())
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::api::body::ImageInput;

    fn parsed(fields: Value, multipart: bool) -> Parsed {
        Parsed {
            fields: fields.as_object().cloned().unwrap_or_default(),
            images: vec![("image".into(), ImageInput::Text(Bytes::from_static(b"QUJD")))],
            multipart,
        }
    }

    #[test]
    fn unknown_fields_are_named_together_and_sorted() {
        let p = parsed(json!({"prompt": "x", "zeta": 1, "alpha": 2}), false);
        let f = check_fields(Op::Edit, &p).unwrap_err();
        assert_eq!(f.status.as_u16(), 400);
        assert_eq!(f.message(), "Unrecognized key(s) in object: 'alpha', 'zeta'");
        assert_eq!(f.body["details"]["_errors"][0], f.message());
    }

    #[test]
    fn each_operation_has_its_own_object() {
        let model = parsed(json!({"prompt": "x", "model": "m"}), false);
        assert!(check_fields(Op::Edit, &model).is_ok());
        let f = check_fields(Op::BackgroundRemove, &model).unwrap_err();
        assert_eq!(f.message(), "Unrecognized key(s) in object: 'model', 'prompt'");
        let mut multi = parsed(json!({"prompt": "x", "quality": "low"}), false);
        assert!(check_fields(Op::Edit, &multi).is_err(), "edit has no quality");
        multi.images[0].0 = "images".into();
        assert!(check_fields(Op::MultiEdit, &multi).is_ok());
        let upscale = parsed(json!({"scale": 2, "creativity": 0.01}), false);
        assert!(check_fields(Op::Upscale, &upscale).is_ok());
        let f = check_fields(Op::Upscale, &parsed(json!({"scale": 2, "prompt": "x"}), false)).unwrap_err();
        assert_eq!(f.message(), "Unrecognized key(s) in object: 'prompt'");
    }

    #[test]
    fn booleans_take_json_booleans_or_multipart_text() {
        let out = typed_fields(&parsed(json!({"safe_mode": "false"}), true)).unwrap();
        assert_eq!(out["safe_mode"], json!(false));
        let f = typed_fields(&parsed(json!({"safe_mode": "false"}), false)).unwrap_err();
        assert_eq!(f.body["details"]["safe_mode"]["_errors"][0], "Expected boolean");
        let f = typed_fields(&parsed(json!({"safe_mode": "yes"}), true)).unwrap_err();
        assert_eq!(f.message(), "Invalid request parameters: Expected boolean");
    }

    #[test]
    fn text_fields_must_be_strings_within_their_bounds() {
        let f = typed_fields(&parsed(json!({"prompt": 5}), false)).unwrap_err();
        assert_eq!(f.body["details"]["prompt"]["_errors"][0], "Expected string");
        let f = typed_fields(&parsed(json!({"prompt": ""}), false)).unwrap_err();
        assert_eq!(f.body["details"]["prompt"]["_errors"][0], "String must contain at least 1 character(s)");
        // 16385 emoji are 32770 UTF-16 units.
        let f = typed_fields(&parsed(json!({"prompt": "🌅".repeat(16385)}), false)).unwrap_err();
        assert_eq!(
            f.body["details"]["prompt"]["_errors"][0],
            "String must contain at most 32768 character(s)"
        );
        assert!(typed_fields(&parsed(json!({"prompt": "🌅".repeat(16384)}), false)).is_ok());
        let f = typed_fields(&parsed(json!({"resolution": "12345678901"}), false)).unwrap_err();
        assert!(f.body["details"]["resolution"].is_object());
    }

    #[test]
    fn numbers_take_json_numbers_or_multipart_text_and_scale_is_2_or_4() {
        let out = typed_fields(&parsed(json!({"scale": 4, "creativity": 0.5}), false)).unwrap();
        assert_eq!((out["scale"].as_f64(), out["creativity"].as_f64()), (Some(4.0), Some(0.5)));
        let out = typed_fields(&parsed(json!({"scale": "2", "creativity": "0.015"}), true)).unwrap();
        assert_eq!((out["scale"].as_f64(), out["creativity"].as_f64()), (Some(2.0), Some(0.015)));
        assert_eq!(
            typed_fields(&parsed(json!({"creativity": null}), false)).unwrap()["creativity"],
            Value::Null
        );

        let f = typed_fields(&parsed(json!({"scale": "4"}), false)).unwrap_err();
        assert_eq!(f.body["details"]["scale"]["_errors"][0], "Expected number", "JSON text is not a number");
        let f = typed_fields(&parsed(json!({"scale": null}), false)).unwrap_err();
        assert_eq!(f.body["details"]["scale"]["_errors"][0], "Expected number");
        let f = typed_fields(&parsed(json!({"creativity": "lots"}), true)).unwrap_err();
        assert_eq!(f.body["details"]["creativity"]["_errors"][0], "Expected number");
        for bad in [json!(3), json!(8), json!(1.5)] {
            let f = typed_fields(&parsed(json!({"scale": bad}), false)).unwrap_err();
            assert!(f.message().ends_with("the scale must be 2 or 4"), "{}", f.message());
        }
    }

    #[test]
    fn enums_and_urls_are_checked_and_every_error_is_reported() {
        let f = typed_fields(&parsed(
            json!({"aspect_ratio": "5:1", "output_format": "gif", "quality": "best", "image_url": "ftp://x"}),
            false,
        ))
        .unwrap_err();
        let details = &f.body["details"];
        assert!(details["aspect_ratio"]["_errors"][0].as_str().unwrap().ends_with("received '5:1'"));
        assert!(details["output_format"]["_errors"][0].as_str().unwrap().ends_with("received 'gif'"));
        assert!(details["quality"]["_errors"][0].as_str().unwrap().ends_with("received 'best'"));
        assert_eq!(details["image_url"]["_errors"][0], "Invalid url");
        let ok = typed_fields(&parsed(json!({"aspect_ratio": "16:9", "output_format": "jpg"}), false));
        assert_eq!(ok.unwrap().len(), 2);
    }
}
