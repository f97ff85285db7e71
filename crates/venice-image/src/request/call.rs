//! A prepared call: the operation, its checked inputs and a body that can be
//! streamed again for every attempt.

use bytes::Bytes;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::picture::fit::FitReport;
use crate::request::catalogue::Cost;
use crate::request::encode::{JsonBody, MultipartBody};
use crate::request::options::Encoding;
use crate::request::source::CheckedImage;
use crate::request::upscale::ScalePrediction;

/// Which operation a prepared call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Operation {
    /// `POST /image/edit`.
    Edit,
    /// `POST /image/multi-edit`.
    MultiEdit,
    /// `POST /image/background-remove`.
    BackgroundRemove,
    /// `POST /image/upscale`.
    Upscale,
    /// `POST /image/generate`: no input image; the answer is JSON.
    Generate,
}

impl Operation {
    /// The path below the base URL.
    pub(crate) fn path(self) -> &'static str {
        match self {
            Self::Edit => "/image/edit",
            Self::MultiEdit => "/image/multi-edit",
            Self::BackgroundRemove => "/image/background-remove",
            Self::Upscale => "/image/upscale",
            Self::Generate => "/image/generate",
        }
    }
}

/// A request body. Every kind is sent by this crate's transport, never by
/// the generated client: progenitor's builders take a body they send once,
/// and these must stream from disk and be replayed for each retry.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// `multipart/form-data`, files streamed from disk.
    Multipart(MultipartBody),
    /// JSON whose images are base64-encoded chunk by chunk as it is sent.
    Json(JsonBody),
    /// JSON serialised whole from a generated wire type: the inputs are URLs,
    /// so there is nothing to stream.
    Serialized(Bytes),
}

impl Body {
    pub(crate) fn len(&self) -> u64 {
        match self {
            Self::Multipart(m) => m.len(),
            Self::Json(j) => j.len(),
            Self::Serialized(b) => b.len() as u64,
        }
    }

    pub(crate) fn content_type(&self) -> String {
        match self {
            Self::Multipart(m) => m.content_type(),
            Self::Json(_) | Self::Serialized(_) => "application/json".into(),
        }
    }

    /// A fresh body for one attempt (files are opened again).
    pub(crate) fn to_reqwest(&self) -> reqwest::Body {
        match self {
            Self::Multipart(m) => reqwest::Body::wrap_stream(m.stream()),
            Self::Json(j) => reqwest::Body::wrap_stream(j.stream()),
            Self::Serialized(b) => reqwest::Body::from(b.clone()),
        }
    }

    fn encoding(&self) -> Encoding {
        match self {
            Self::Multipart(_) => Encoding::Multipart,
            Self::Json(_) | Self::Serialized(_) => Encoding::Json,
        }
    }
}

/// A validated call, ready to send (and to send again: each send streams a
/// fresh body and each success is charged).
#[derive(Debug, Clone)]
pub struct PreparedCall {
    pub(crate) operation: Operation,
    pub(crate) body: Body,
    pub(crate) images: Vec<CheckedImage>,
    pub(crate) fields: Map<String, Value>,
    pub(crate) model: Option<String>,
    pub(crate) cost: Option<Cost>,
    pub(crate) fitted: Vec<FitReport>,
    /// For an upscale, the scale the service will use and the output size.
    pub(crate) upscale: Option<ScalePrediction>,
    /// For a generation, how many pictures it draws and whether the answer
    /// is the picture's bytes rather than JSON.
    pub(crate) generation: Option<Generation>,
}

/// What a prepared generation draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Generation {
    pub variants: u32,
    pub binary: bool,
}

impl PreparedCall {
    /// The operation.
    pub fn operation(&self) -> Operation {
        self.operation
    }
    /// The checked images.
    pub fn images(&self) -> &[CheckedImage] {
        &self.images
    }
    /// The estimated price, when the catalogue knows it.
    pub fn estimated_cost(&self) -> Option<&Cost> {
        self.cost.as_ref()
    }
    /// The model the call is for.
    pub fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }
    /// Images fitted while preparing.
    pub fn fitted(&self) -> &[FitReport] {
        &self.fitted
    }
    /// For an upscale, the scale the service will use and the output's size.
    pub fn upscale(&self) -> Option<&ScalePrediction> {
        self.upscale.as_ref()
    }
    /// For a generation, how many pictures it draws (each charged).
    pub fn variants(&self) -> Option<u32> {
        self.generation.map(|g| g.variants)
    }
    /// The chosen encoding.
    pub fn encoding(&self) -> Encoding {
        self.body.encoding()
    }
    /// Exact body length.
    pub fn content_length(&self) -> u64 {
        self.body.len()
    }
    /// The whole body in memory (tests, small calls).
    pub async fn body_bytes(&self) -> Result<Vec<u8>, Error> {
        let read = match &self.body {
            Body::Multipart(m) => m.to_vec().await,
            Body::Json(j) => j.to_vec().await,
            Body::Serialized(b) => Ok(b.to_vec()),
        };
        read.map_err(|e| Error::io("cannot read an input while building the body", e))
    }
}
