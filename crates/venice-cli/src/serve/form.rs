//! `POST /v1/images/edits`' multipart form, as OpenAI's reference and its
//! SDKs send it, read and checked field by field: `image` or `image[]`
//! (one or several files, each at most [`MAX_IMAGE_BYTES`]), `prompt`,
//! `model`, `n`, `size`, `quality`, `background`, `output_format`,
//! `output_compression`, `moderation`, `response_format`, `user`, and
//! `mask` (OpenAI's convention: transparent = edit); a field this
//! server does not know is refused by name. Every error names its field.
//!
//! `POST /v1/images/generations`' JSON body is read into the same fields
//! (text, numbers and booleans as text; no images) and checked by the same
//! rules, with `style` besides.

use std::collections::BTreeMap;

use axum::extract::Multipart;
use axum::extract::multipart::Field;
use bytes::{Bytes, BytesMut};
use sha2::{Digest, Sha256};
use venice_image::{OutputFormat, Quality};

use crate::serve::error::ApiError;

/// The largest image accepted, per file.
pub const MAX_IMAGE_BYTES: usize = 25 * 1024 * 1024;
/// The most images one request may carry (Venice's multi-edit takes fewer;
/// the model's own limit is checked when the call is prepared).
pub const MAX_IMAGES: usize = 16;
/// The longest text field.
const MAX_TEXT_BYTES: usize = 64 * 1024;

/// Fields OpenAI's API has that change nothing here, accepted at these values.
const IGNORED: &[(&str, &[&str])] =
    &[("input_fidelity", &["low", "high"]), ("stream", &["false"]), ("partial_images", &["0"])];

/// One uploaded image.
#[derive(Debug, Clone)]
pub struct Upload {
    pub data: Bytes,
    pub name: String,
    pub sha256: [u8; 32],
}

/// The form as received: the images and every text field.
#[derive(Debug, Default)]
pub struct Form {
    pub images: Vec<Upload>,
    /// OpenAI's `mask`: transparent where the image is to be edited.
    pub mask: Option<Upload>,
    pub fields: BTreeMap<String, String>,
}

/// The size asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Auto,
    Exact { width: u32, height: u32 },
}

/// How the images are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFormat {
    B64Json,
    Url,
}

/// The checked fields of an edit.
#[derive(Debug, Clone)]
pub struct EditParams {
    pub prompt: String,
    pub model: Option<String>,
    pub n: usize,
    pub size: Size,
    pub quality: Option<Quality>,
    pub output_format: Option<OutputFormat>,
    pub safe_mode: Option<bool>,
    pub response_format: ResponseFormat,
}

/// The checked fields of a generation: an edit's, and `style`.
#[derive(Debug, Clone)]
pub struct GenerateParams {
    pub base: EditParams,
    /// A Venice style preset; OpenAI's `vivid` and `natural` leave it unset.
    pub style: Option<String>,
}

/// The largest generation body.
pub const MAX_JSON_BYTES: usize = 256 * 1024;

/// Reads a generation's JSON body into fields.
pub fn from_json(body: &[u8]) -> Result<Form, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid("body", format!("the body is not JSON: {e}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(ApiError::invalid("body", "the body must be a JSON object"));
    };
    let mut form = Form::default();
    for (name, v) in map {
        let text = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => {
                return Err(ApiError::invalid(
                    &name,
                    format!("`{name}` must be text, a number or a boolean"),
                ));
            }
        };
        if text.len() > MAX_TEXT_BYTES {
            return Err(ApiError::invalid(&name, format!("`{name}` is over {} KB", MAX_TEXT_BYTES / 1024)));
        }
        form.fields.insert(name, text);
    }
    Ok(form)
}

/// Reads the whole form.
pub async fn read(mut multipart: Multipart) -> Result<Form, ApiError> {
    let mut form = Form::default();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "image" | "image[]" => {
                if form.images.len() >= MAX_IMAGES {
                    return Err(ApiError::invalid("image", format!("at most {MAX_IMAGES} images")));
                }
                form.images.push(read_image(field, form.images.len()).await?);
            }
            "mask" | "mask[]" => {
                if form.mask.is_some() {
                    return Err(ApiError::invalid("mask", "give one mask"));
                }
                form.mask = Some(read_image(field, 0).await?);
            }
            "" => return Err(ApiError::invalid("form", "a form field without a name")),
            _ => {
                let text = read_text(field, &name).await?;
                if form.fields.insert(name.clone(), text).is_some() {
                    return Err(ApiError::invalid(&name, format!("`{name}` is given twice")));
                }
            }
        }
    }
    Ok(form)
}

/// One image, hashed as its chunks arrive (the hash costs nothing on the
/// request's path while the next chunk is on its way) and joined once, at
/// its size, instead of being copied as a growing buffer doubles.
async fn read_image(mut field: Field<'_>, index: usize) -> Result<Upload, ApiError> {
    let name = field.file_name().map_or_else(|| format!("image-{}", index + 1), sanitize);
    let mut hash = Sha256::new();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut len = 0;
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if len + chunk.len() > MAX_IMAGE_BYTES {
            return Err(ApiError::body(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                format!("image {} is over {} MB", index + 1, MAX_IMAGE_BYTES / (1024 * 1024)),
            ));
        }
        hash.update(&chunk);
        len += chunk.len();
        chunks.push(chunk);
    }
    if len == 0 {
        return Err(ApiError::invalid("image", format!("image {} is empty", index + 1)));
    }
    let data = if chunks.len() == 1 {
        chunks.swap_remove(0)
    } else {
        let mut joined = BytesMut::with_capacity(len);
        for chunk in &chunks {
            joined.extend_from_slice(chunk);
        }
        joined.freeze()
    };
    Ok(Upload { sha256: hash.finalize().into(), data, name })
}

async fn read_text(mut field: Field<'_>, name: &str) -> Result<String, ApiError> {
    let mut data = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if data.len() + chunk.len() > MAX_TEXT_BYTES {
            return Err(ApiError::invalid(name, format!("`{name}` is over {} KB", MAX_TEXT_BYTES / 1024)));
        }
        data.extend_from_slice(&chunk);
    }
    String::from_utf8(data).map_err(|_| ApiError::invalid(name, format!("`{name}` is not UTF-8 text")))
}

/// A file name kept to safe characters (it names the upload, nothing on disk).
fn sanitize(name: &str) -> String {
    let kept: String =
        name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).take(64).collect();
    if kept.is_empty() { "image".into() } else { kept }
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    ApiError::body(e.status(), format!("the multipart form cannot be read: {}", e.body_text()))
}

impl Form {
    /// The checked fields of an edit; `model` as the client named it.
    pub fn params(&self) -> Result<EditParams, ApiError> {
        self.check_known(KNOWN)?;
        if self.images.is_empty() {
            return Err(ApiError::invalid("image", "no image: send one as `image` or several as `image[]`"));
        }
        self.common()
    }

    /// The checked fields of a generation.
    pub fn generation_params(&self) -> Result<GenerateParams, ApiError> {
        self.check_known(GENERATION_KNOWN)?;
        let base = self.common()?;
        let style = match self.get("style").map(str::trim) {
            None | Some("" | "vivid" | "natural") => None,
            Some(s) if s.len() > 128 => {
                return Err(ApiError::invalid("style", "`style` is at most 128 characters"));
            }
            Some(s) => Some(s.to_owned()),
        };
        Ok(GenerateParams { base, style })
    }

    /// Every field is one this route takes, and the ignored ones at values
    /// that change nothing.
    fn check_known(&self, known: &[&str]) -> Result<(), ApiError> {
        if let Some(unknown) = self.fields.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(ApiError::unsupported(unknown, format!("this server does not take `{unknown}`")));
        }
        for (field, allowed) in IGNORED {
            if let Some(v) = self.fields.get(*field)
                && !allowed.contains(&v.as_str())
            {
                return Err(ApiError::unsupported(
                    field,
                    format!("`{field}` may only be {}", allowed.join(" or ")),
                ));
            }
        }
        Ok(())
    }

    /// The fields edits and generations share.
    fn common(&self) -> Result<EditParams, ApiError> {
        let prompt = self.get("prompt").map(str::trim).filter(|p| !p.is_empty());
        let prompt = prompt.ok_or_else(|| ApiError::invalid("prompt", "`prompt` is required"))?.to_owned();
        check_choice(self.get("background"), "background", &["auto", "opaque"])?;
        check_number(self.get("output_compression"), "output_compression", 0, 100)?;
        if let Some(user) = self.get("user")
            && user.len() > 256
        {
            return Err(ApiError::invalid("user", "`user` is at most 256 characters"));
        }
        Ok(EditParams {
            prompt,
            model: self.get("model").map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned),
            n: check_number(self.get("n"), "n", 1, 4)?.unwrap_or(1) as usize,
            size: size(self.get("size"))?,
            quality: quality(self.get("quality"))?,
            output_format: output_format(self.get("output_format"))?,
            safe_mode: moderation(self.get("moderation"))?,
            response_format: response_format(self.get("response_format"))?,
        })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// The text fields this server takes.
const KNOWN: &[&str] = &[
    "prompt",
    "model",
    "n",
    "size",
    "quality",
    "background",
    "output_format",
    "output_compression",
    "moderation",
    "response_format",
    "user",
    "input_fidelity",
    "stream",
    "partial_images",
];

/// The fields a generation takes.
const GENERATION_KNOWN: &[&str] = &[
    "prompt",
    "model",
    "n",
    "size",
    "quality",
    "style",
    "background",
    "output_format",
    "output_compression",
    "moderation",
    "response_format",
    "user",
    "stream",
    "partial_images",
];

fn check_choice(value: Option<&str>, field: &str, allowed: &[&str]) -> Result<(), ApiError> {
    match value {
        Some(v) if !allowed.contains(&v) => {
            Err(ApiError::invalid(field, format!("`{field}` {v:?} is not one of {}", allowed.join(", "))))
        }
        _ => Ok(()),
    }
}

fn check_number(value: Option<&str>, field: &str, min: u32, max: u32) -> Result<Option<u32>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    match v.trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(ApiError::invalid(
            field,
            format!("`{field}` must be a whole number from {min} to {max} (got {v:?})"),
        )),
    }
}

fn size(value: Option<&str>) -> Result<Size, ApiError> {
    let v = match value {
        None | Some("auto") => return Ok(Size::Auto),
        Some(v) => v,
    };
    let parsed =
        v.split_once(['x', 'X']).and_then(|(w, h)| Some((w.parse::<u32>().ok()?, h.parse::<u32>().ok()?)));
    match parsed {
        Some((width, height)) if (1..=16384).contains(&width) && (1..=16384).contains(&height) => {
            Ok(Size::Exact { width, height })
        }
        _ => Err(ApiError::invalid(
            "size",
            format!("`size` must be auto or WIDTHxHEIGHT, e.g. 1536x1024 (got {v:?})"),
        )),
    }
}

fn quality(value: Option<&str>) -> Result<Option<Quality>, ApiError> {
    match value {
        None | Some("auto" | "standard") => Ok(None),
        Some("hd") => Ok(Some(Quality::High)),
        Some(v) => {
            v.parse().map(Some).map_err(|e| ApiError::invalid("quality", format!("`quality`: {e}, auto")))
        }
    }
}

fn output_format(value: Option<&str>) -> Result<Option<OutputFormat>, ApiError> {
    value
        .map(|v| v.parse().map_err(|e| ApiError::invalid("output_format", format!("`output_format`: {e}"))))
        .transpose()
}

fn moderation(value: Option<&str>) -> Result<Option<bool>, ApiError> {
    match value {
        None | Some("auto") => Ok(None),
        Some("low") => Ok(Some(false)),
        Some(v) => {
            Err(ApiError::invalid("moderation", format!("`moderation` {v:?} is not one of auto, low")))
        }
    }
}

fn response_format(value: Option<&str>) -> Result<ResponseFormat, ApiError> {
    match value {
        None | Some("b64_json") => Ok(ResponseFormat::B64Json),
        Some("url") => Ok(ResponseFormat::Url),
        Some(v) => Err(ApiError::invalid(
            "response_format",
            format!("`response_format` {v:?} is not one of b64_json, url"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(fields: &[(&str, &str)]) -> Form {
        let image = Upload { data: Bytes::from_static(b"x"), name: "a.png".into(), sha256: [0; 32] };
        Form {
            images: vec![image],
            mask: None,
            fields: fields.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect(),
        }
    }

    #[test]
    fn fields_are_read_into_their_types() {
        let p = form(&[
            ("prompt", "night"),
            ("n", "2"),
            ("size", "1536x1024"),
            ("output_format", "jpeg"),
            ("moderation", "low"),
            ("response_format", "url"),
        ])
        .params()
        .unwrap();
        assert_eq!((p.n, p.size), (2, Size::Exact { width: 1536, height: 1024 }));
        assert_eq!((p.output_format, p.safe_mode), (Some(OutputFormat::Jpeg), Some(false)));
        assert_eq!(p.response_format, ResponseFormat::Url);
    }

    #[test]
    fn every_refusal_names_its_field() {
        for (fields, param) in [
            (vec![("prompt", "x"), ("n", "5")], "n"),
            (vec![("prompt", "x"), ("size", "big")], "size"),
            (vec![("n", "1")], "prompt"),
            (vec![("prompt", "x"), ("background", "transparent")], "background"),
            (vec![("prompt", "x"), ("colour", "red")], "colour"),
            (vec![("prompt", "x"), ("stream", "true")], "stream"),
        ] {
            let e = form(&fields).params().unwrap_err();
            assert_eq!(e.param.as_deref(), Some(param), "{fields:?}: {}", e.message);
        }
    }

    #[test]
    fn a_generation_body_is_read_into_the_same_fields() {
        let body = br#"{"prompt": "a fox", "n": 2, "size": "1024x1024", "style": "vivid", "user": null}"#;
        let p = from_json(body).unwrap().generation_params().unwrap();
        assert_eq!((p.base.n, p.base.size, p.style), (2, Size::Exact { width: 1024, height: 1024 }, None));
        let p =
            from_json(br#"{"prompt": "a fox", "style": "Cinematic"}"#).unwrap().generation_params().unwrap();
        assert_eq!(p.style.as_deref(), Some("Cinematic"));
        for (body, param) in [
            (&br#"{"prompt": "x", "size": "huge"}"#[..], "size"),
            (br#"{"prompt": "x", "image": "a"}"#, "image"),
            (br#"{"prompt": ["x"]}"#, "prompt"),
            (br#"[1]"#, "body"),
        ] {
            let e = from_json(body).and_then(|f| f.generation_params()).unwrap_err();
            assert_eq!(e.param.as_deref(), Some(param), "{}", e.message);
        }
    }
}
