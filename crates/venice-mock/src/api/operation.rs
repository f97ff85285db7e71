//! The operation itself, once the request is well formed: the model's rules
//! from the catalogue and the price, the content policy (422), the balance
//! (402), then producing the image, charging for it and answering with the
//! service's success headers.

use bytes::Bytes;
use hyper::StatusCode;
use serde_json::{Map, Value};

use super::op::Op;
use crate::http::{Fail, Reply};
use crate::pixels::imaging::{self, ImageProblem, Inspected, OutputFormat};
use crate::state::State;
use crate::state::catalogue::{DEFAULT_MODEL, ModelRules};
use crate::wallet::{covers, wallet_short};

/// What a request will run on and cost.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Plan {
    /// The edit model's rules (none for the other operations).
    pub rules: Option<ModelRules>,
    /// The model's id and name, for the answer's headers (none for
    /// background removal, which has no model).
    pub model: Option<(String, String)>,
    /// The USD price charged on success.
    pub price: f64,
    /// For an upscale, the scale used.
    pub scale: Option<u32>,
}

/// Picks the model the request names (or the default), applies its rules
/// and prices the request.
pub(super) fn plan(state: &State, op: Op, fields: &Map<String, Value>, images: usize) -> Result<Plan, Fail> {
    if op == Op::BackgroundRemove {
        return Ok(Plan { rules: None, model: None, price: state.config.background_remove_usd, scale: None });
    }
    let model_field = if op == Op::Edit { "model" } else { "modelId" };
    let id = fields
        .get(model_field)
        .or_else(|| fields.get("modelId"))
        .and_then(Value::as_str)
        .unwrap_or(DEFAULT_MODEL)
        .to_owned();
    let rules = state.catalogue.get(&id).ok_or_else(|| {
        Fail::field(
            model_field,
            format!("Invalid model {id:?}; list the edit models with GET /models?type=inpaint"),
        )
    })?;
    let prompt = fields.get("prompt").and_then(Value::as_str).unwrap_or("");
    check_model_rules(&rules, fields, prompt, images)?;
    let resolution = fields.get("resolution").and_then(Value::as_str).unwrap_or(&rules.default_resolution);
    let price = rules.price(resolution, fields.get("quality").and_then(Value::as_str), images);
    let model = Some((rules.id.clone(), rules.name.clone()));
    Ok(Plan { rules: Some(rules), model, price, scale: None })
}

/// The model's own limits: prompt length, number of images, and the aspect
/// ratios, resolutions and qualities it supports.
fn check_model_rules(
    rules: &ModelRules,
    fields: &Map<String, Value>,
    prompt: &str,
    images: usize,
) -> Result<(), Fail> {
    let units = prompt.encode_utf16().count();
    if units > rules.prompt_limit {
        return Err(Fail::field(
            "prompt",
            format!("Prompt is {units} characters; {} allows at most {}", rules.id, rules.prompt_limit),
        ));
    }
    if images > rules.max_images {
        return Err(Fail::field(
            "images",
            format!("{images} images sent; {} takes at most {}", rules.id, rules.max_images),
        ));
    }
    let text = |k: &str| fields.get(k).and_then(Value::as_str);
    if let Some(ar) = text("aspect_ratio")
        && !rules.aspect_ratios.iter().any(|a| a == ar)
    {
        return Err(Fail::field(
            "aspect_ratio",
            format!(
                "{} does not support aspect ratio {ar}; it supports {}",
                rules.id,
                rules.aspect_ratios.join(", ")
            ),
        ));
    }
    if let Some(res) = text("resolution")
        && !rules.resolutions.iter().any(|r| r == res)
    {
        return Err(Fail::field(
            "resolution",
            format!(
                "{} does not support resolution {res}; it supports {}",
                rules.id,
                rules.resolutions.join(", ")
            ),
        ));
    }
    if let Some(q) = text("quality")
        && !rules.qualities.iter().any(|x| x == q)
    {
        let supported = if rules.qualities.is_empty() {
            "no quality setting".to_owned()
        } else {
            rules.qualities.join(", ")
        };
        return Err(Fail::field(
            "quality",
            format!("{} does not support quality {q}; it supports {supported}", rules.id),
        ));
    }
    Ok(())
}

/// A prompt containing a blocked word (in any case) is a 422 whose body
/// suggests the prompt without the words holding it (`suggested_prompt`,
/// as the service's `ContentViolationError` may).
pub(super) fn check_policy(state: &State, fields: &Map<String, Value>) -> Result<(), Fail> {
    let prompt = fields.get("prompt").and_then(Value::as_str).unwrap_or("");
    let lowered = prompt.to_lowercase();
    match state.config.blocked_words.iter().find(|w| lowered.contains(&w.to_lowercase())) {
        Some(word) => {
            let mut f =
                Fail::new(422, format!("Content policy violation: the prompt was refused ({word:?})"));
            let blocked = word.to_lowercase();
            let kept: Vec<&str> =
                prompt.split_whitespace().filter(|w| !w.to_lowercase().contains(&blocked)).collect();
            if !kept.is_empty() {
                f.body["suggested_prompt"] = Value::String(kept.join(" "));
            }
            Err(f)
        }
        None => Ok(()),
    }
}

/// What prompt enhancement makes of a prompt (the emulator's stand-in).
fn enhanced(prompt: &str) -> String {
    format!("{prompt}, rendered in rich detail with soft natural light")
}

/// URL-encodes `text` as the `x-venice-enhanced-prompt` header carries it.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn insufficient() -> Fail {
    Fail::new(402, "Insufficient USD or DIEM balance to complete request")
}

/// Who pays: the account's balance, or a signed-in wallet's.
pub(super) struct Payer<'a> {
    /// The wallet (`0x` + lower-case hex), for x402 callers.
    pub wallet: Option<&'a str>,
    /// The request's absolute URL, for a 402's `resource`.
    pub path: &'a str,
    /// The request's sequence number, for the wallet's transaction log.
    pub seq: u64,
}

/// The balance covers `price` (checked before the work, charged after); a
/// wallet also needs the service's minimum balance.
pub(super) fn check_balance(state: &State, payer: &Payer<'_>, price: f64) -> Result<(), Fail> {
    match payer.wallet {
        Some(w) if !covers(&state.ledger, w, price) => Err(wallet_short(&state.ledger, w, payer.path)),
        Some(_) => Ok(()),
        None if state.balance_usd() + 1e-9 < price => Err(insufficient()),
        None => Ok(()),
    }
}

/// What a request brought: its fields, its images and what was read of
/// each.
#[derive(Clone, Copy)]
pub(super) struct Brought<'a> {
    pub fields: &'a Map<String, Value>,
    pub images: &'a [(String, Bytes)],
    pub inspected: &'a [Inspected],
}

/// Does the work (after the configured latency), charges for it and
/// answers with the image and the success headers.
pub(super) async fn perform(
    state: &State,
    payer: &Payer<'_>,
    op: Op,
    plan: Plan,
    brought: Brought<'_>,
) -> Result<Reply, Fail> {
    let Brought { fields, images, inspected } = brought;
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }
    let (bytes, format) = produce(state, op, &plan, fields, images, inspected).await?;
    let remaining = charge(state, payer, &plan)?;
    let mut reply = Reply::raw(StatusCode::OK, format.mime(), bytes);
    success_headers(state, &mut reply, remaining, plan.model, fields);
    Ok(reply)
}

/// Charges `plan`'s price to the payer once the work is done: the balance
/// left for a wallet, `None` for the account.
pub(super) fn charge(state: &State, payer: &Payer<'_>, plan: &Plan) -> Result<Option<f64>, Fail> {
    let model_id = plan.model.as_ref().map(|(id, _)| id.clone());
    match payer.wallet {
        Some(w) => {
            let id = format!("{:016x}-MOCK", payer.seq);
            match state.ledger.charge(w, plan.price, &id, model_id.as_deref()) {
                Some(left) => Ok(Some(left)),
                None => Err(wallet_short(&state.ledger, w, payer.path)),
            }
        }
        None if !state.charge(plan.price) => Err(insufficient()),
        None => Ok(None),
    }
}

/// The service's success headers: content violation, the enhanced prompt,
/// the balance left, the model and its deprecation.
pub(super) fn success_headers(
    state: &State,
    reply: &mut Reply,
    remaining: Option<f64>,
    model: Option<(String, String)>,
    fields: &Map<String, Value>,
) {
    reply.headers.push(("x-venice-is-content-violation", "false".into()));
    if fields.get("enhance_prompt").and_then(Value::as_bool) == Some(true)
        && let Some(prompt) = fields.get("prompt").and_then(Value::as_str)
    {
        reply.headers.push(("x-venice-enhanced-prompt", percent_encode(&enhanced(prompt))));
    }
    if let Some(left) = remaining {
        reply.headers.push(("x-balance-remaining", format!("{left:.6}")));
    } else {
        let balance = state.balance_usd();
        reply.headers.push(("x-venice-balance-usd", format!("{balance:.4}")));
        reply.headers.push(("x-venice-balance-diem", format!("{balance:.4}")));
    }
    if let Some((id, name)) = model {
        let deprecation = state.config.deprecated.get(&id);
        reply.headers.push(("x-venice-model-id", id));
        reply.headers.push(("x-venice-model-name", name));
        if let Some(d) = deprecation {
            reply.headers.push(("x-venice-model-deprecation-warning", d.warning.clone()));
            reply.headers.push(("x-venice-model-deprecation-date", d.date.clone()));
            reply.headers.push(("x-venice-deprecated", "true".into()));
            if let Some(r) = &d.replacement {
                reply.headers.push(("x-venice-deprecated-replacement", r.clone()));
            }
        }
    }
}

/// The output image: for an edit, its size and format from the model's
/// tier, the asked ratio and format; for an upscale, the input's size times
/// the scale used, as PNG; its pixels from the inputs (or synthetic, when
/// the emulator is set not to decode).
async fn produce(
    state: &State,
    op: Op,
    plan: &Plan,
    fields: &Map<String, Value>,
    images: &[(String, Bytes)],
    inspected: &[Inspected],
) -> Result<(Bytes, OutputFormat), Fail> {
    let first = inspected.first().map_or((1024, 1024), |i| (i.width, i.height));
    let text = |k: &str| fields.get(k).and_then(Value::as_str).map(str::to_owned);
    let (size, format) = match (op, &plan.rules) {
        (Op::Upscale, _) => {
            let scale = plan.scale.unwrap_or(2);
            ((first.0.saturating_mul(scale), first.1.saturating_mul(scale)), OutputFormat::Png)
        }
        (Op::BackgroundRemove, _) | (_, None) => (first, OutputFormat::Png),
        (_, Some(rules)) => {
            let tier = text("resolution").unwrap_or_else(|| rules.default_resolution.clone());
            let keep_shape = op == Op::Edit && !rules.single_image_aspect_ratio;
            let size = imaging::output_size(first, text("aspect_ratio").as_deref(), &tier, keep_shape);
            let format = match text("output_format").as_deref() {
                Some("jpeg" | "jpg") => OutputFormat::Jpeg,
                Some("webp") => OutputFormat::Webp,
                Some(_) => OutputFormat::Png,
                None if tier == "1K" => OutputFormat::Png,
                None => OutputFormat::Jpeg,
            };
            (size, format)
        }
    };
    let inputs: Vec<Bytes> = images.iter().map(|(_, b)| b.clone()).collect();
    if !state.config.decode_pixels {
        return Ok((imaging::synthetic(size, format, op == Op::BackgroundRemove), format));
    }
    let work = move || -> Result<Vec<u8>, ImageProblem> {
        let first = inputs.first().ok_or(ImageProblem::Empty)?;
        match op {
            Op::Edit => imaging::edit(first, size, format),
            Op::MultiEdit => {
                imaging::composite(&inputs.iter().map(|b| &b[..]).collect::<Vec<_>>(), size, format)
            }
            Op::BackgroundRemove => imaging::remove_background(first),
            Op::Upscale => imaging::upscale(first, size),
            // Drawn by `generate`, which never comes here.
            Op::Generate => Err(ImageProblem::Empty),
        }
    };
    let field = images.first().map_or("image".to_owned(), |(f, _)| f.clone());
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(bytes)) => Ok((Bytes::from(bytes), format)),
        Ok(Err(problem)) => Err(Fail::image(&field, &problem)),
        Err(_) => Err(Fail::new(500, "Inference processing failed")),
    }
}

#[cfg(test)]
mod tests {
    use image::GenericImageView;
    use serde_json::json;

    use super::*;
    use crate::config::{Deprecation, MockConfig};
    use crate::pixels::fixtures;

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    const ACCOUNT: Payer<'static> = Payer { wallet: None, path: "/api/v1/image/edit", seq: 1 };

    fn state() -> State {
        State::new(MockConfig::default()).unwrap()
    }

    #[test]
    fn the_default_model_is_used_and_priced_when_none_is_named() {
        let p = plan(&state(), Op::Edit, &fields(json!({"prompt": "x"})), 1).unwrap();
        assert_eq!(p.rules.unwrap().id, DEFAULT_MODEL);
        assert!((p.price - 0.04).abs() < 1e-9);
        let p = plan(&state(), Op::BackgroundRemove, &Map::new(), 1).unwrap();
        assert_eq!((p.rules, p.price), (None, 0.03));
    }

    #[test]
    fn an_unknown_model_is_refused_in_the_field_the_operation_uses() {
        let f =
            plan(&state(), Op::Edit, &fields(json!({"prompt": "x", "model": "qwen-edit"})), 1).unwrap_err();
        assert!(f.body["details"]["model"]["_errors"][0].as_str().unwrap().contains("qwen-edit"));
        let f =
            plan(&state(), Op::MultiEdit, &fields(json!({"prompt": "x", "modelId": "nope"})), 1).unwrap_err();
        assert!(f.body["details"]["modelId"].is_object());
    }

    #[test]
    fn the_models_limits_apply() {
        let s = state();
        let f = plan(&s, Op::Edit, &fields(json!({"prompt": "a".repeat(1501)})), 1).unwrap_err();
        assert_eq!(f.message(), "Prompt is 1501 characters; firered-image-edit allows at most 1500");
        let f = plan(&s, Op::MultiEdit, &fields(json!({"prompt": "x"})), 4).unwrap_err();
        assert_eq!(f.message(), "4 images sent; firered-image-edit takes at most 3");
        let gpt = |extra: Value| {
            let mut f = fields(json!({"prompt": "x", "modelId": "gpt-image-2-edit"}));
            f.extend(fields(extra));
            plan(&s, Op::MultiEdit, &f, 1)
        };
        assert!(gpt(json!({"aspect_ratio": "auto"})).unwrap_err().message().contains("aspect ratio auto"));
        assert!(gpt(json!({"resolution": "8K"})).unwrap_err().message().contains("resolution 8K"));
        let p = gpt(json!({"resolution": "2K", "quality": "low"})).unwrap();
        assert!((p.price - 0.03).abs() < 1e-9);
        let f = plan(&s, Op::MultiEdit, &fields(json!({"prompt": "x", "quality": "low"})), 1).unwrap_err();
        assert!(f.message().ends_with("it supports no quality setting"), "{}", f.message());
    }

    #[test]
    fn blocked_words_are_found_in_any_case() {
        let s = State::new(MockConfig::default().blocked_word("Kaboom")).unwrap();
        let f = check_policy(&s, &fields(json!({"prompt": "a KABOOM b"}))).unwrap_err();
        assert_eq!(f.status.as_u16(), 422);
        assert_eq!(f.body["suggested_prompt"], "a b", "the prompt without the blocked word");
        assert_eq!(percent_encode("a café, 50%"), "a%20caf%C3%A9%2C%2050%25");
        assert!(check_policy(&s, &fields(json!({"prompt": "calm"}))).is_ok());
    }

    #[test]
    fn a_price_over_the_balance_is_402() {
        let s = State::new(MockConfig::default().balance_usd(0.05)).unwrap();
        assert!(check_balance(&s, &ACCOUNT, 0.05).is_ok());
        let f = check_balance(&s, &ACCOUNT, 0.06).unwrap_err();
        assert_eq!(f.status.as_u16(), 402);
    }

    #[tokio::test]
    async fn performing_charges_and_answers_with_the_models_headers() {
        let s = State::new(MockConfig::default().deprecate(
            DEFAULT_MODEL,
            Deprecation { warning: "going".into(), date: "2027-01-01".into(), replacement: None },
        ))
        .unwrap();
        let f = fields(json!({"prompt": "x"}));
        let p = plan(&s, Op::Edit, &f, 1).unwrap();
        let images = [("image".to_owned(), Bytes::from(fixtures::png(400, 300)))];
        let inspected = [imaging::inspect(&images[0].1).unwrap()];
        let reply = perform(
            &s,
            &ACCOUNT,
            Op::Edit,
            p,
            Brought { fields: &f, images: &images, inspected: &inspected },
        )
        .await
        .unwrap();
        assert_eq!((reply.status, reply.content_type), (StatusCode::OK, "image/png"));
        let header = |n: &str| reply.headers.iter().find(|(k, _)| *k == n).map(|(_, v)| v.as_str());
        assert_eq!(header("x-venice-balance-usd"), Some("99.9600"));
        assert_eq!(header("x-venice-model-id"), Some(DEFAULT_MODEL));
        assert_eq!(header("x-venice-deprecated"), Some("true"));
        assert_eq!(header("x-venice-deprecated-replacement"), None);
        assert_eq!(image::load_from_memory(&reply.body).unwrap().dimensions(), (1024, 768));
        assert!((s.balance_usd() - 99.96).abs() < 1e-9);
    }

    #[tokio::test]
    async fn a_balance_spent_meanwhile_is_402_and_nothing_is_charged() {
        let s = State::new(MockConfig::default().balance_usd(0.01)).unwrap();
        let plan = Plan { rules: None, model: None, price: 0.02, scale: None };
        let images = [("image".to_owned(), Bytes::from(fixtures::png(300, 300)))];
        let inspected = [imaging::inspect(&images[0].1).unwrap()];
        let f = perform(
            &s,
            &ACCOUNT,
            Op::BackgroundRemove,
            plan,
            Brought { fields: &Map::new(), images: &images, inspected: &inspected },
        )
        .await
        .unwrap_err();
        assert_eq!(f.status.as_u16(), 402);
        assert!((s.balance_usd() - 0.01).abs() < 1e-9);
    }
}
