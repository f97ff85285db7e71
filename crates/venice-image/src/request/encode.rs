//! Request bodies streamed from disk in bounded memory, with their exact
//! length known before the first byte is sent.
//!
//! [`MultipartBody`] writes `multipart/form-data`: text fields, then file
//! parts whose bytes are read from disk a chunk at a time. [`JsonBody`] writes
//! a JSON object whose image fields are base64 encoded chunk by chunk as the
//! body is sent (a 25 MB file never exists as one 33 MB string). Both can be
//! streamed again for a retry: [`MultipartBody::stream`] reopens the files.
//!
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use venice_image::encode::{JsonBody, LocalData, MultipartBody};
//!
//! let mut form = MultipartBody::with_boundary("XyZ");
//! form.text("prompt", "make the sky a sunrise");
//! form.file("image", "sky.png", "image/png", LocalData::Memory(b"\x89PNG...".to_vec().into()));
//! let bytes = form.to_vec().await.unwrap();
//! assert_eq!(bytes.len() as u64, form.len());
//!
//! let mut json = JsonBody::new();
//! json.text("prompt", "make the sky a sunrise");
//! json.base64("image", LocalData::Memory(b"hi!".to_vec().into()));
//! assert_eq!(json.to_vec().await.unwrap(), br#"{"prompt":"make the sky a sunrise","image":"aGkh"}"#);
//! # });
//! ```

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::Stream;

/// Bytes read from a file per chunk when streaming a file part.
pub const FILE_CHUNK: usize = 1024 * 1024;
/// Bytes encoded per base64 chunk: a multiple of 3, so chunks concatenate
/// into exactly the encoding of the whole.
pub const BASE64_CHUNK: usize = 3 * 256 * 1024;

/// Where an image's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalData {
    /// A file of known length, read when the body is streamed.
    File {
        /// Its path.
        path: PathBuf,
        /// Its length when it was checked; a different length when streaming is an error.
        len: u64,
    },
    /// Bytes in memory.
    Memory(Bytes),
}

impl LocalData {
    /// Length in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Self::File { len, .. } => *len,
            Self::Memory(b) => b.len() as u64,
        }
    }

    /// True for no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone)]
enum Segment {
    Raw(Bytes),
    Data(LocalData),
    Base64(LocalData),
}

impl Segment {
    fn len(&self) -> u64 {
        match self {
            Self::Raw(b) => b.len() as u64,
            Self::Data(d) => d.len(),
            Self::Base64(d) => d.len().div_ceil(3) * 4,
        }
    }
}

/// The stream both bodies produce.
pub type BodyStream = std::pin::Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

/// A `multipart/form-data` body.
#[derive(Debug, Clone)]
pub struct MultipartBody {
    boundary: String,
    segments: Vec<Segment>,
}

/// Percent-escapes what may not appear in a quoted header parameter.
fn escape_param(s: &str) -> String {
    s.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

impl Default for MultipartBody {
    fn default() -> Self {
        Self::new()
    }
}

impl MultipartBody {
    /// An empty body with a random boundary.
    pub fn new() -> Self {
        Self::with_boundary(format!(
            "venice-image-{:016x}{:016x}",
            crate::support::random::u64(),
            crate::support::random::u64()
        ))
    }

    /// An empty body with this boundary (tests; it must not occur in the data).
    pub fn with_boundary(boundary: impl Into<String>) -> Self {
        Self { boundary: boundary.into(), segments: Vec::new() }
    }

    /// The `Content-Type` header value.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// Adds a text field.
    pub fn text(&mut self, name: &str, value: &str) {
        let head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n",
            self.boundary,
            escape_param(name)
        );
        self.segments.push(Segment::Raw(Bytes::from(format!("{head}{value}\r\n"))));
    }

    /// Adds a file part with its real MIME type.
    pub fn file(&mut self, name: &str, filename: &str, mime: &str, data: LocalData) {
        let head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {mime}\r\n\r\n",
            self.boundary,
            escape_param(name),
            escape_param(filename)
        );
        self.segments.push(Segment::Raw(Bytes::from(head)));
        self.segments.push(Segment::Data(data));
        self.segments.push(Segment::Raw(Bytes::from_static(b"\r\n")));
    }

    fn closed(&self) -> Vec<Segment> {
        let mut segments = self.segments.clone();
        segments.push(Segment::Raw(Bytes::from(format!("--{}--\r\n", self.boundary))));
        segments
    }

    /// The exact length of the body.
    pub fn len(&self) -> u64 {
        self.segments.iter().map(Segment::len).sum::<u64>() + self.boundary.len() as u64 + 6
    }

    /// True when no field was added.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// A fresh stream of the body; files are opened as it is read.
    pub fn stream(&self) -> BodyStream {
        stream(self.closed())
    }

    /// The whole body in memory (for tests and small bodies).
    pub async fn to_vec(&self) -> std::io::Result<Vec<u8>> {
        collect(self.stream()).await
    }
}

/// A JSON object body whose image fields are base64 encoded as it streams.
#[derive(Debug, Clone, Default)]
pub struct JsonBody {
    segments: Vec<Segment>,
    fields: usize,
}

impl JsonBody {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    fn key(&mut self, name: &str) {
        let comma = if self.fields == 0 { "" } else { "," };
        self.fields += 1;
        let key = serde_json::to_string(name).expect("a string serializes");
        self.segments.push(Segment::Raw(Bytes::from(format!("{comma}{key}:"))));
    }

    /// Adds a field with any JSON value.
    pub fn value(&mut self, name: &str, value: &serde_json::Value) {
        self.key(name);
        self.segments.push(Segment::Raw(Bytes::from(value.to_string())));
    }

    /// Adds a string field.
    pub fn text(&mut self, name: &str, value: &str) {
        self.value(name, &serde_json::Value::String(value.to_owned()));
    }

    /// Adds a string field holding the base64 of `data`.
    pub fn base64(&mut self, name: &str, data: LocalData) {
        self.key(name);
        self.segments.push(Segment::Raw(Bytes::from_static(b"\"")));
        self.segments.push(Segment::Base64(data));
        self.segments.push(Segment::Raw(Bytes::from_static(b"\"")));
    }

    /// Adds an array of strings, each either text (a URL) or base64 of data.
    pub fn string_array(&mut self, name: &str, items: Vec<ArrayItem>) {
        self.key(name);
        self.segments.push(Segment::Raw(Bytes::from_static(b"[")));
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.segments.push(Segment::Raw(Bytes::from_static(b",")));
            }
            match item {
                ArrayItem::Text(t) => {
                    self.segments.push(Segment::Raw(Bytes::from(serde_json::Value::String(t).to_string())));
                }
                ArrayItem::Base64(d) => {
                    self.segments.push(Segment::Raw(Bytes::from_static(b"\"")));
                    self.segments.push(Segment::Base64(d));
                    self.segments.push(Segment::Raw(Bytes::from_static(b"\"")));
                }
            }
        }
        self.segments.push(Segment::Raw(Bytes::from_static(b"]")));
    }

    fn closed(&self) -> Vec<Segment> {
        let mut segments = Vec::with_capacity(self.segments.len() + 2);
        segments.push(Segment::Raw(Bytes::from_static(b"{")));
        segments.extend(self.segments.iter().cloned());
        segments.push(Segment::Raw(Bytes::from_static(b"}")));
        segments
    }

    /// The exact length of the body.
    pub fn len(&self) -> u64 {
        self.segments.iter().map(Segment::len).sum::<u64>() + 2
    }

    /// True when no field was added.
    pub fn is_empty(&self) -> bool {
        self.fields == 0
    }

    /// A fresh stream of the body.
    pub fn stream(&self) -> BodyStream {
        stream(self.closed())
    }

    /// The whole body in memory.
    pub async fn to_vec(&self) -> std::io::Result<Vec<u8>> {
        collect(self.stream()).await
    }
}

/// An item of a JSON string array.
#[derive(Debug, Clone)]
pub enum ArrayItem {
    /// A string as is (a URL).
    Text(String),
    /// The base64 of these bytes.
    Base64(LocalData),
}

/// Encodes `data` as standard base64 with padding (SIMD where the CPU has it).
pub fn base64_encode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(base64_simd::STANDARD.encoded_length(data.len()));
    base64_simd::STANDARD.encode_append(data, &mut out);
    out
}

async fn collect(mut s: BodyStream) -> std::io::Result<Vec<u8>> {
    use futures_util::StreamExt;
    let mut out = Vec::new();
    while let Some(chunk) = s.next().await {
        out.extend_from_slice(&chunk?);
    }
    Ok(out)
}

type ChunkRead = tokio::task::JoinHandle<std::io::Result<(std::fs::File, Vec<u8>)>>;

/// Where the stream is.
struct Cursor {
    segments: Arc<[Segment]>,
    index: usize,
    /// Bytes of the current segment already produced (Data/Base64).
    done: u64,
    file: Option<std::fs::File>,
    /// The read of the current segment's next chunk, started while the
    /// previous chunk was being encoded and sent.
    ahead: Option<ChunkRead>,
}

fn changed(path: &std::path::Path) -> std::io::Error {
    std::io::Error::other(format!("{} changed while it was being sent; try again", path.display()))
}

/// Starts reading up to `want` bytes of the current file segment on a
/// blocking thread.
fn read_file_chunk(
    mut file: Option<std::fs::File>,
    path: PathBuf,
    done: u64,
    len: u64,
    want: usize,
) -> ChunkRead {
    tokio::task::spawn_blocking(move || {
        let mut file = match file.take() {
            Some(f) => f,
            None => std::fs::File::open(&path)?,
        };
        let n = want.min((len - done) as usize);
        let mut buf = vec![0u8; n];
        let mut filled = 0;
        while filled < n {
            match file.read(&mut buf[filled..]) {
                Ok(0) => return Err(changed(&path)),
                Ok(k) => filled += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if done + n as u64 == len {
            // The file must end where it ended when it was checked.
            let mut probe = [0u8; 1];
            if file.read(&mut probe)? != 0 {
                return Err(changed(&path));
            }
        }
        Ok((file, buf))
    })
}

fn stream(segments: Vec<Segment>) -> BodyStream {
    let start = Cursor { segments: segments.into(), index: 0, done: 0, file: None, ahead: None };
    Box::pin(futures_util::stream::try_unfold(start, |mut c| async move {
        loop {
            let Some(segment) = c.segments.get(c.index).cloned() else { return Ok(None) };
            let next = |c: &mut Cursor| {
                c.index += 1;
                c.done = 0;
                c.file = None;
                c.ahead = None;
            };
            match segment {
                Segment::Raw(b) => {
                    next(&mut c);
                    if !b.is_empty() {
                        return Ok(Some((b, c)));
                    }
                }
                Segment::Data(LocalData::Memory(b)) => {
                    next(&mut c);
                    if !b.is_empty() {
                        return Ok(Some((b, c)));
                    }
                }
                Segment::Base64(LocalData::Memory(b)) => {
                    let start = c.done as usize;
                    if start >= b.len() {
                        next(&mut c);
                        continue;
                    }
                    let end = (start + BASE64_CHUNK).min(b.len());
                    c.done = end as u64;
                    return Ok(Some((Bytes::from(base64_encode(&b[start..end])), c)));
                }
                Segment::Data(LocalData::File { path, len })
                | Segment::Base64(LocalData::File { path, len }) => {
                    if c.done >= len {
                        next(&mut c);
                        continue;
                    }
                    let base64 = matches!(c.segments[c.index], Segment::Base64(_));
                    let want = if base64 { BASE64_CHUNK } else { FILE_CHUNK };
                    let read = match c.ahead.take() {
                        Some(started) => started,
                        None => read_file_chunk(c.file.take(), path.clone(), c.done, len, want),
                    };
                    let (file, buf) = read.await.map_err(std::io::Error::other)??;
                    c.done += buf.len() as u64;
                    if c.done < len {
                        // Read the next chunk while this one is encoded and sent.
                        c.ahead = Some(read_file_chunk(Some(file), path, c.done, len, want));
                    }
                    let chunk = if base64 { Bytes::from(base64_encode(&buf)) } else { Bytes::from(buf) };
                    return Ok(Some((chunk, c)));
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn multipart_layout_is_exact() {
        let mut form = MultipartBody::with_boundary("B");
        form.text("prompt", "hi");
        form.file("image", "a\"b.png", "image/png", LocalData::Memory(Bytes::from_static(b"PNGDATA")));
        let body = form.to_vec().await.unwrap();
        let expected = "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhi\r\n\
                        --B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a%22b.png\"\r\n\
                        Content-Type: image/png\r\n\r\nPNGDATA\r\n--B--\r\n";
        assert_eq!(String::from_utf8(body.clone()).unwrap(), expected);
        assert_eq!(form.len(), body.len() as u64);
    }

    #[tokio::test]
    async fn files_stream_in_chunks_and_match_their_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        let data: Vec<u8> = (0..(FILE_CHUNK * 2 + 5)).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let mut json = JsonBody::new();
        json.base64("image", LocalData::File { path: path.clone(), len: data.len() as u64 });
        let body = json.to_vec().await.unwrap();
        assert_eq!(body.len() as u64, json.len());
        let expected = format!("{{\"image\":\"{}\"}}", String::from_utf8(base64_encode(&data)).unwrap());
        assert!(body == expected.as_bytes());

        // A file that changed since it was checked fails the stream.
        let mut form = MultipartBody::with_boundary("B");
        form.file("image", "big.bin", "image/png", LocalData::File { path, len: data.len() as u64 + 1 });
        let err = form.to_vec().await.unwrap_err();
        assert!(err.to_string().contains("changed while it was being sent"), "{err}");
    }

    #[tokio::test]
    async fn json_arrays_mix_urls_and_base64() {
        let mut json = JsonBody::new();
        json.string_array(
            "images",
            vec![
                ArrayItem::Text("https://x/a.png".into()),
                ArrayItem::Base64(LocalData::Memory(Bytes::from_static(b"ab"))),
            ],
        );
        json.value("safe_mode", &serde_json::Value::Bool(false));
        let body = json.to_vec().await.unwrap();
        assert_eq!(body, br#"{"images":["https://x/a.png","YWI="],"safe_mode":false}"#);
        assert_eq!(json.len(), body.len() as u64);
    }
}
