//! HEIC/HEIF and AVIF inputs in a build without the `heif` feature (no
//! libheif): refused before anything is sent, saying which build takes them.

use bytes::Bytes;

use crate::error::{InvalidInput, Rule};
use crate::picture::HeifParts as Parts;
use crate::picture::fit::FitReport;
use crate::picture::probe::{ImageFormat, ImageInfo};

/// Refuses: this build cannot read `format`.
pub(crate) fn convert(
    field: &str,
    origin: &str,
    _data: &[u8],
    format: ImageFormat,
    _fit: bool,
) -> Result<(Bytes, ImageInfo, FitReport), InvalidInput> {
    Err(refusal(field, origin, format))
}

/// Why this build does not take `origin`, a `format` image.
pub(crate) fn refusal(field: &str, origin: &str, format: ImageFormat) -> InvalidInput {
    InvalidInput::new(
        field,
        Rule::FeatureDisabled,
        format!(
            "{origin} is a {format} image, and this build has no HEIC or AVIF support: use a build \
             with the `heic` feature (venice's default; building it needs cmake, a C++ compiler, \
             libde265-dev and libdav1d-dev), or convert it to JPEG or PNG first"
        ),
    )
}

/// Nothing: this build does not read HEIF files.
#[cfg_attr(not(feature = "metadata"), allow(dead_code))]
pub(crate) fn metadata(_data: &[u8]) -> Option<Parts> {
    None
}

/// No: this build does not read HEIF files (so never reads one whole).
#[cfg_attr(not(feature = "metadata"), allow(dead_code))]
pub(crate) fn is_heif_file(_path: &std::path::Path) -> std::io::Result<bool> {
    Ok(false)
}
