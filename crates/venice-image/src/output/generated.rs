//! A generation's answer: JSON holding each picture as base64 text (or,
//! when the request asked for it, one picture's bytes), read into checked
//! pictures ([`GeneratedImages`]), each an [`EditedImage`] that knows its
//! format from its bytes and carries the answer's headers.

use bytes::Bytes;
use serde::Deserialize;

use crate::error::Error;
use crate::output::response::{EditedImage, ResponseMeta};
use crate::picture::probe;

/// The pictures of one generation, in the order the service gave them.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GeneratedImages {
    /// The service's id for the generation (from the JSON answer; for a
    /// binary answer, the request id of its headers).
    pub id: Option<String>,
    /// Each picture.
    pub images: Vec<EditedImage>,
}

impl GeneratedImages {
    /// The first picture (every successful generation has one).
    pub fn first(&self) -> Option<&EditedImage> {
        self.images.first()
    }
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    id: Option<String>,
    images: Vec<String>,
}

/// One picture's bytes checked to be an image the service may answer with.
fn picture(bytes: Bytes, meta: &ResponseMeta, which: &str) -> Result<EditedImage, Error> {
    match probe::sniff(&bytes).filter(|f| f.is_accepted()) {
        Some(format) => Ok(EditedImage::new(bytes, format, meta.clone(), Vec::new())),
        None => Err(Error::InvalidResponse {
            message: format!("{which} of the generation is not an image ({} bytes)", bytes.len()),
            request_id: meta.request_id.clone(),
        }),
    }
}

/// Reads a generation's answer: JSON unless `binary`. An answer without a
/// picture, or with text that is not base64 of an image, is an
/// [`Error::InvalidResponse`] (it was paid for: the caller says so).
pub(crate) fn read(body: &Bytes, meta: &ResponseMeta, binary: bool) -> Result<GeneratedImages, Error> {
    if binary {
        let image = picture(body.clone(), meta, "the answer")?;
        return Ok(GeneratedImages { id: meta.request_id.clone(), images: vec![image] });
    }
    let answer: Answer = serde_json::from_slice(body).map_err(|e| Error::InvalidResponse {
        message: format!("the generation's answer could not be read: {e}"),
        request_id: meta.request_id.clone(),
    })?;
    if answer.images.is_empty() {
        return Err(Error::InvalidResponse {
            message: "the generation's answer holds no picture".into(),
            request_id: meta.request_id.clone(),
        });
    }
    let mut images = Vec::with_capacity(answer.images.len());
    for (i, text) in answer.images.iter().enumerate() {
        let which = format!("picture {}", i + 1);
        let bytes = base64_simd::forgiving_decode_to_vec(text.trim().as_bytes()).map_err(|_| {
            Error::InvalidResponse {
                message: format!("{which} of the generation is not base64"),
                request_id: meta.request_id.clone(),
            }
        })?;
        images.push(picture(Bytes::from(bytes), meta, &which)?);
    }
    Ok(GeneratedImages { id: answer.id, images })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_pictures_are_decoded_and_checked() {
        let png = venice_mock::fixtures::png(300, 300);
        let body = serde_json::json!({"id": "g-1", "images": [base64_simd::STANDARD.encode_to_string(&png)]});
        let meta = ResponseMeta::default();
        let read = read(&Bytes::from(body.to_string()), &meta, false).unwrap();
        assert_eq!((read.id.as_deref(), read.images.len()), (Some("g-1"), 1));
        assert_eq!(read.images[0].extension(), "png");
        let bad = serde_json::json!({"id": "g-2", "images": ["aGVsbG8="]});
        assert!(matches!(
            super::read(&Bytes::from(bad.to_string()), &meta, false),
            Err(Error::InvalidResponse { .. })
        ));
        let none = serde_json::json!({"id": "g-3", "images": []});
        assert!(super::read(&Bytes::from(none.to_string()), &meta, false).is_err());
        assert_eq!(super::read(&Bytes::from(png), &meta, true).unwrap().images.len(), 1);
    }
}
