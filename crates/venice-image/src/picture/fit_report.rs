//! What fitting did to one image: reported whether or not this build can
//! fit (the `fit` feature).

use std::fmt;

use crate::support::human::megabytes;

/// What fitting did to one image.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct FitReport {
    /// The field of the image.
    pub field: String,
    /// Size before: width, height, bytes.
    pub from: (u32, u32, u64),
    /// Size after.
    pub to: (u32, u32, u64),
    /// Format after (JPEG, or PNG for images with transparency).
    pub format: String,
    /// Whether an EXIF rotation was applied.
    pub rotated: bool,
    /// What was converted without resizing (upright, CMYK to RGB, 16 to
    /// 8 bits), in words; empty for an image that was fitted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub converted: Vec<String>,
    /// Whether it was turned without re-encoding (a JPEG's lossless
    /// transform on whole blocks).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lossless: bool,
}

impl fmt::Display for FitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.converted.is_empty() {
            let how = if self.lossless { "turned without re-encoding: a" } else { "re-encoded as a" };
            return write!(
                f,
                "{}: {} before upload ({how} {}x{} {}, {})",
                self.field,
                self.converted.join(", "),
                self.to.0,
                self.to.1,
                self.format,
                megabytes(self.to.2)
            );
        }
        write!(
            f,
            "{}: fitted from {}x{} ({}) to {}x{} {} ({})",
            self.field,
            self.from.0,
            self.from.1,
            megabytes(self.from.2),
            self.to.0,
            self.to.1,
            self.format,
            megabytes(self.to.2)
        )?;
        if self.rotated {
            f.write_str(", turned upright from its EXIF orientation")?;
        }
        Ok(())
    }
}
