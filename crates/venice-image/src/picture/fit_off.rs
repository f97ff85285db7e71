//! Fitting in a build without the `fit` feature (no `image` dependency):
//! an image that would need fitting is refused with a clear error, and
//! images within the limits go as they are.

use bytes::Bytes;

use crate::error::{InvalidInput, Rule};
use crate::picture::probe::ImageInfo;

pub use crate::picture::fit_report::FitReport;

fn off(field: &str, origin: &str) -> InvalidInput {
    InvalidInput::new(
        field,
        Rule::FeatureDisabled,
        format!(
            "cannot fit {origin}: this build of venice-image has no `fit` feature (enable it to downscale)"
        ),
    )
}

/// Refuses: fitting needs the `fit` feature.
pub(crate) fn fit(
    field: &str,
    origin: &str,
    _data: &[u8],
    _info: &ImageInfo,
) -> Result<(Bytes, ImageInfo, FitReport), InvalidInput> {
    Err(off(field, origin))
}

/// Refuses: fitting needs the `fit` feature.
pub(crate) fn fit_within(
    field: &str,
    origin: &str,
    _data: &[u8],
    _info: &ImageInfo,
    _max_pixels: u64,
) -> Result<(Bytes, ImageInfo, FitReport), InvalidInput> {
    Err(off(field, origin))
}
