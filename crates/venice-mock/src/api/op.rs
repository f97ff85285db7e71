//! The image operations and where each is served: what every stage of the
//! pipeline is told about the request it is looking at.

/// The image operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Edit,
    MultiEdit,
    BackgroundRemove,
    Upscale,
    /// Text to image: no image inputs, answered by [`super::generate`].
    Generate,
}

impl Op {
    /// The operation served at `path`, if any.
    pub(super) fn at(path: &str) -> Option<Self> {
        match path {
            "/api/v1/image/edit" => Some(Op::Edit),
            "/api/v1/image/multi-edit" => Some(Op::MultiEdit),
            "/api/v1/image/background-remove" => Some(Op::BackgroundRemove),
            "/api/v1/image/upscale" => Some(Op::Upscale),
            "/api/v1/image/generate" => Some(Op::Generate),
            _ => None,
        }
    }

    /// The body field that carries the image(s); none (an empty name no
    /// body has) for a generation.
    pub(super) fn image_field(self) -> &'static str {
        match self {
            Op::MultiEdit => "images",
            Op::Edit | Op::BackgroundRemove | Op::Upscale => "image",
            Op::Generate => "",
        }
    }
}
