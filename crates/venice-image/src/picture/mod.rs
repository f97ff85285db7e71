//! Image files, read without decoding where possible: the format and size
//! from the header (`probe`), metadata removed from uploads losslessly
//! (`strip`), the pixel and size bounds every input is held to (`bounds`),
//! oversized inputs downscaled (`fit`, a feature), inputs Venice would
//! misread turned upright or converted (`convert`, with `fit`), HEIC and
//! AVIF decoded for upload (`heif`, a feature: libheif), whether a
//! file is whole (`whole`, on the container `walk`), and with the `metadata`
//! feature the output's metadata and provenance (`metadata`).
//!
//! This stage knows nothing of requests or the service's answers: it uses
//! only the errors, the API's numbers and the support leaves.

pub(crate) mod bounds;
#[cfg(feature = "fit")]
pub(crate) mod convert;
#[cfg(not(feature = "fit"))]
#[path = "convert_off.rs"]
pub(crate) mod convert;
#[cfg(feature = "fit")]
pub(crate) mod fit;
#[cfg(not(feature = "fit"))]
#[path = "fit_off.rs"]
pub(crate) mod fit;
pub(crate) mod fit_report;
#[cfg(feature = "heif")]
pub(crate) mod heif;
#[cfg(not(feature = "heif"))]
#[path = "heif_off.rs"]
pub(crate) mod heif;
#[cfg(feature = "metadata")]
pub mod metadata;
pub mod probe;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod strip;
#[cfg(not(feature = "internals"))]
pub(crate) mod strip;
#[cfg(feature = "fit")]
pub(crate) mod turn;
pub(crate) mod walk;
pub mod whole;

/// A HEIC or AVIF file's metadata, as `heif::metadata` reads it: its ICC
/// profile, EXIF (from its TIFF header on, as the other containers give
/// it) and XMP.
#[cfg_attr(not(feature = "metadata"), allow(dead_code))]
pub(crate) struct HeifParts {
    pub icc: Option<bytes::Bytes>,
    pub exif: Option<bytes::Bytes>,
    pub xmp: Option<String>,
}
