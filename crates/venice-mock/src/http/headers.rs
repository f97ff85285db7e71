//! Reading a request's headers as text.

/// A header's value, when it is text.
pub(crate) fn header(h: &hyper::HeaderMap, name: &str) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}
