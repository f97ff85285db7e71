//! Where an input image comes from, and checking it before anything is sent.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use bytes::Bytes;

use crate::error::{Error, InvalidInput, Rule};
use crate::limits::{MAX_FILE_BYTES, MAX_FIT_INPUT, MAX_PIXELS};
use crate::picture::probe::{self, ImageInfo, ProbeError};
use crate::picture::strip::remove_metadata;
use crate::picture::walk::{Flaw, Walk};
use crate::request::encode::LocalData;
use crate::support::human::megabytes;

/// An input image. Explicit about what it is: a bare string is never
/// guessed to be a path, a URL or base64.
///
/// ```
/// use venice_image::ImageSource;
///
/// let from_disk = ImageSource::path("photo.jpg");
/// let from_web = ImageSource::url("https://example.com/canal.jpg");
/// let in_memory = ImageSource::bytes(vec![0x89, b'P', b'N', b'G']);
/// assert!(matches!(from_web, ImageSource::Url(_)));
/// # let _ = (from_disk, in_memory);
/// ```
#[non_exhaustive]
pub enum ImageSource {
    /// A file, streamed from disk when sent.
    Path(PathBuf),
    /// Bytes in memory, with an optional file name for the upload.
    Bytes {
        /// The image.
        data: Bytes,
        /// The name to give the file part.
        filename: Option<String>,
    },
    /// Base64 text, with or without a `data:image/...;base64,` prefix.
    Base64(String),
    /// An `http(s)` URL the service fetches itself.
    Url(String),
    /// A reader such as standard input, read once when the request is prepared.
    Reader {
        /// The reader.
        reader: Box<dyn Read + Send>,
        /// The name to give the file part.
        filename: Option<String>,
    },
}

impl fmt::Debug for ImageSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Path(p) => f.debug_tuple("Path").field(p).finish(),
            Self::Bytes { data, filename } => {
                f.debug_struct("Bytes").field("len", &data.len()).field("filename", filename).finish()
            }
            Self::Base64(s) => f.debug_struct("Base64").field("len", &s.len()).finish(),
            Self::Url(u) => f.debug_tuple("Url").field(u).finish(),
            Self::Reader { filename, .. } => f.debug_struct("Reader").field("filename", filename).finish(),
        }
    }
}

impl ImageSource {
    /// A file on disk.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Self::Path(path.into())
    }
    /// Bytes in memory.
    pub fn bytes(data: impl Into<Bytes>) -> Self {
        Self::Bytes { data: data.into(), filename: None }
    }
    /// Base64 text (a `data:` URL prefix is allowed).
    pub fn base64(text: impl Into<String>) -> Self {
        Self::Base64(text.into())
    }
    /// An `http(s)` URL, checked when the request is prepared.
    pub fn url(url: impl Into<String>) -> Self {
        Self::Url(url.into())
    }
    /// A reader, read once when the request is prepared.
    pub fn reader(reader: impl Read + Send + 'static) -> Self {
        Self::Reader { reader: Box::new(reader), filename: None }
    }
    /// Standard input.
    pub fn stdin() -> Self {
        Self::Reader { reader: Box::new(std::io::stdin()), filename: Some("stdin".into()) }
    }
    /// Gives the upload a file name (for `Bytes` and `Reader`).
    pub fn with_filename(self, name: impl Into<String>) -> Self {
        match self {
            Self::Bytes { data, .. } => Self::Bytes { data, filename: Some(name.into()) },
            Self::Reader { reader, .. } => Self::Reader { reader, filename: Some(name.into()) },
            other => other,
        }
    }
}

/// A checked input, ready to be put in a body.
#[derive(Debug, Clone)]
pub struct CheckedImage {
    /// The field it goes in (`image`, `images[2]`).
    pub(crate) field: String,
    /// Where it came from, for messages: a path, `stdin`, `bytes`, a URL.
    pub(crate) origin: String,
    pub(crate) kind: Checked,
    /// Metadata was removed from the bytes sent (see [`crate::picture::strip`]).
    pub(crate) stripped: bool,
}

impl CheckedImage {
    /// The field it goes in (`image`, `images[2]`).
    pub fn field(&self) -> &str {
        &self.field
    }
    /// Where it came from: a path, `stdin`, the image bytes, a URL.
    pub fn origin(&self) -> &str {
        &self.origin
    }
    /// The URL the service fetches, for a URL input.
    pub fn url(&self) -> Option<&str> {
        match &self.kind {
            Checked::Url(u) => Some(u),
            Checked::Local { .. } => None,
        }
    }
    /// What the header says, for a local image.
    pub fn info(&self) -> Option<&ImageInfo> {
        match &self.kind {
            Checked::Local { info, .. } => Some(info),
            Checked::Url(_) => None,
        }
    }
    /// Whether metadata (EXIF, XMP, IPTC, comments, text chunks) was removed
    /// from the bytes sent; see [`UploadOptions::keep_metadata_in_upload`](crate::UploadOptions).
    pub fn metadata_removed(&self) -> bool {
        self.stripped
    }
    /// Its size in bytes (as sent), for a local image.
    pub fn bytes(&self) -> Option<u64> {
        match &self.kind {
            Checked::Local { data, .. } => Some(data.len()),
            Checked::Url(_) => None,
        }
    }
}

/// A checked local image, or a URL passed through.
#[derive(Debug, Clone)]
pub(crate) enum Checked {
    /// Bytes we send.
    Local {
        /// The bytes, on disk or in memory.
        data: LocalData,
        /// What its header says.
        info: ImageInfo,
        /// The file name for a multipart part.
        filename: String,
    },
    /// A URL the service fetches.
    Url(String),
}

fn invalid(field: &str, rule: Rule, message: String) -> InvalidInput {
    InvalidInput::new(field, rule, message)
}

/// Checks a URL: `http` or `https`, with a host.
pub(crate) fn check_url(field: &str, url: &str) -> Result<String, InvalidInput> {
    let bad = |why: &str| {
        invalid(
            field,
            Rule::InvalidUrl,
            format!(
                "{url:?} {why}; only http:// and https:// URLs can be sent (for a local file, pass its path)"
            ),
        )
    };
    let parsed = reqwest::Url::parse(url).map_err(|_| bad("is not a valid URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad(&format!("uses the {} scheme", parsed.scheme())));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    Ok(parsed.to_string())
}

/// Decodes base64 text, with or without a `data:...;base64,` prefix.
pub(crate) fn decode_base64(field: &str, text: &str) -> Result<Bytes, InvalidInput> {
    let payload = match text.strip_prefix("data:") {
        Some(rest) => match rest.split_once(',') {
            Some((meta, data)) if meta.ends_with(";base64") => data,
            _ => {
                return Err(invalid(
                    field,
                    Rule::InvalidBase64,
                    "a data: URL must be of the form data:image/png;base64,<data>".into(),
                ));
            }
        },
        None => text,
    };
    base64_simd::forgiving_decode_to_vec(payload.trim().as_bytes()).map(Bytes::from).map_err(|_| {
        invalid(
            field,
            Rule::InvalidBase64,
            "the text is not valid base64; pass raw bytes or a file instead".into(),
        )
    })
}

fn probe_error(field: &str, origin: &str, e: ProbeError) -> InvalidInput {
    match e {
        ProbeError::Empty => {
            invalid(field, Rule::CorruptImage, format!("{origin} is empty; pass an image file"))
        }
        ProbeError::Unknown => invalid(
            field,
            Rule::UnsupportedFormat,
            format!("{origin} is not an image Venice takes (PNG, JPEG, WebP or GIF), whatever its name says"),
        ),
        ProbeError::Unsupported(f) => invalid(
            field,
            Rule::UnsupportedFormat,
            format!("{origin} is a {f} image; Venice takes PNG, JPEG, WebP or GIF: convert it first"),
        ),
        ProbeError::Truncated(f) => invalid(
            field,
            Rule::CorruptImage,
            format!("{origin} is a truncated {f} file (its header ends early)"),
        ),
        ProbeError::Corrupt(f, why) => {
            invalid(field, Rule::CorruptImage, format!("{origin} is not a readable {f} file: {why}"))
        }
        ProbeError::Io(io) => invalid(field, Rule::Unreadable, format!("cannot read {origin}: {io}")),
    }
}

/// The refusal of a container cut short or damaged.
fn flaw_error(field: &str, origin: &str, flaw: Flaw) -> InvalidInput {
    match flaw {
        Flaw::Truncated(what) => invalid(
            field,
            Rule::Truncated,
            format!(
                "{origin} is truncated: {what}; the file was cut short (an interrupted download or copy, \
                 or still being written): copy or export it again, whole"
            ),
        ),
        Flaw::Damaged(why) => invalid(
            field,
            Rule::CorruptImage,
            format!("{origin} is damaged: {why}; export it again from the original"),
        ),
    }
}

/// The refusal of an upload whose metadata cannot be removed.
fn not_removable(field: &str, origin: &str, flaw: &Flaw) -> InvalidInput {
    invalid(
        field,
        Rule::MetadataNotRemovable,
        format!(
            "{origin} may carry metadata (a location, names) that cannot be removed: {flaw}; it was not sent. \
             Export it again, or send it as it is with --keep-metadata-in-upload (keep_metadata_in_upload)"
        ),
    )
}

/// Walks the file's container once: refuses it when it is cut short or
/// damaged, and answers with the walk when it holds metadata an upload
/// leaves out.
fn walk_file(field: &str, origin: &str, path: &Path, len: u64) -> Result<Option<Walk>, InvalidInput> {
    let mut file = std::fs::File::open(path).map_err(|e| unreadable(field, path, &e))?;
    match crate::picture::walk::walk(&mut file, len).map_err(|e| unreadable(field, path, &e))? {
        None => Ok(None),
        Some(Ok(walk)) => Ok(crate::picture::strip::has_metadata(&walk, len).then_some(walk)),
        Some(Err(flaw)) => Err(flaw_error(field, origin, flaw)),
    }
}

fn is_over(info: &ImageInfo, len: u64) -> bool {
    info.pixels() > MAX_PIXELS || len >= MAX_FILE_BYTES
}

fn read_limited(reader: &mut impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    reader.take(limit + 1).read_to_end(&mut out)?;
    Ok(out)
}

/// Checks one source (blocking: reads headers from disk). With `fit`, an
/// image over the limits is downscaled (and EXIF-rotated) in memory, and
/// the change is reported; so is one converted before upload (turned
/// upright, CMYK, 16-bit: `picture::convert`). Unless the upload keeps it,
/// metadata is removed from the bytes sent (a file is streamed from disk
/// either way: one with metadata as the pieces of it that are kept).
pub(crate) fn check(
    field: &str,
    source: ImageSource,
    upload: crate::request::options::UploadOptions,
) -> Result<(CheckedImage, Option<crate::picture::fit::FitReport>), InvalidInput> {
    let (fit, strip) = (upload.fit, !upload.keep_metadata_in_upload);
    let (origin, data, filename) = match source {
        ImageSource::Url(url) => {
            let url = check_url(field, &url)?;
            return Ok((
                CheckedImage {
                    field: field.into(),
                    origin: url.clone(),
                    kind: Checked::Url(url),
                    stripped: false,
                },
                None,
            ));
        }
        ImageSource::Path(path) => return check_path(field, path, fit, strip),
        ImageSource::Bytes { data, filename } => {
            ("the image bytes".into(), data, filename.unwrap_or_else(|| "image".into()))
        }
        ImageSource::Base64(text) => {
            ("the base64 image".into(), decode_base64(field, &text)?, "image".into())
        }
        ImageSource::Reader { reader, filename } => {
            let name = filename.unwrap_or_else(|| "stdin".into());
            let bytes = read_stream(field, &name, reader, fit)?;
            (name.clone(), bytes, name)
        }
    };
    finish_bytes(field, origin, data, filename, fit, strip)
}

/// [`check`] of a path: a file is probed from its header and streamed from
/// disk (as the pieces of it that are kept, when metadata is removed); a
/// pipe is read as a stream; a file to fit or convert is read whole.
fn check_path(
    field: &str,
    path: PathBuf,
    fit: bool,
    strip: bool,
) -> Result<(CheckedImage, Option<crate::picture::fit::FitReport>), InvalidInput> {
    let origin = path.display().to_string();
    let meta = std::fs::metadata(&path).map_err(|e| unreadable(field, &path, &e))?;
    if meta.is_dir() {
        return Err(invalid(
            field,
            Rule::Unreadable,
            format!("{origin} is a directory; pass an image file (the CLI takes folders with --out-dir)"),
        ));
    }
    let file = std::fs::File::open(&path).map_err(|e| unreadable(field, &path, &e))?;
    if !meta.is_file() {
        // A pipe, `<(...)` or a device: its length says nothing, and
        // it can be read once. Read it as a stream.
        let name = path.file_name().map_or_else(|| "stdin".into(), |n| n.to_string_lossy().into_owned());
        let bytes = read_stream(field, &origin, file, fit)?;
        return finish_bytes(field, origin, bytes, name, fit, strip);
    }
    let len = meta.len();
    let info = match probe::probe(file) {
        Ok(info) => info,
        #[cfg(not(feature = "heif"))]
        Err(ProbeError::Unsupported(format)) if probe::is_heif(format) => {
            // Refused without reading it: this build cannot convert it.
            return Err(crate::picture::heif::refusal(field, &origin, format));
        }
        #[cfg(feature = "heif")]
        Err(ProbeError::Unsupported(format)) if probe::is_heif(format) => {
            // Decoded and re-encoded in memory (see `finish_bytes`).
            let bytes = read_whole(field, &origin, &path, len)?;
            let name = path.file_name().map_or_else(|| "image".into(), |n| n.to_string_lossy().into_owned());
            return finish_bytes(field, origin, bytes, name, fit, strip);
        }
        Err(e) => return Err(probe_error(field, &origin, e)),
    };
    let filename = path.file_name().map_or_else(|| "image".into(), |n| n.to_string_lossy().into_owned());
    if !(fit && is_over(&info, len)) {
        crate::picture::bounds::check_bounds(field, &origin, &info, len)?;
    }
    if !((fit && is_over(&info, len)) || (strip && crate::picture::convert::needed(&info))) {
        let (data, stripped) = match walk_file(field, &origin, &path, len)? {
            Some(walk) if strip => {
                // The pieces kept, streamed from disk like a file sent as it is.
                let pieces = std::fs::File::open(&path)
                    .and_then(|mut file| crate::picture::strip::pieces(&walk, &mut file))
                    .map_err(|e| unreadable(field, &path, &e))?;
                (LocalData::Pieces { path, len, pieces }, true)
            }
            _ => (LocalData::File { path, len }, false),
        };
        return Ok((
            CheckedImage {
                field: field.into(),
                origin,
                kind: Checked::Local { data, info, filename },
                stripped,
            },
            None,
        ));
    }
    let bytes = read_whole(field, &origin, &path, len)?;
    finish_bytes(field, origin, bytes, filename, fit, strip)
}

/// Reads a file to fit or convert it in memory, refusing before reading
/// one larger than that is done for.
fn read_whole(field: &str, origin: &str, path: &Path, len: u64) -> Result<Bytes, InvalidInput> {
    if len > MAX_FIT_INPUT {
        return Err(invalid(
            field,
            Rule::FileTooLarge,
            format!(
                "{origin} is {}; --fit and conversions read at most {}: downscale it with an image editor",
                megabytes(len),
                megabytes(MAX_FIT_INPUT)
            ),
        ));
    }
    std::fs::read(path).map(Bytes::from).map_err(|e| unreadable(field, path, &e))
}

/// Reads a stream whole, up to the most a file may hold (more when fitting).
fn read_stream(field: &str, name: &str, mut reader: impl Read, fit: bool) -> Result<Bytes, InvalidInput> {
    let limit = if fit { MAX_FIT_INPUT } else { MAX_FILE_BYTES };
    let bytes = read_limited(&mut reader, limit)
        .map_err(|e| invalid(field, Rule::Unreadable, format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(invalid(
            field,
            Rule::FileTooLarge,
            format!("{name} holds more than {}; files must be under 25 MB", megabytes(limit)),
        ));
    }
    Ok(Bytes::from(bytes))
}

/// Checks (and with `fit`, fits) an image held in memory.
fn finish_bytes(
    field: &str,
    origin: String,
    data: Bytes,
    filename: String,
    fit: bool,
    strip: bool,
) -> Result<(CheckedImage, Option<crate::picture::fit::FitReport>), InvalidInput> {
    // HEIC and AVIF: decoded and re-encoded as JPEG (or PNG) first, then
    // checked (and fitted) like any other.
    let (data, heif) = match probe::sniff_heif(&data) {
        Some(format) => {
            let (bytes, _, report) = crate::picture::heif::convert(field, &origin, &data, format, fit)?;
            (bytes, Some(report))
        }
        None => (data, None),
    };
    let info = probe::probe_bytes(&data).map_err(|e| probe_error(field, &origin, e))?;
    crate::picture::whole::check_bytes(&data).map_err(|flaw| flaw_error(field, &origin, flaw))?;
    let len = data.len() as u64;
    let (data, info, report) = if fit && is_over(&info, len) {
        let (bytes, new_info, mut report) = crate::picture::fit::fit(field, &origin, &data, &info)?;
        if let Some(h) = &heif {
            // Fitted from the HEIC's own size, and said to be converted.
            report.from = h.from;
            report.converted = h.converted.clone();
            report.converted.push(format!("fitted from {}x{}", h.from.0, h.from.1));
        }
        (bytes, new_info, Some(report))
    } else if let Some(report) = heif {
        crate::picture::bounds::check_bounds(field, &origin, &info, len)?;
        (data, info, Some(report))
    } else {
        crate::picture::bounds::check_bounds(field, &origin, &info, len)?;
        if strip && crate::picture::convert::needed(&info) {
            // Turned upright, or into what Venice takes; without metadata.
            let (bytes, new_info, report) = crate::picture::convert::convert(field, &origin, &data, &info)?;
            (bytes, new_info, Some(report))
        } else {
            (data, info, None)
        }
    };
    let filename = match report {
        Some(_) => format!(
            "{}.{}",
            Path::new(&filename).file_stem().map_or("image".into(), |s| s.to_string_lossy()),
            info.format.extension()
        ),
        None => filename,
    };
    // A fitted image was encoded anew, without metadata; others lose theirs here.
    let clean = match strip && report.is_none() {
        true => remove_metadata(&data).map_err(|flaw| not_removable(field, &origin, &flaw))?,
        false => None,
    };
    let converted = report.as_ref().is_some_and(|r| !r.converted.is_empty());
    let stripped = clean.is_some() || converted;
    let data = clean.unwrap_or(data);
    let kind = Checked::Local { data: LocalData::Memory(data), info, filename };
    Ok((CheckedImage { field: field.into(), origin, kind, stripped }, report))
}

/// Refuses to send a file whose length changed since it was checked.
pub(crate) fn check_unchanged(images: &[CheckedImage]) -> Result<(), Error> {
    for image in images {
        if let Checked::Local {
            data: LocalData::File { path, len } | LocalData::Pieces { path, len, .. },
            ..
        } = &image.kind
        {
            let now = std::fs::metadata(path)
                .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
            if now.len() != *len {
                return Err(Error::io(
                    format!("{} changed since it was checked", path.display()),
                    std::io::Error::other("file length changed"),
                ));
            }
        }
    }
    Ok(())
}

fn unreadable(field: &str, path: &Path, e: &std::io::Error) -> InvalidInput {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "does not exist; check the path".to_owned(),
        std::io::ErrorKind::PermissionDenied => "cannot be read (permission denied)".to_owned(),
        _ => format!("cannot be read: {e}"),
    };
    invalid(field, Rule::Unreadable, format!("{} {what}", path.display()))
}

#[cfg(test)]
mod tests;
