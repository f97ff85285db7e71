//! The part of an image file its metadata lives in, read without the
//! picture: a JPEG's segments before its first scan, a PNG's chunks but its
//! image data (`IDAT`), a WebP's chunks but its image data (`VP8 `, `VP8L`,
//! `ALPH`, `ANMF`), each skipped by its header's length. The blocks kept
//! are laid out as a small container of the same format (a JPEG closed by
//! its end marker; a PNG's chunks with their own CRCs; a RIFF whose size
//! counts what was kept), which the container reader takes as it takes
//! the whole file: what it reads of ICC, EXIF and XMP is the same, and a
//! 25 MB photo costs a few kilobytes.
//!
//! Reads go through a `BufReader`; lengths are never trusted past the
//! file's end (a block that runs past it ends the read: what came before
//! is kept).

use std::io::{self, BufReader, Read, Seek, SeekFrom};

use crate::picture::probe::{ImageFormat, sniff};

/// PNG chunks of picture data.
const PNG_DATA: [&[u8; 4]; 2] = [b"IDAT", b"fdAT"];
/// WebP chunks of picture data.
const WEBP_DATA: [&[u8; 4]; 4] = [b"VP8 ", b"VP8L", b"ALPH", b"ANMF"];

/// The metadata-bearing blocks of the image in `file` (`len` bytes) as a
/// small image of its format; `None` for formats without metadata here
/// (GIF, unknown bytes).
pub(crate) fn read(file: impl Read + Seek, len: u64) -> io::Result<Option<Vec<u8>>> {
    let mut f = BufReader::with_capacity(16 * 1024, file);
    let mut start = [0u8; 16];
    let n = read_up_to(&mut f, &mut start)?;
    f.seek(SeekFrom::Start(0))?;
    Ok(match sniff(&start[..n]) {
        Some(ImageFormat::Jpeg) => Some(jpeg(&mut f, len)?),
        Some(ImageFormat::Png) => Some(png(&mut f, len)?),
        Some(ImageFormat::Webp) => Some(webp(&mut f, len)?),
        _ => None,
    })
}

fn read_up_to(f: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// `n` bytes, or `None` when the file ends first.
fn take(f: &mut impl Read, n: u64) -> io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    f.take(n).read_to_end(&mut out)?;
    Ok((out.len() as u64 == n).then_some(out))
}

/// A JPEG's segments up to (not into) its first scan, then its end marker:
/// what the container reader parses of the whole file, which takes
/// everything from the scan on as picture data.
fn jpeg<R: Read + Seek>(f: &mut R, len: u64) -> io::Result<Vec<u8>> {
    let mut out = vec![0xFF, 0xD8];
    let mut at = 2u64;
    f.seek(SeekFrom::Start(at))?;
    while at < len {
        let Some(head) = take(f, 2)? else { break };
        if head[0] != 0xFF {
            // Not a marker where one must be: stop; what came before stays.
            break;
        }
        let marker = head[1];
        if marker == 0xFF {
            // Fill byte: the marker follows.
            f.seek(SeekFrom::Start(at + 1))?;
            at += 1;
            continue;
        }
        // Markers without a length (SOI, EOI, RSTn, TEM) carry nothing.
        if (0xD0..=0xD9).contains(&marker) || marker == 0x01 {
            if marker == 0xD9 {
                break;
            }
            at += 2;
            continue;
        }
        if marker == 0xDA {
            break;
        }
        let Some(size) = take(f, 2)? else { break };
        let size = u64::from(u16::from_be_bytes([size[0], size[1]]));
        if size < 2 || at + 2 + size > len {
            break;
        }
        let Some(body) = take(f, size - 2)? else { break };
        out.extend_from_slice(&head);
        out.extend_from_slice(&(size as u16).to_be_bytes());
        out.extend_from_slice(&body);
        at += 2 + size;
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    Ok(out)
}

/// A PNG's chunks but its picture data, each as it was (length, type,
/// data, CRC), to `IEND`.
fn png<R: Read + Seek>(f: &mut R, len: u64) -> io::Result<Vec<u8>> {
    let Some(mut out) = take(f, 8)? else { return Ok(Vec::new()) };
    let mut at = 8u64;
    while at + 12 <= len {
        let Some(head) = take(f, 8)? else { break };
        let size = u64::from(u32::from_be_bytes([head[0], head[1], head[2], head[3]]));
        let kind: [u8; 4] = [head[4], head[5], head[6], head[7]];
        let next = at + 12 + size;
        if next > len {
            break;
        }
        if PNG_DATA.contains(&&kind) {
            f.seek(SeekFrom::Start(next))?;
        } else {
            let Some(rest) = take(f, size + 4)? else { break };
            out.extend_from_slice(&head);
            out.extend_from_slice(&rest);
        }
        at = next;
        if &kind == b"IEND" {
            break;
        }
    }
    Ok(out)
}

/// A WebP's chunks but its picture data, in a RIFF whose size counts them.
fn webp<R: Read + Seek>(f: &mut R, len: u64) -> io::Result<Vec<u8>> {
    let Some(riff) = take(f, 12)? else { return Ok(Vec::new()) };
    let declared = u64::from(u32::from_le_bytes([riff[4], riff[5], riff[6], riff[7]]));
    let end = (declared + 8).min(len);
    let mut chunks = Vec::new();
    let mut at = 12u64;
    while at + 8 <= end {
        let Some(head) = take(f, 8)? else { break };
        let size = u64::from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]));
        let padded = size + (size & 1);
        let id: [u8; 4] = [head[0], head[1], head[2], head[3]];
        if at + 8 + size > end {
            break;
        }
        if WEBP_DATA.contains(&&id) {
            f.seek(SeekFrom::Start(at + 8 + padded))?;
        } else {
            let Some(data) = take(f, size)? else { break };
            chunks.extend_from_slice(&head);
            chunks.extend_from_slice(&data);
            if size & 1 == 1 {
                // The pad byte, written even where the file's last chunk had none.
                chunks.push(0);
                f.seek(SeekFrom::Start(at + 8 + padded))?;
            }
        }
        at += 8 + padded;
    }
    let mut out = b"RIFF".to_vec();
    let size = u32::try_from(chunks.len() + 4).unwrap_or(u32::MAX);
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&chunks);
    Ok(out)
}
