//! `response_format=url`: results kept in memory for an hour under an
//! unguessable id (128 random bits), served at `GET /results/<id>` without
//! the token (a browser showing the image has none); then forgotten.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;

/// How long a link works.
pub const VALID: Duration = Duration::from_secs(3600);

struct Kept {
    bytes: Bytes,
    content_type: &'static str,
    until: Instant,
}

/// The results behind the links.
#[derive(Default)]
pub struct Results {
    kept: Mutex<HashMap<String, Kept>>,
}

impl Results {
    fn kept(&self) -> MutexGuard<'_, HashMap<String, Kept>> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `bytes`; the id of its link, or none when no randomness is to be had.
    pub fn keep(&self, bytes: Bytes, content_type: &'static str, extension: &str) -> Option<String> {
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).ok()?;
        let id: String = random.iter().map(|b| format!("{b:02x}")).collect::<String>() + "." + extension;
        let now = Instant::now();
        let mut kept = self.kept();
        kept.retain(|_, k| k.until > now);
        kept.insert(id.clone(), Kept { bytes, content_type, until: now + VALID });
        Some(id)
    }

    /// The bytes and content type behind `id`, while its link works.
    pub fn get(&self, id: &str) -> Option<(Bytes, &'static str)> {
        let kept = self.kept();
        kept.get(id).filter(|k| k.until > Instant::now()).map(|k| (k.bytes.clone(), k.content_type))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_result_is_found_by_its_id_only() {
        let r = Results::default();
        let id = r.keep(Bytes::from_static(b"png"), "image/png", "png").unwrap();
        assert_eq!(id.len(), 32 + 4);
        assert_eq!(r.get(&id).unwrap().0, Bytes::from_static(b"png"));
        assert!(r.get("0000.png").is_none());
    }
}
