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

use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::Stream;

pub use crate::picture::strip::Piece;
use crate::picture::strip::read_pieces;

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
    /// Pieces of a file (its ranges, and a few bytes in memory) sent one
    /// after the other: a file without its metadata, streamed from disk.
    Pieces {
        /// The file's path.
        path: PathBuf,
        /// The file's length when it was checked (not the pieces'); a
        /// different length when streaming is an error.
        len: u64,
        /// What is sent, in order.
        pieces: Vec<Piece>,
    },
}

impl LocalData {
    /// Length in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Self::File { len, .. } => *len,
            Self::Memory(b) => b.len() as u64,
            Self::Pieces { pieces, .. } => pieces.iter().map(Piece::len).sum(),
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
    /// The current segment's pieces read whole (base64 of pieces).
    held: Option<Bytes>,
}

fn changed(path: &std::path::Path) -> std::io::Error {
    std::io::Error::other(format!("{} changed while it was being sent; try again", path.display()))
}

/// Starts reading `n` bytes from offset `at` of the file at `path` on a
/// blocking thread. With `last` (the segment's last read), the file must
/// still be `len` bytes long, as it was when it was checked.
fn read_file_chunk(
    mut file: Option<std::fs::File>,
    path: PathBuf,
    at: u64,
    n: usize,
    len: u64,
    last: bool,
) -> ChunkRead {
    tokio::task::spawn_blocking(move || {
        let mut file = match file.take() {
            Some(f) => f,
            None => std::fs::File::open(&path)?,
        };
        file.seek(SeekFrom::Start(at))?;
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
        if last && at + n as u64 == len {
            // The file must end where it ended when it was checked.
            let mut probe = [0u8; 1];
            if file.read(&mut probe)? != 0 {
                return Err(changed(&path));
            }
        } else if last && file.metadata()?.len() != len {
            return Err(changed(&path));
        }
        Ok((file, buf))
    })
}

/// What comes next in a list of pieces, `done` bytes into them.
enum Next {
    /// Bytes in memory.
    Bytes(Bytes),
    /// A read of the file: `n` bytes at `at`; `last` for the last one.
    Read { at: u64, n: usize, last: bool },
}

fn next_piece(pieces: &[Piece], done: u64) -> Option<Next> {
    let last_range = pieces.iter().rposition(|p| matches!(p, Piece::Range { .. }) && !p.is_empty());
    let mut from = 0;
    for (i, piece) in pieces.iter().enumerate() {
        let len = piece.len();
        if done < from + len {
            let off = done - from;
            return Some(match piece {
                Piece::Bytes(b) => Next::Bytes(b.slice(usize::try_from(off).unwrap_or(usize::MAX)..)),
                Piece::Range { start, .. } => {
                    let n = usize::try_from(len - off).unwrap_or(usize::MAX).min(FILE_CHUNK);
                    Next::Read { at: start + off, n, last: Some(i) == last_range && off + n as u64 == len }
                }
            });
        }
        from += len;
    }
    None
}

/// The next chunk of a file's pieces, or `None` after the last; the next
/// file range is read while this chunk is sent.
async fn pieces_chunk(
    c: &mut Cursor,
    path: PathBuf,
    len: u64,
    pieces: &[Piece],
) -> std::io::Result<Option<Bytes>> {
    let read = match c.ahead.take() {
        Some(started) => started,
        None => match next_piece(pieces, c.done) {
            None => return Ok(None),
            Some(Next::Bytes(b)) => {
                c.done += b.len() as u64;
                return Ok(Some(b));
            }
            Some(Next::Read { at, n, last }) => {
                read_file_chunk(c.file.take(), path.clone(), at, n, len, last)
            }
        },
    };
    let (file, buf) = read.await.map_err(std::io::Error::other)??;
    c.done += buf.len() as u64;
    match next_piece(pieces, c.done) {
        Some(Next::Read { at, n, last }) => {
            c.ahead = Some(read_file_chunk(Some(file), path, at, n, len, last));
        }
        _ => c.file = Some(file),
    }
    Ok(Some(Bytes::from(buf)))
}

/// A file's pieces read whole, once per segment. JSON (not the default
/// encoding) takes them from memory: base64 chunks must be multiples of 3
/// bytes to concatenate, and the pieces' lengths are not.
async fn held_pieces(c: &mut Cursor, path: PathBuf, len: u64, pieces: Vec<Piece>) -> std::io::Result<Bytes> {
    if let Some(held) = &c.held {
        return Ok(held.clone());
    }
    let bytes = tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(&path)?;
        if file.metadata()?.len() != len {
            return Err(changed(&path));
        }
        read_pieces(&mut file, &pieces).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => changed(&path),
            _ => e,
        })
    })
    .await
    .map_err(std::io::Error::other)??;
    c.held = Some(bytes.clone());
    Ok(bytes)
}

/// The base64 of the next chunk of `b`, or `None` after the last.
fn base64_chunk(c: &mut Cursor, b: &Bytes) -> Option<Bytes> {
    let start = usize::try_from(c.done).unwrap_or(usize::MAX);
    if start >= b.len() {
        return None;
    }
    let end = (start + BASE64_CHUNK).min(b.len());
    c.done = end as u64;
    Some(Bytes::from(base64_encode(&b[start..end])))
}

fn stream(segments: Vec<Segment>) -> BodyStream {
    let start = Cursor { segments: segments.into(), index: 0, done: 0, file: None, ahead: None, held: None };
    Box::pin(futures_util::stream::try_unfold(start, |mut c| async move {
        loop {
            let Some(segment) = c.segments.get(c.index).cloned() else { return Ok(None) };
            let next = |c: &mut Cursor| {
                c.index += 1;
                c.done = 0;
                c.file = None;
                c.ahead = None;
                c.held = None;
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
                Segment::Base64(LocalData::Memory(b)) => match base64_chunk(&mut c, &b) {
                    Some(chunk) => return Ok(Some((chunk, c))),
                    None => next(&mut c),
                },
                Segment::Data(LocalData::Pieces { path, len, pieces }) => {
                    match pieces_chunk(&mut c, path, len, &pieces).await? {
                        Some(chunk) => return Ok(Some((chunk, c))),
                        None => next(&mut c),
                    }
                }
                Segment::Base64(LocalData::Pieces { path, len, pieces }) => {
                    let b = held_pieces(&mut c, path, len, pieces).await?;
                    match base64_chunk(&mut c, &b) {
                        Some(chunk) => return Ok(Some((chunk, c))),
                        None => next(&mut c),
                    }
                }
                Segment::Data(LocalData::File { path, len })
                | Segment::Base64(LocalData::File { path, len }) => {
                    if c.done >= len {
                        next(&mut c);
                        continue;
                    }
                    let base64 = matches!(c.segments[c.index], Segment::Base64(_));
                    let want = if base64 { BASE64_CHUNK } else { FILE_CHUNK };
                    let chunk_at = |done: u64| {
                        let n = want.min(usize::try_from(len - done).unwrap_or(usize::MAX));
                        (done, n, done + n as u64 == len)
                    };
                    let read = match c.ahead.take() {
                        Some(started) => started,
                        None => {
                            let (at, n, last) = chunk_at(c.done);
                            read_file_chunk(c.file.take(), path.clone(), at, n, len, last)
                        }
                    };
                    let (file, buf) = read.await.map_err(std::io::Error::other)??;
                    c.done += buf.len() as u64;
                    if c.done < len {
                        // Read the next chunk while this one is encoded and sent.
                        let (at, n, last) = chunk_at(c.done);
                        c.ahead = Some(read_file_chunk(Some(file), path, at, n, len, last));
                    }
                    let chunk = if base64 { Bytes::from(base64_encode(&buf)) } else { Bytes::from(buf) };
                    return Ok(Some((chunk, c)));
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests;
