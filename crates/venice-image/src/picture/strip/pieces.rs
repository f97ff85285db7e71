//! A file without its metadata as a list of pieces: ranges of the file,
//! read from disk when the upload is sent, and the few bytes rewritten in
//! memory (a missing RIFF pad byte, a WebP's RIFF size and `VP8X` flags).
//! An upload stripped this way streams from disk like one sent as it is;
//! the pieces make exactly the bytes [`remove_metadata`](super::remove_metadata)
//! builds.

use std::io::{self, Read, Seek, SeekFrom};

use bytes::{Bytes, BytesMut};

use super::{VP8X_EXIF, VP8X_XMP, removable};
use crate::picture::probe::ImageFormat;
use crate::picture::walk::{Kind, Walk};

/// A piece of a file without its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// The file's bytes `start..end`.
    Range {
        /// The first byte's offset in the file.
        start: u64,
        /// The offset after the last byte.
        end: u64,
    },
    /// A few bytes held in memory.
    Bytes(Bytes),
}

impl Piece {
    /// Length in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Self::Range { start, end } => end.saturating_sub(*start),
            Self::Bytes(b) => b.len() as u64,
        }
    }

    /// True for no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The pieces of the file `walk` was made from, its metadata left out:
/// the kept blocks (adjacent ones merged into one range), a missing pad
/// byte, and for a WebP its RIFF size and `VP8X` flags rewritten (the few
/// bytes those need are read from `file`).
pub(crate) fn pieces(walk: &Walk, file: &mut (impl Read + Seek)) -> io::Result<Vec<Piece>> {
    let mut out: Vec<Piece> = Vec::new();
    for block in walk.blocks.iter().filter(|b| !removable(b.kind)) {
        push_range(&mut out, block.start, block.end);
        if let Kind::Riff(_, true) = block.kind {
            out.push(Piece::Bytes(Bytes::from_static(&[0]))); // the missing pad byte
        }
    }
    if walk.format == ImageFormat::Webp {
        fix_riff(&mut out, walk, file)?;
    }
    Ok(out)
}

/// Adds the file's bytes `start..end`, merged with the range before them
/// when it ends where they start.
fn push_range(out: &mut Vec<Piece>, start: u64, end: u64) {
    if start >= end {
        return;
    }
    if let Some(Piece::Range { end: last, .. }) = out.last_mut()
        && *last == start
    {
        *last = end;
        return;
    }
    out.push(Piece::Range { start, end });
}

/// A stripped WebP's RIFF size, and its `VP8X` flags for what was removed
/// (as [`super::fix_riff`] does on bytes in memory).
fn fix_riff(out: &mut Vec<Piece>, walk: &Walk, file: &mut (impl Read + Seek)) -> io::Result<()> {
    let total: u64 = out.iter().map(Piece::len).sum();
    let size = u32::try_from(total.saturating_sub(8)).unwrap_or(u32::MAX);
    if total >= 8 {
        patch(out, file, 4, 4, |field| field.copy_from_slice(&size.to_le_bytes()))?;
    }
    let mut at = 12;
    for block in walk.blocks.iter().filter(|b| !removable(b.kind) && b.kind != Kind::Head) {
        if let Kind::Riff(id, missing_pad) = block.kind {
            if &id == b"VP8X" {
                if at + 8 < total {
                    patch(out, file, at + 8, 1, |flags| flags[0] &= !(VP8X_EXIF | VP8X_XMP))?;
                }
                return Ok(());
            }
            at += block.end.saturating_sub(block.start) + u64::from(missing_pad);
        }
    }
    Ok(())
}

/// Rewrites the `len` bytes at `at` of the pieces' concatenation (all
/// within it) through `rewrite`, as one piece in memory.
fn patch(
    out: &mut Vec<Piece>,
    file: &mut (impl Read + Seek),
    at: u64,
    len: u64,
    rewrite: impl FnOnce(&mut [u8]),
) -> io::Result<()> {
    let end = at + len;
    let mut result = Vec::with_capacity(out.len() + 2);
    let (mut held, mut slot, mut pos) = (BytesMut::new(), None, 0);
    for piece in out.drain(..) {
        let (from, to) = (pos, pos + piece.len());
        pos = to;
        if to <= at || from >= end {
            result.push(piece);
            continue;
        }
        let (lo, hi) = (at.max(from) - from, end.min(to) - from);
        let (before, middle, after) = split(&piece, lo, hi);
        result.extend(before);
        slot.get_or_insert(result.len());
        held.extend_from_slice(&read_piece(file, &middle)?);
        result.extend(after);
    }
    rewrite(&mut held[..]);
    if let Some(slot) = slot {
        result.insert(slot, Piece::Bytes(held.freeze()));
    }
    *out = result;
    Ok(())
}

/// A piece cut at `lo` and `hi` (offsets within it): the part before
/// (if any), the part between, the part after (if any).
fn split(piece: &Piece, lo: u64, hi: u64) -> (Option<Piece>, Piece, Option<Piece>) {
    let nonempty = |p: Piece| (!p.is_empty()).then_some(p);
    match piece {
        Piece::Range { start, end } => (
            nonempty(Piece::Range { start: *start, end: start + lo }),
            Piece::Range { start: start + lo, end: start + hi },
            nonempty(Piece::Range { start: start + hi, end: *end }),
        ),
        Piece::Bytes(b) => {
            let (lo, hi) = (to_usize(lo), to_usize(hi));
            (
                nonempty(Piece::Bytes(b.slice(..lo))),
                Piece::Bytes(b.slice(lo..hi)),
                nonempty(Piece::Bytes(b.slice(hi..))),
            )
        }
    }
}

fn to_usize(at: u64) -> usize {
    usize::try_from(at).unwrap_or(usize::MAX)
}

/// One piece's bytes, read from `file` for a range.
fn read_piece(file: &mut (impl Read + Seek), piece: &Piece) -> io::Result<Bytes> {
    match piece {
        Piece::Bytes(b) => Ok(b.clone()),
        Piece::Range { start, .. } => {
            file.seek(SeekFrom::Start(*start))?;
            let mut buf = vec![0; to_usize(piece.len())];
            file.read_exact(&mut buf)?;
            Ok(Bytes::from(buf))
        }
    }
}

/// The pieces' bytes, read whole into memory (for what cannot stream
/// them: base64 in a JSON body, an image to downscale).
pub fn read_pieces(file: &mut (impl Read + Seek), pieces: &[Piece]) -> io::Result<Bytes> {
    let total: u64 = pieces.iter().map(Piece::len).sum();
    let mut out = BytesMut::with_capacity(to_usize(total));
    for piece in pieces {
        out.extend_from_slice(&read_piece(file, piece)?);
    }
    Ok(out.freeze())
}
