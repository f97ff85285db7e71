//! A JPEG stored on its side turned upright without re-encoding: the
//! rotation or flip its EXIF orientation asks for, done on the DCT
//! coefficients by libjpeg-turbo's lossless transforms (`turbojpeg`,
//! feature `lossless-jpeg`, on in the `venice` binary), so the model is
//! sent exactly the photo's pixels. Only a perfect transform is taken: when
//! the edge the transform moves is not made of whole blocks (a width or
//! height that is not a multiple of the block size), nothing is returned
//! and the caller re-encodes instead (and says so). The result keeps every
//! marker of the original (its ICC profile among them); the caller strips
//! the metadata as for any upload.

use bytes::Bytes;

/// `data` turned as EXIF `orientation` (2 to 8) says, losslessly, or `None`
/// when that cannot be done perfectly (or this build has no turbojpeg).
#[cfg(feature = "lossless-jpeg")]
pub(crate) fn losslessly(data: &[u8], orientation: u8) -> Option<Bytes> {
    use turbojpeg::TransformOp;
    let op = match orientation {
        2 => TransformOp::Hflip,
        3 => TransformOp::Rot180,
        4 => TransformOp::Vflip,
        5 => TransformOp::Transpose,
        6 => TransformOp::Rot90,
        7 => TransformOp::Transverse,
        8 => TransformOp::Rot270,
        _ => return None,
    };
    let mut transform = turbojpeg::Transform::op(op);
    transform.perfect = true;
    turbojpeg::transform(&transform, data).ok().map(|turned| Bytes::copy_from_slice(&turned))
}

/// Without the `lossless-jpeg` feature: never (the caller re-encodes).
#[cfg(not(feature = "lossless-jpeg"))]
pub(crate) fn losslessly(_data: &[u8], _orientation: u8) -> Option<Bytes> {
    None
}

#[cfg(all(test, feature = "lossless-jpeg"))]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 5) as u8, ((x + y) * 3) as u8])
        });
        crate::picture::convert::jpeg(&img, 90, None).unwrap()
    }

    #[test]
    fn whole_blocks_turn_and_partial_ones_are_left_to_re_encoding() {
        let turned = losslessly(&jpeg(320, 256), 6).unwrap();
        let info = crate::picture::probe::probe_bytes(&turned).unwrap();
        assert_eq!((info.width, info.height), (256, 320));
        // Turning the picture on the blocks gives the same pixels as
        // decoding and turning it.
        let want = image::load_from_memory(&jpeg(320, 256)).unwrap().rotate90().into_rgb8();
        let got = image::load_from_memory(&turned).unwrap().into_rgb8();
        let off = want
            .pixels()
            .zip(got.pixels())
            .filter(|(a, b)| a.0.iter().zip(b.0).any(|(x, y)| x.abs_diff(y) > 2));
        assert!(off.count() * 100 < (256 * 320), "the same pixels, within chroma upsampling");
        // A 90° turn clockwise brings the bottom edge to the left, where a
        // partial block cannot be: 250 is not a whole number of blocks
        // (8 or 16 pixels); a partial right edge goes to the bottom, fine.
        assert!(losslessly(&jpeg(320, 250), 6).is_none());
        assert!(losslessly(&jpeg(330, 256), 6).is_some());
        assert!(losslessly(&jpeg(320, 256), 1).is_none());
    }
}
