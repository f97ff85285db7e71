//! What a prepared call would send, for dry runs: the request line, headers
//! with credentials redacted, fields, images and the estimated cost.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::picture::fit::FitReport;
use crate::request::call::{Operation, PreparedCall};
use crate::request::catalogue::Cost;
use crate::request::options::Encoding;
use crate::request::source::Checked;
use crate::request::upscale::ScalePrediction;
use crate::support::human::megabytes;

/// One image of a [`Plan`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ImagePlan {
    /// The field it goes in.
    pub field: String,
    /// Where it comes from.
    pub origin: String,
    /// Its format (none for a URL).
    pub format: Option<String>,
    /// Width and height (none for a URL).
    pub dimensions: Option<(u32, u32)>,
    /// Its bytes (none for a URL).
    pub bytes: Option<u64>,
}

/// What a call would send, for dry runs. Credentials are redacted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Plan {
    /// The operation.
    pub operation: Operation,
    /// `POST`.
    pub method: &'static str,
    /// The full URL.
    pub url: String,
    /// Headers, credentials redacted.
    pub headers: Vec<(String, String)>,
    /// `multipart` or `json`.
    pub encoding: &'static str,
    /// Exact body length.
    pub content_length: u64,
    /// The non-image fields as they would be sent.
    pub fields: Map<String, Value>,
    /// The images.
    pub images: Vec<ImagePlan>,
    /// The model the price is for.
    pub model: Option<String>,
    /// Estimated price, when the catalogue knows it.
    pub estimated_cost: Option<Cost>,
    /// Images that were fitted.
    pub fitted: Vec<FitReport>,
    /// For an upscale: the asked and effective scales, the output's size,
    /// and why the scale was lowered (in JSON, these four fields at the top).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub upscale: Option<ScalePrediction>,
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, self.url)?;
        for (k, v) in &self.headers {
            writeln!(f, "  {k}: {v}")?;
        }
        writeln!(f, "  encoding: {} ({} bytes)", self.encoding, self.content_length)?;
        for (k, v) in &self.fields {
            match v {
                Value::String(s) => writeln!(f, "  {k} = {s:?}")?,
                other => writeln!(f, "  {k} = {other}")?,
            }
        }
        for i in &self.images {
            match (&i.format, i.dimensions, i.bytes) {
                (Some(fmt_), Some((w, h)), Some(b)) => writeln!(
                    f,
                    "  {} = {} ({fmt_}, {w}x{h}, {:.2} MP, {})",
                    i.field,
                    i.origin,
                    f64::from(w) * f64::from(h) / 1e6,
                    megabytes(b)
                )?,
                _ => writeln!(f, "  {} = {} (URL, fetched by the service)", i.field, i.origin)?,
            }
        }
        for r in &self.fitted {
            writeln!(f, "  {r}")?;
        }
        if let Some(u) = &self.upscale {
            writeln!(f, "  {u}")?;
        }
        match &self.estimated_cost {
            Some(c) => write!(f, "  estimated cost: {c}"),
            None => write!(f, "  estimated cost: unknown"),
        }
    }
}

impl Client {
    /// What `call` would send, credentials redacted.
    pub fn plan(&self, call: &PreparedCall) -> Plan {
        let mut headers = vec![
            ("Content-Type".to_owned(), call.body.content_type()),
            ("Content-Length".to_owned(), call.content_length().to_string()),
        ];
        headers.push(match self.credentials() {
            Some(c) => c.redacted(),
            None => ("Authorization".into(), "(none: no API key is set)".into()),
        });
        let images = call
            .images
            .iter()
            .map(|i| match &i.kind {
                Checked::Local { data, info, .. } => ImagePlan {
                    field: i.field.clone(),
                    origin: i.origin.clone(),
                    format: Some(info.format.to_string()),
                    dimensions: Some((info.width, info.height)),
                    bytes: Some(data.len()),
                },
                Checked::Url(u) => ImagePlan {
                    field: i.field.clone(),
                    origin: u.clone(),
                    format: None,
                    dimensions: None,
                    bytes: None,
                },
            })
            .collect();
        Plan {
            operation: call.operation,
            method: "POST",
            url: self.url(call.operation.path()),
            headers,
            encoding: match call.encoding() {
                Encoding::Multipart => "multipart",
                _ => "json",
            },
            content_length: call.content_length(),
            fields: call.fields.clone(),
            images,
            model: call.model.clone(),
            estimated_cost: call.cost.clone(),
            fitted: call.fitted.clone(),
            upscale: call.upscale.clone(),
        }
    }
}
