//! Preparing a call: every check that can be made locally, then a body in
//! the chosen encoding. Nothing is sent here (the free, key-less model list
//! may be fetched to check the model's rules, while the images are read).
//!
//! The generated wire types of `venice-raw` are the source of truth for
//! field names and bounds: each request fills one, with an empty placeholder
//! where the image goes, and its fields become the body's fields. The
//! placeholder is dropped and the image itself is streamed into the body by
//! `encode` (progenitor's types hold a whole string; a 25 MB file must not
//! become one). Only when every input is a URL is the wire type serialised
//! as it is.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};
use venice_raw::types;

use crate::client::Client;
use crate::error::{Error, InvalidInput, Rule};
use crate::limits::{DEFAULT_MODEL, MAX_JSON_BYTES};
use crate::picture::fit::FitReport;
use crate::request::call::{Body, Operation, PreparedCall};
use crate::request::encode::{ArrayItem, JsonBody, MultipartBody};
use crate::request::options::{EditOptions, Encoding, UploadOptions};
use crate::request::source::{self, Checked, CheckedImage, ImageSource};
use crate::request::types::{EditRequest, MultiEditRequest, RemoveBackgroundRequest};
use crate::request::validate;
use crate::support::human::megabytes;

/// Where a request's images go.
#[derive(Clone, Copy)]
pub(crate) enum ImageField {
    /// One image in this field, after the other fields.
    One(&'static str),
    /// An array of images in this field, before the other fields.
    Many(&'static str),
}

impl Client {
    /// Validates an edit and builds its body, sending nothing.
    pub async fn prepare_edit(&self, req: EditRequest) -> Result<PreparedCall, Error> {
        let EditRequest { image, prompt, options, upload } = req;
        // The image first: a bad input costs no request at all, not even
        // the catalogue's (which a warm cache answers without one anyway).
        let (images, fitted) = check_images(Operation::Edit, vec![("image".into(), image)], upload).await?;
        let model = self.checked_model(&prompt, &options, None, 1).await?;
        let wire = types::EditRequest {
            image: url_or_placeholder(&images[0]),
            prompt: prompt.try_into().map_err(|e| conversion("prompt", e))?,
            model: wire("model", &options.model)?,
            model_id: None,
            aspect_ratio: options.aspect_ratio.map(Into::into),
            resolution: wire("resolution", &options.resolution)?,
            output_format: options.output_format.map(Into::into),
            safe_mode: options.safe_mode,
            enhance_prompt: options.enhance_prompt,
            disable_prompt_optimization_thinking: options.disable_prompt_optimization_thinking,
        };
        let fields = wire_fields(&wire, "image");
        let body = body(upload, &fields, &images, ImageField::One("image"), || serde_json::to_vec(&wire))?;
        let cost = model.as_ref().map(|m| m.edit_cost(&options, None, 1));
        Ok(call(Operation::Edit, Built { body, images, fields, fitted }, &options, cost))
    }

    /// Validates a multi-edit and builds its body, sending nothing.
    pub async fn prepare_multi_edit(&self, req: MultiEditRequest) -> Result<PreparedCall, Error> {
        let MultiEditRequest { images, prompt, quality, options, upload } = req;
        if images.is_empty() {
            return Err(InvalidInput::new("images", Rule::Required, "give at least the base image").into());
        }
        let count = images.len();
        let sources = images.into_iter().enumerate().map(|(i, s)| (format!("images[{i}]"), s)).collect();
        let (images, fitted) = check_images(Operation::MultiEdit, sources, upload).await?;
        let model = self.checked_model(&prompt, &options, quality, count).await?;
        let wire = types::MultiEditRequest {
            images: images.iter().map(url_or_placeholder).collect(),
            prompt: prompt.try_into().map_err(|e| conversion("prompt", e))?,
            model_id: wire("model", &options.model)?,
            aspect_ratio: options.aspect_ratio.map(Into::into),
            resolution: wire("resolution", &options.resolution)?,
            output_format: options.output_format.map(Into::into),
            quality: quality.map(Into::into),
            safe_mode: options.safe_mode,
            enhance_prompt: options.enhance_prompt,
            disable_prompt_optimization_thinking: options.disable_prompt_optimization_thinking,
        };
        let fields = wire_fields(&wire, "images");
        let body = body(upload, &fields, &images, ImageField::Many("images"), || serde_json::to_vec(&wire))?;
        let cost = model.as_ref().map(|m| m.edit_cost(&options, quality, count as u32));
        Ok(call(Operation::MultiEdit, Built { body, images, fields, fitted }, &options, cost))
    }

    /// Validates a background removal and builds its body, sending nothing.
    pub async fn prepare_remove_background(
        &self,
        req: RemoveBackgroundRequest,
    ) -> Result<PreparedCall, Error> {
        // The remover's price (when it must be fetched) while the image is read.
        let (remover, checked) = futures_util::future::join(
            self.remover_for_pricing(),
            check_images(Operation::BackgroundRemove, vec![("image".into(), req.image)], req.upload),
        )
        .await;
        let (images, fitted) = checked?;
        // A URL goes in its own field, `image_url`.
        let wire = types::BackgroundRemoveRequest {
            image: None,
            image_url: match &images[0].kind {
                Checked::Url(u) => Some(u.clone()),
                Checked::Local { .. } => None,
            },
        };
        let fields = Map::new();
        let body =
            body(req.upload, &fields, &images, ImageField::One("image"), || serde_json::to_vec(&wire))?;
        Ok(PreparedCall {
            operation: Operation::BackgroundRemove,
            body,
            images,
            fields,
            model: None,
            cost: remover.and_then(|r| r.cost()),
            fitted,
            upscale: None,
            generation: None,
        })
    }

    /// The general text checks, then the model's own rules when the
    /// catalogue is at hand; the model, when known.
    async fn checked_model(
        &self,
        prompt: &str,
        options: &EditOptions,
        quality: Option<crate::request::options::Quality>,
        images: usize,
    ) -> Result<Option<crate::request::catalogue::EditModel>, Error> {
        validate::prompt(prompt, None)?;
        validate::resolution_text(options)?;
        let model = self.resolve_model(options.model.as_deref()).await?;
        if let Some(m) = &model {
            validate::prompt(prompt, Some(m))?;
            validate::model_options(m, options, quality, images)?;
        }
        Ok(model)
    }
}

/// An edit's or a multi-edit's call: its body and checked images (with
/// what fitting did), its fields as the plan shows them.
struct Built {
    body: Body,
    images: Vec<CheckedImage>,
    fields: Map<String, Value>,
    fitted: Vec<FitReport>,
}

fn call(
    operation: Operation,
    built: Built,
    options: &EditOptions,
    cost: Option<crate::request::catalogue::Cost>,
) -> PreparedCall {
    let Built { body, images, fields, fitted } = built;
    let model = Some(options.model.clone().unwrap_or_else(|| DEFAULT_MODEL.into()));
    PreparedCall { operation, body, images, fields, model, cost, fitted, upscale: None, generation: None }
}

/// Checks every image on a blocking thread (headers are read from disk),
/// removing metadata from what is sent unless `upload` keeps it. An image
/// with too few pixels is told what to do for `operation`.
pub(crate) async fn check_images(
    operation: Operation,
    sources: Vec<(String, ImageSource)>,
    upload: crate::request::options::UploadOptions,
) -> Result<(Vec<CheckedImage>, Vec<FitReport>), InvalidInput> {
    let checked = tokio::task::spawn_blocking(move || {
        let mut images = Vec::new();
        let mut fitted = Vec::new();
        for (field, src) in sources {
            let (image, report) =
                source::check(&field, src, upload).map_err(|e| too_small_advice(operation, e))?;
            images.push(image);
            fitted.extend(report);
        }
        Ok::<_, InvalidInput>((images, fitted))
    })
    .await;
    checked.unwrap_or_else(|e| {
        Err(InvalidInput::new("image", Rule::Unreadable, format!("checking failed: {e}")))
    })
}

/// What to do about an image with too few pixels: upscale it first, except
/// when upscaling is what was asked (the upscaler has the same minimum).
fn too_small_advice(operation: Operation, mut e: InvalidInput) -> InvalidInput {
    if e.rule == Rule::TooFewPixels {
        e.message.push_str(match operation {
            Operation::Upscale => {
                ": the upscaler takes nothing smaller; enlarge it to 256x256 or more with an image editor"
            }
            _ => ": upscale it first",
        });
    }
    e
}

/// The URL, or the placeholder for an image that is streamed.
fn url_or_placeholder(image: &CheckedImage) -> String {
    match &image.kind {
        Checked::Url(u) => u.clone(),
        Checked::Local { .. } => String::new(),
    }
}

/// Every field of a wire type except the image field.
pub(crate) fn wire_fields<T: Serialize>(wire: &T, image_field: &str) -> Map<String, Value> {
    let mut map = match serde_json::to_value(wire) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    map.remove(image_field);
    map
}

fn conversion(field: &str, e: impl fmt::Display) -> InvalidInput {
    InvalidInput::new(field, Rule::Empty, format!("{field} is not valid: {e}"))
}

/// An optional text field as the generated type that checks its bounds.
fn wire<T>(field: &str, value: &Option<String>) -> Result<Option<T>, InvalidInput>
where
    T: TryFrom<String>,
    T::Error: fmt::Display,
{
    value.clone().map(T::try_from).transpose().map_err(|e| conversion(field, e))
}

fn choose_encoding(asked: Encoding, images: &[CheckedImage]) -> Result<Encoding, InvalidInput> {
    let url = images.iter().find(|i| matches!(i.kind, Checked::Url(_)));
    match (asked, url) {
        (Encoding::Auto, Some(_)) => Ok(Encoding::Json),
        (Encoding::Auto, None) => Ok(Encoding::Multipart),
        (Encoding::Multipart, Some(u)) => Err(InvalidInput::new(
            u.field.as_str(),
            Rule::Encoding,
            "a URL cannot go in a multipart body; use the JSON encoding (auto picks it)",
        )),
        (other, _) => Ok(other),
    }
}

/// The body in the chosen encoding: multipart (fields, then file parts),
/// JSON serialised whole when every input is a URL, else streamed JSON.
pub(crate) fn body(
    upload: UploadOptions,
    fields: &Map<String, Value>,
    images: &[CheckedImage],
    field: ImageField,
    serialized: impl FnOnce() -> Result<Vec<u8>, serde_json::Error>,
) -> Result<Body, Error> {
    let encoding = choose_encoding(upload.encoding, images)?;
    if encoding == Encoding::Multipart {
        let mut form = MultipartBody::new();
        for (k, v) in fields {
            match v {
                Value::String(s) => form.text(k, s),
                other => form.text(k, &other.to_string()),
            }
        }
        let name = match field {
            ImageField::One(n) | ImageField::Many(n) => n,
        };
        for image in images {
            if let Checked::Local { data, info, filename } = &image.kind {
                form.file(name, filename, info.format.mime(), data.clone());
            }
        }
        return Ok(Body::Multipart(form));
    }
    if images.iter().all(|i| matches!(i.kind, Checked::Url(_))) {
        return Ok(Body::Serialized(serialized()?.into()));
    }
    let mut json = JsonBody::new();
    match field {
        ImageField::One(name) => {
            for (k, v) in fields {
                json.value(k, v);
            }
            if let Some(Checked::Local { data, .. }) = images.first().map(|i| &i.kind) {
                json.base64(name, data.clone());
            }
        }
        ImageField::Many(name) => {
            let items = images
                .iter()
                .map(|i| match &i.kind {
                    Checked::Url(u) => ArrayItem::Text(u.clone()),
                    Checked::Local { data, .. } => ArrayItem::Base64(data.clone()),
                })
                .collect();
            json.string_array(name, items);
            for (k, v) in fields {
                json.value(k, v);
            }
        }
    }
    if json.len() > MAX_JSON_BYTES {
        return Err(InvalidInput::new(
            "image",
            Rule::Encoding,
            format!(
                "as JSON the body would be {}, over the service's 35 MB limit (base64 adds a third): use multipart",
                megabytes(json.len())
            ),
        )
        .into());
    }
    Ok(Body::Json(json))
}
