//! The image operations and where each is served: what every stage of the
//! pipeline is told about the request it is looking at.

/// The image operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Edit,
    MultiEdit,
    BackgroundRemove,
    Upscale,
}

impl Op {
    /// The operation served at `path`, if any.
    pub(super) fn at(path: &str) -> Option<Self> {
        match path {
            "/api/v1/image/edit" => Some(Op::Edit),
            "/api/v1/image/multi-edit" => Some(Op::MultiEdit),
            "/api/v1/image/background-remove" => Some(Op::BackgroundRemove),
            "/api/v1/image/upscale" => Some(Op::Upscale),
            _ => None,
        }
    }

    /// The body field that carries the image(s).
    pub(super) fn image_field(self) -> &'static str {
        match self {
            Op::MultiEdit => "images",
            Op::Edit | Op::BackgroundRemove | Op::Upscale => "image",
        }
    }
}
