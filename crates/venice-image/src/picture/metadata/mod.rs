//! Outputs that keep what the input had and say how they were made
//! (feature `metadata`).
//!
//! [`finish`] takes the service's answer and writes into it, in the
//! answer's own format (PNG `iCCP`/`eXIf`/`iTXt`, JPEG APP2/APP1, WebP
//! `ICCP`/`EXIF`/`XMP `), without touching its pixels:
//!
//! - the input's ICC profile, exactly (for upscale and background removal
//!   the answer's pixels are the input's, so the profile is right; for
//!   edits it is the profile of the pixels the model was given);
//! - the input's EXIF that describes the photo (date taken, camera, lens,
//!   exposure, artist, copyright), without its thumbnail, sizes, maker
//!   notes, the orientation once the pixels are upright, and GPS unless
//!   asked ([`MetadataOptions::keep_gps`]);
//! - the input's descriptive XMP (`dc:title`, `description`, `creator`,
//!   `rights`, `subject`);
//! - provenance ([`Provenance`]): every step that made the image (the
//!   input's own steps first), with IPTC's `DigitalSourceType`, in XMP and,
//!   for a PNG, an `iTXt` chunk of JSON.
//!
//! An answer that carries a signed C2PA manifest is never rewritten (it
//! would break the signature): [`Finished::sidecar`] is then the XMP to
//! write beside it (`<file>.xmp`). [`inspect`] reads provenance back.

mod container;
mod exif;
mod head;
mod xmp;

use std::path::Path;

use bytes::Bytes;
use serde::{Deserialize, Serialize};

pub use crate::support::time::now_rfc3339;
pub use xmp::NAMESPACE;

/// What an output keeps, and whether it says how it was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[non_exhaustive]
pub struct MetadataOptions {
    /// Keep the input's GPS position in the output (it is dropped by default).
    #[cfg_attr(feature = "clap", arg(long))]
    pub keep_gps: bool,
    /// Write none of the input's metadata (ICC profile, EXIF, XMP) into outputs.
    #[cfg_attr(feature = "clap", arg(long))]
    pub strip_metadata: bool,
    /// Do not record how an output was made (operation, model, prompt,
    /// request id, cost) in it.
    #[cfg_attr(feature = "clap", arg(long))]
    pub no_provenance: bool,
}

/// IPTC's digital source type: how an image was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum SourceType {
    /// Made by a trained model (the input was itself made by one).
    TrainedAlgorithmicMedia,
    /// A photo changed by a trained model.
    CompositeWithTrainedAlgorithmicMedia,
}

impl SourceType {
    /// The IPTC NewsCodes URI.
    pub fn uri(self) -> &'static str {
        match self {
            Self::TrainedAlgorithmicMedia => {
                "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
            }
            Self::CompositeWithTrainedAlgorithmicMedia => {
                "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
            }
        }
    }
}

/// One step that made an image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The operation (`generate`, `edit`, `multi-edit`, `remove-bg`, `upscale`).
    pub operation: String,
    /// The model.
    pub model: Option<String>,
    /// The prompt.
    pub prompt: Option<String>,
    /// The seed a generation was drawn with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<i64>,
    /// The service's request id.
    pub request_id: Option<String>,
    /// The estimated cost in USD, from the catalogue.
    pub cost_usd: Option<f64>,
    /// When, RFC 3339 in UTC.
    pub time: String,
    /// The tool and its version.
    pub tool: String,
}

impl Step {
    /// A step of `operation` now, by this crate's version.
    pub fn new(operation: impl Into<String>) -> Self {
        Self {
            operation: operation.into(),
            model: None,
            prompt: None,
            seed: None,
            request_id: None,
            cost_usd: None,
            time: now_rfc3339(),
            tool: format!("venice-image {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// How an image was made: its steps, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The steps.
    pub steps: Vec<Step>,
    /// IPTC's digital source type.
    pub source_type: SourceType,
}

/// What an input carries that an output may keep.
#[derive(Debug, Clone, Default)]
pub struct InputMetadata {
    icc: Option<Bytes>,
    exif: Option<Bytes>,
    xmp: Option<String>,
}

impl InputMetadata {
    /// Reads an image's metadata (nothing for GIF or unknown bytes; HEIC
    /// and AVIF with the `heif` feature).
    pub fn read(bytes: &Bytes) -> Self {
        if let Some(parts) = crate::picture::heif::metadata(bytes) {
            return Self { icc: parts.icc, exif: parts.exif, xmp: parts.xmp };
        }
        let parts = container::read(bytes);
        Self { icc: parts.icc, exif: parts.exif, xmp: parts.xmp }
    }

    /// Reads a file's metadata: only the blocks it can be in (a JPEG's
    /// segments before its scan, a PNG's or WebP's chunks but the picture
    /// data), never the whole file; the same as [`read`](Self::read) of
    /// the whole file gives.
    pub fn from_path(path: &Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        match head::read(file, len)? {
            Some(head) => Ok(Self::read(&Bytes::from(head))),
            // A HEIC or AVIF file's metadata is read by libheif, from the
            // file held whole (phones' files are a few megabytes).
            None if crate::picture::heif::is_heif_file(path)? => {
                Ok(Self::read(&Bytes::from(std::fs::read(path)?)))
            }
            None => Ok(Self::default()),
        }
    }

    /// The ICC profile.
    pub fn icc_profile(&self) -> Option<&[u8]> {
        self.icc.as_deref()
    }

    /// The input's own provenance, when it was made by this tool.
    pub fn provenance(&self) -> Option<Provenance> {
        self.xmp.as_deref().and_then(xmp::read)
    }
}

/// An answer with its metadata, or the metadata to put beside it.
#[derive(Debug, Clone)]
pub struct Finished {
    /// The bytes to write.
    pub bytes: Bytes,
    /// XMP to write beside the file (`<file>.xmp`): the answer carries a
    /// signed C2PA manifest and is left as it is, or its format cannot
    /// hold the XMP.
    pub sidecar: Option<String>,
}

/// Writes `input`'s metadata (as `options` allow) and, unless
/// `options.no_provenance`, the input's steps followed by `step` into the
/// `answer`. `upright`: the pixels sent were turned upright (fitted), so
/// the orientation tag is dropped.
pub fn finish(
    answer: Bytes,
    input: &InputMetadata,
    options: &MetadataOptions,
    upright: bool,
    step: Option<Step>,
) -> Finished {
    let carry = !options.strip_metadata;
    let keep = exif::Keep { gps: options.keep_gps, orientation: !upright };
    let provenance = step.filter(|_| !options.no_provenance).map(|step| {
        let earlier = input.provenance();
        let source_type = source_type(earlier.as_ref(), input.xmp.as_deref(), &step);
        let mut steps = earlier.map(|p| p.steps).unwrap_or_default();
        steps.push(step);
        Provenance { steps, source_type }
    });
    let carried_xmp = match (&input.xmp, carry) {
        (Some(x), true) => xmp::carried(x),
        _ => Vec::new(),
    };
    if provenance.is_none() && !carry {
        return Finished { bytes: answer, sidecar: None };
    }
    let exif =
        input.exif.as_deref().filter(|_| carry).and_then(|raw| exif::filter(raw, keep)).map(Bytes::from);
    if container::has_c2pa(&answer) {
        let extra = match (&input.exif, carry) {
            (Some(raw), true) => exif::as_xmp(raw),
            _ => Vec::new(),
        };
        let sidecar = xmp::packet(provenance.as_ref(), &carried_xmp, &extra);
        return Finished { bytes: answer, sidecar: Some(sidecar) };
    }
    let packet = (provenance.is_some() || !carried_xmp.is_empty())
        .then(|| xmp::packet(provenance.as_ref(), &carried_xmp, &[]));
    let parts = container::Parts {
        // A CMYK or grey profile does not describe the answer's RGB pixels.
        icc: input.icc.clone().filter(|p| carry && crate::picture::convert::describes_rgb(p)),
        exif,
        xmp: packet.clone(),
        png_provenance: provenance.as_ref().and_then(|p| serde_json::to_string(p).ok()),
    };
    match container::write(&answer, parts) {
        Some(bytes) => Finished { bytes, sidecar: None },
        None => Finished { bytes: answer, sidecar: packet },
    }
}

/// How an image made by `step` from an input was made: what the input's
/// own provenance says (a photo stays a composite through every later
/// step; a generated picture stays machine-made), else machine-made when
/// the input's XMP says so or the step drew it from a prompt (`generate`),
/// else a photo changed by a model.
fn source_type(earlier: Option<&Provenance>, input_xmp: Option<&str>, step: &Step) -> SourceType {
    if let Some(p) = earlier {
        return p.source_type;
    }
    if input_xmp.is_some_and(xmp::made_by_a_model) || step.operation == "generate" {
        SourceType::TrainedAlgorithmicMedia
    } else {
        SourceType::CompositeWithTrainedAlgorithmicMedia
    }
}

/// The provenance an image (or an `.xmp` sidecar) records, if any.
pub fn inspect(bytes: &Bytes) -> Option<Provenance> {
    if let Some(json) = container::png_provenance(bytes)
        && let Ok(p) = serde_json::from_str(&json)
    {
        return Some(p);
    }
    if let Some(xmp) = container::read(bytes).xmp {
        return xmp::read(&xmp);
    }
    // An `.xmp` sidecar is the packet itself.
    std::str::from_utf8(bytes).ok().and_then(xmp::read)
}

/// Whether the image carries a signed C2PA manifest.
pub fn has_c2pa(bytes: &Bytes) -> bool {
    container::has_c2pa(bytes)
}

#[cfg(test)]
mod tests;
