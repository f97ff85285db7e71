//! Converting inputs in a build without the `fit` feature (no `image`
//! dependency): nothing is converted, and inputs go as they are stored
//! (a rotated JPEG's output then gets its orientation tag back).

use bytes::Bytes;

use crate::error::{InvalidInput, Rule};
use crate::picture::fit::FitReport;
use crate::picture::probe::ImageInfo;

/// Nothing is converted in this build.
pub(crate) fn needed(_info: &ImageInfo) -> bool {
    false
}

/// Whether an ICC profile describes RGB pixels (its colour space field).
#[cfg_attr(not(feature = "metadata"), allow(dead_code))]
pub(crate) fn describes_rgb(icc: &[u8]) -> bool {
    icc.get(16..20) == Some(b"RGB ")
}

/// Refuses: converting needs the `fit` feature (never called: nothing is needed).
pub(crate) fn convert(
    field: &str,
    origin: &str,
    _data: &[u8],
    _info: &ImageInfo,
) -> Result<(Bytes, ImageInfo, FitReport), InvalidInput> {
    Err(InvalidInput::new(
        field,
        Rule::FeatureDisabled,
        format!("cannot convert {origin}: this build of venice-image has no `fit` feature"),
    ))
}
