//! The general bounds every image is held to, whatever the model: its
//! pixel count (from its header) and its file size. Sources check them
//! when they read an input, and `fit` checks them again after shrinking.
//! Too few pixels is said without advice: what to do depends on the
//! operation (an upscale cannot be told to upscale first), and
//! `client::prepare` adds it.

use crate::error::{InvalidInput, Rule};
use crate::limits::{MAX_FILE_BYTES, MAX_PIXELS, MIN_PIXELS};
use crate::picture::probe::ImageInfo;
use crate::support::human::{megabytes, thousands};

/// The general bounds: pixels and file size.
pub(crate) fn check_bounds(
    field: &str,
    origin: &str,
    info: &ImageInfo,
    len: u64,
) -> Result<(), InvalidInput> {
    let pixels = info.pixels();
    let (w, h) = (info.width, info.height);
    if pixels < MIN_PIXELS {
        return Err(InvalidInput::new(
            field,
            Rule::TooFewPixels,
            format!(
                "{origin} is {w}x{h} ({} pixels); Venice needs at least {} (256x256, say)",
                thousands(pixels),
                thousands(MIN_PIXELS)
            ),
        ));
    }
    if pixels > MAX_PIXELS {
        return Err(InvalidInput::new(
            field,
            Rule::TooManyPixels,
            format!(
                "{origin} is {w}x{h} ({} pixels); Venice takes at most {} (7680x4320, say): downscale it, or pass --fit",
                thousands(pixels),
                thousands(MAX_PIXELS)
            ),
        ));
    }
    if len >= MAX_FILE_BYTES {
        return Err(InvalidInput::new(
            field,
            Rule::FileTooLarge,
            format!(
                "{origin} is {}; files must be under 25 MB: re-encode it (JPEG), or pass --fit",
                megabytes(len)
            ),
        ));
    }
    Ok(())
}
