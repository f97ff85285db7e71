//! The blocks of an image container, found from their headers without
//! decoding: JPEG marker segments (and the scans' entropy-coded data, to
//! the end-of-image marker), PNG chunks, WebP (RIFF) chunks and GIF blocks.
//!
//! One walk serves two checks: whether a file is whole ([`whole`](super::whole))
//! and which blocks carry metadata to leave out of an upload
//! ([`strip`](super::strip)). It reads through a 64 KiB window, so a 25 MB
//! file is never held in memory; lengths are never trusted past the file's
//! end; CRCs are not checked (a bad ancillary CRC does not stop the walk).

use std::io::{self, Read, Seek, SeekFrom};

use crate::picture::probe::{ImageFormat, sniff};

/// What is wrong with a container, found by walking it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Flaw {
    /// The file ends before the container does: it was cut short.
    #[error("it ends before {0}")]
    Truncated(String),
    /// A block the walk cannot read where one must be.
    #[error("{0}")]
    Damaged(String),
}

/// One block of a container: its kind and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub kind: Kind,
    pub start: u64,
    pub end: u64,
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The signature and fixed header (JPEG SOI, PNG signature, RIFF
    /// header, GIF header with its screen descriptor and colour table).
    Head,
    /// A JPEG marker segment with its marker; an SOS runs through its
    /// entropy-coded data.
    Jpeg(u8),
    /// A JPEG APP2 segment holding a multi-picture (MPF) index.
    JpegMpf,
    /// A PNG chunk, by type.
    Png([u8; 4]),
    /// A RIFF chunk, by id, and whether its pad byte is missing (the file's
    /// last chunk, odd-sized, written without one).
    Riff([u8; 4], bool),
    /// A GIF extension: its label and, for an application extension, the
    /// application's 11-byte identifier.
    GifExtension(u8, [u8; 11]),
    /// A GIF image (descriptor, colour table and data).
    GifImage,
    /// The container's last block (JPEG EOI, GIF trailer).
    End,
}

/// A container walked to its end.
#[derive(Debug, Clone)]
pub(crate) struct Walk {
    pub format: ImageFormat,
    pub blocks: Vec<Block>,
    /// Where the image ends; bytes after it (a phone's trailer, an MPO's
    /// second picture) are not walked.
    pub end: u64,
}

const WINDOW: usize = 64 * 1024;

/// The most blocks a walk keeps: far more than any real image has (a 25 MB
/// PNG written in 1 KB chunks has about 25,000), and few enough that a
/// file made of tiny blocks (a hostile one) costs at most a few megabytes.
const MAX_BLOCKS: usize = 100_000;

/// Keeps `block`, or says the container has more blocks than any image.
fn keep(blocks: &mut Vec<Block>, block: Block) -> Result<(), Flaw> {
    if blocks.len() >= MAX_BLOCKS {
        return Err(Flaw::Damaged(format!("it has more than {MAX_BLOCKS} blocks, which no image has")));
    }
    blocks.push(block);
    Ok(())
}

/// A reader seen through a window of bytes, bounded by its length.
struct Source<'a, R> {
    f: &'a mut R,
    len: u64,
    buf: Vec<u8>,
    base: u64,
    n: usize,
}

impl<'a, R: Read + Seek> Source<'a, R> {
    fn new(f: &'a mut R, len: u64) -> Self {
        Self { f, len, buf: vec![0; WINDOW], base: 0, n: 0 }
    }

    /// Makes `[at, at + want)` readable from the window when the file has it.
    fn fill(&mut self, at: u64, want: usize) -> io::Result<()> {
        let have = at >= self.base && at + want as u64 <= self.base + self.n as u64;
        if have || at >= self.len {
            return Ok(());
        }
        self.f.seek(SeekFrom::Start(at))?;
        let room = usize::try_from(self.len - at).unwrap_or(WINDOW).min(WINDOW);
        let mut n = 0;
        while n < room {
            match self.f.read(&mut self.buf[n..room]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        (self.base, self.n) = (at, n);
        Ok(())
    }

    /// `N` bytes at `at`, or `None` past the end.
    fn bytes<const N: usize>(&mut self, at: u64) -> io::Result<Option<[u8; N]>> {
        if at.checked_add(N as u64).is_none_or(|end| end > self.len) {
            return Ok(None);
        }
        self.fill(at, N)?;
        let from = usize::try_from(at - self.base).unwrap_or(usize::MAX);
        Ok(self.buf[..self.n].get(from..from.saturating_add(N)).and_then(|s| s.try_into().ok()))
    }

    fn byte(&mut self, at: u64) -> io::Result<Option<u8>> {
        Ok(self.bytes::<1>(at)?.map(|[b]| b))
    }

    /// The next JPEG marker at or after `at`: its code and the position of
    /// its `FF`. Fill bytes, stuffed zeros and restart markers are skipped.
    fn next_marker(&mut self, mut at: u64) -> io::Result<Option<(u8, u64)>> {
        loop {
            if at >= self.len {
                return Ok(None);
            }
            self.fill(at, 2)?;
            let from = usize::try_from(at - self.base).unwrap_or(usize::MAX);
            let Some(window) = self.buf.get(from..self.n).filter(|w| !w.is_empty()) else { return Ok(None) };
            // memchr, not `iter().position`: this scan crosses every byte of
            // a JPEG's picture data, and on a 23 MB photo the byte loop took
            // 8 ms where memchr takes 2 (BENCHMARKS.md, "Keeping the photo").
            let Some(ff) = memchr::memchr(0xFF, window) else {
                at += window.len() as u64;
                continue;
            };
            let ff = at + ff as u64;
            let mut code_at = ff + 1;
            let code = loop {
                match self.byte(code_at)? {
                    None => return Ok(None),
                    Some(0xFF) => code_at += 1,
                    Some(c) => break c,
                }
            };
            if code == 0x00 || (0xD0..=0xD7).contains(&code) {
                at = code_at + 1;
                continue;
            }
            return Ok(Some((code, code_at - 1)));
        }
    }
}

/// Walks the container of `f` (`len` bytes). `Ok(None)`: not a format
/// this walks (the probe judges those).
pub(crate) fn walk(f: &mut (impl Read + Seek), len: u64) -> io::Result<Option<Result<Walk, Flaw>>> {
    let mut src = Source::new(f, len);
    src.fill(0, 16)?;
    let format = match sniff(&src.buf[..src.n.min(16)]) {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Webp | ImageFormat::Gif)) => f,
        _ => return Ok(None),
    };
    let mut blocks = Vec::new();
    let end = match format {
        ImageFormat::Jpeg => jpeg(&mut src, &mut blocks)?,
        ImageFormat::Png => png(&mut src, &mut blocks)?,
        ImageFormat::Webp => webp(&mut src, &mut blocks)?,
        _ => gif(&mut src, &mut blocks)?,
    };
    Ok(Some(end.map(|end| Walk { format, blocks, end })))
}

/// Whether a JPEG marker is followed by a length (all but SOI, EOI, the
/// restart markers and TEM).
fn has_length(marker: u8) -> bool {
    !(0xD0..=0xD9).contains(&marker) && marker != 0x01
}

/// JPEG: the segments to the first scan, the scans, and the end-of-image
/// marker after them (an EXIF thumbnail's own EOI is inside its APP1, and
/// skipped with it).
fn jpeg<R: Read + Seek>(src: &mut Source<'_, R>, blocks: &mut Vec<Block>) -> io::Result<Result<u64, Flaw>> {
    const SOS: u8 = 0xDA;
    const SOI: u8 = 0xD8;
    const EOI: u8 = 0xD9;
    const APP2: u8 = 0xE2;
    blocks.push(Block { kind: Kind::Head, start: 0, end: 2 });
    let (mut at, mut scanned) = (2u64, false);
    loop {
        let Some((marker, pos)) = src.next_marker(at)? else {
            let what = if scanned { "the end-of-image marker after its scan" } else { "its first scan" };
            return Ok(Err(Flaw::Truncated(what.into())));
        };
        if marker == EOI {
            if !scanned {
                return Ok(Err(Flaw::Damaged("it ends (an end-of-image marker) before any scan".into())));
            }
            blocks.push(Block { kind: Kind::End, start: pos, end: pos + 2 });
            return Ok(Ok(pos + 2));
        }
        if marker == SOI {
            return Ok(Err(Flaw::Damaged(format!("a second start-of-image marker at byte {pos}"))));
        }
        let mut end = pos + 2;
        if has_length(marker) {
            let Some(size) = src.bytes::<2>(pos + 2)? else {
                return Ok(Err(Flaw::Truncated(format!("the segment at byte {pos} is complete"))));
            };
            let size = u16::from_be_bytes(size);
            if size < 2 {
                return Ok(Err(Flaw::Damaged(format!("the segment at byte {pos} has a length of {size}"))));
            }
            end += u64::from(size);
            if end > src.len {
                return Ok(Err(Flaw::Truncated(format!("the segment at byte {pos} is complete"))));
            }
        }
        if marker == SOS {
            scanned = true;
            // The entropy-coded data runs to the next marker.
            end = match src.next_marker(end)? {
                Some((_, next)) => next,
                None => return Ok(Err(Flaw::Truncated("the end-of-image marker after its scan".into()))),
            };
        }
        let mpf = marker == APP2 && src.bytes::<4>(pos + 4)?.is_some_and(|sig| &sig == b"MPF\0");
        let kind = if mpf { Kind::JpegMpf } else { Kind::Jpeg(marker) };
        if let Err(flaw) = keep(blocks, Block { kind, start: pos, end }) {
            return Ok(Err(flaw));
        }
        at = end;
    }
}

/// PNG: every chunk header, to `IEND`.
fn png<R: Read + Seek>(src: &mut Source<'_, R>, blocks: &mut Vec<Block>) -> io::Result<Result<u64, Flaw>> {
    blocks.push(Block { kind: Kind::Head, start: 0, end: 8 });
    let mut at = 8u64;
    loop {
        let Some(head) = src.bytes::<8>(at)? else {
            return Ok(Err(Flaw::Truncated("its IEND chunk".into())));
        };
        let size = u64::from(u32::from_be_bytes([head[0], head[1], head[2], head[3]]));
        let kind = [head[4], head[5], head[6], head[7]];
        let end = at + 12 + size;
        if end > src.len {
            let name = String::from_utf8_lossy(&kind).into_owned();
            return Ok(Err(Flaw::Truncated(format!("the end of its {name} chunk"))));
        }
        if let Err(flaw) = keep(blocks, Block { kind: Kind::Png(kind), start: at, end }) {
            return Ok(Err(flaw));
        }
        if &kind == b"IEND" {
            return Ok(Ok(end));
        }
        at = end;
    }
}

/// WebP: the RIFF size against the length, then the chunks inside it. The
/// last chunk may lack its pad byte (some writers leave it out).
fn webp<R: Read + Seek>(src: &mut Source<'_, R>, blocks: &mut Vec<Block>) -> io::Result<Result<u64, Flaw>> {
    let Some(size) = src.bytes::<4>(4)? else { return Ok(Err(Flaw::Truncated("its RIFF header".into()))) };
    let riff_end = u64::from(u32::from_le_bytes(size)) + 8;
    if riff_end > src.len {
        let what = format!("the {riff_end} bytes its RIFF header announces ({} are there)", src.len);
        return Ok(Err(Flaw::Truncated(what)));
    }
    blocks.push(Block { kind: Kind::Head, start: 0, end: 12 });
    let mut at = 12u64;
    while at < riff_end {
        let Some(head) = src.bytes::<8>(at)? else {
            return Ok(Err(Flaw::Damaged(format!("a chunk header at byte {at} is cut by the RIFF size"))));
        };
        let id = [head[0], head[1], head[2], head[3]];
        let size = u64::from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]));
        let data_end = at + 8 + size;
        if data_end > riff_end {
            let name = String::from_utf8_lossy(&id).into_owned();
            return Ok(Err(Flaw::Truncated(format!("the end of its {name} chunk"))));
        }
        let end = (data_end + (size & 1)).min(riff_end);
        let block = Block { kind: Kind::Riff(id, size & 1 == 1 && end == data_end), start: at, end };
        if let Err(flaw) = keep(blocks, block) {
            return Ok(Err(flaw));
        }
        at = end;
    }
    Ok(Ok(riff_end))
}

/// GIF: the header, then extensions and images, to the trailer (`0x3B`).
fn gif<R: Read + Seek>(src: &mut Source<'_, R>, blocks: &mut Vec<Block>) -> io::Result<Result<u64, Flaw>> {
    let cut = |what: &str| -> io::Result<Result<u64, Flaw>> { Ok(Err(Flaw::Truncated(what.into()))) };
    let Some(flags) = src.byte(10)? else { return cut("its screen descriptor") };
    let mut at = 13 + colour_table(flags);
    blocks.push(Block { kind: Kind::Head, start: 0, end: at });
    loop {
        let start = at;
        let kind = match src.byte(at)? {
            None => return cut("its trailer (0x3B)"),
            Some(0x3B) => {
                blocks.push(Block { kind: Kind::End, start, end: at + 1 });
                return Ok(Ok(at + 1));
            }
            Some(0x21) => {
                let Some(label) = src.byte(at + 1)? else { return cut("the end of an extension") };
                let mut app = [0u8; 11];
                if label == 0xFF && src.byte(at + 2)? == Some(11) {
                    app = src.bytes::<11>(at + 3)?.unwrap_or_default();
                }
                at += 2;
                Kind::GifExtension(label, app)
            }
            Some(0x2C) => {
                let Some(flags) = src.byte(at + 9)? else { return cut("the end of an image descriptor") };
                at += 10 + colour_table(flags) + 1; // descriptor, local table, LZW code size
                Kind::GifImage
            }
            Some(other) => {
                return Ok(Err(Flaw::Damaged(format!("byte {at} (0x{other:02X}) starts no GIF block"))));
            }
        };
        let Some(end) = sub_blocks(src, at)? else { return cut("the end of a block's data") };
        if let Err(flaw) = keep(blocks, Block { kind, start, end }) {
            return Ok(Err(flaw));
        }
        at = end;
    }
}

/// The size of a GIF colour table from its flags byte.
fn colour_table(flags: u8) -> u64 {
    if flags & 0x80 == 0 { 0 } else { 3 << ((flags & 7) + 1) }
}

/// The end of the GIF sub-blocks at `at` (after their zero terminator).
fn sub_blocks<R: Read + Seek>(src: &mut Source<'_, R>, mut at: u64) -> io::Result<Option<u64>> {
    loop {
        match src.byte(at)? {
            None => return Ok(None),
            Some(0) => return Ok(Some(at + 1)),
            Some(n) => at += 1 + u64::from(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(bytes: &[u8]) -> Result<Walk, Flaw> {
        walk(&mut io::Cursor::new(bytes), bytes.len() as u64).unwrap().unwrap()
    }

    #[test]
    fn each_format_walks_to_its_end_and_no_further() {
        use venice_mock::fixtures;
        for bytes in
            [fixtures::jpeg(64, 48), fixtures::png(64, 48), fixtures::webp(64, 48), fixtures::gif(64, 48)]
        {
            let w = walked(&bytes).unwrap();
            assert_eq!(w.end, bytes.len() as u64, "{:?}", w.format);
            assert!(w.blocks.windows(2).all(|b| b[0].end <= b[1].start), "{:?} in order", w.format);
        }
    }

    #[test]
    fn a_file_of_tiny_blocks_is_refused_without_keeping_them_all() {
        // 200,000 empty COM segments (4 bytes each) before the scan.
        let mut bytes = vec![0xFF, 0xD8];
        for _ in 0..200_000 {
            bytes.extend_from_slice(&[0xFF, 0xFE, 0, 2]);
        }
        bytes.extend_from_slice(&[0xFF, 0xDA, 0, 2, 0x11, 0xFF, 0xD9]);
        assert!(matches!(walked(&bytes), Err(Flaw::Damaged(m)) if m.contains("blocks")));
    }

    #[test]
    fn a_segment_length_under_2_or_a_second_start_marker_is_damage() {
        let short = [0xFF, 0xD8, 0xFF, 0xE1, 0, 0, 0xFF, 0xDA, 0, 2, 0x11, 0xFF, 0xD9];
        assert!(matches!(walked(&short), Err(Flaw::Damaged(m)) if m.contains("length of 0")));
        let twice = [0xFF, 0xD8, 0xFF, 0xD8, 0xFF, 0xDA, 0, 2, 0x11, 0xFF, 0xD9];
        assert!(matches!(walked(&twice), Err(Flaw::Damaged(m)) if m.contains("second start-of-image")));
    }

    #[test]
    fn a_window_boundary_inside_a_marker_is_read_across() {
        // A marker's FF at the last byte of a window, its code in the next.
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xDA, 0, 2];
        bytes.resize(WINDOW - 1, 0x11);
        bytes.extend_from_slice(&[0xFF, 0xD9]);
        let w = walked(&bytes).unwrap();
        assert_eq!(w.end, bytes.len() as u64);
        assert_eq!(w.blocks.last().map(|b| b.start), Some(WINDOW as u64 - 1));
    }

    #[test]
    fn out_of_range_reads_are_none_not_panics() {
        let bytes = [0u8; 3];
        let mut cursor = io::Cursor::new(&bytes[..]);
        let mut src = Source::new(&mut cursor, 3);
        assert_eq!(src.bytes::<4>(0).unwrap(), None);
        assert_eq!(src.bytes::<2>(u64::MAX - 1).unwrap(), None);
        assert_eq!(src.next_marker(0).unwrap(), None);
    }
}
