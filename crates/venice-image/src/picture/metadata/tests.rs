//! Outputs keep the input's profile and date, lose its GPS, and record
//! their steps, in every format; a signed answer is left alone.

use bytes::Bytes;
use venice_mock::photo::{self, Carried};

use super::*;

fn answer(format: image::ImageFormat) -> Bytes {
    let img = image::DynamicImage::ImageRgb8(venice_mock::fixtures::picture(300, 200));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    Bytes::from(out.into_inner())
}

fn pixels(bytes: &[u8]) -> Vec<u8> {
    image::load_from_memory(bytes).unwrap().into_rgba8().into_raw()
}

fn step() -> Step {
    Step {
        model: Some("firered-image-edit".into()),
        prompt: Some("a <sunrise> & sea".into()),
        request_id: Some("8f00-AMS".into()),
        cost_usd: Some(0.04),
        ..Step::new("edit")
    }
}

#[test]
fn every_format_keeps_profile_and_date_not_gps_and_records_the_step() {
    let input = InputMetadata::read(&Bytes::from(photo::photo(320, 240)));
    for format in [image::ImageFormat::Png, image::ImageFormat::Jpeg, image::ImageFormat::WebP] {
        let answer = answer(format);
        let done = finish(answer.clone(), &input, &MetadataOptions::default(), false, Some(step()));
        assert!(done.sidecar.is_none());
        let c = Carried::of(&done.bytes);
        assert_eq!(c.icc, Some(photo::icc_profile()), "{format:?}");
        assert_eq!(c.date_taken.as_deref(), Some(photo::DATE_TAKEN), "{format:?}");
        assert!(!c.has_gps, "{format:?}: {:?}", c.xmp);
        assert!(c.xmp.as_deref().is_some_and(|x| x.contains("Canal at dawn")), "the title is carried");
        assert_eq!(pixels(&done.bytes), pixels(&answer), "{format:?}: pixels untouched");
        let p = inspect(&done.bytes).expect("provenance");
        assert_eq!(
            p.steps,
            vec![step()].into_iter().map(|s| Step { time: p.steps[0].time.clone(), ..s }).collect::<Vec<_>>()
        );
        assert_eq!(p.source_type, SourceType::CompositeWithTrainedAlgorithmicMedia);
        let xmp = c.xmp.unwrap();
        assert!(xmp.contains(SourceType::CompositeWithTrainedAlgorithmicMedia.uri()));
    }
}

#[test]
fn gps_is_kept_when_asked_and_nothing_when_stripped() {
    let input = InputMetadata::read(&Bytes::from(photo::photo(320, 240)));
    let answer = answer(image::ImageFormat::Png);
    let keep = MetadataOptions { keep_gps: true, ..Default::default() };
    assert!(Carried::of(&finish(answer.clone(), &input, &keep, false, None).bytes).has_gps);
    let none = MetadataOptions { strip_metadata: true, no_provenance: true, ..Default::default() };
    let done = finish(answer.clone(), &input, &none, false, Some(step()));
    assert_eq!(done.bytes, answer);
}

#[test]
fn steps_accumulate_and_a_made_image_stays_made() {
    let input = InputMetadata::read(&Bytes::from(photo::photo(320, 240)));
    let first =
        finish(answer(image::ImageFormat::Png), &input, &MetadataOptions::default(), false, Some(step()));
    let again = InputMetadata::read(&first.bytes);
    let second = finish(
        answer(image::ImageFormat::Jpeg),
        &again,
        &MetadataOptions::default(),
        false,
        Some(Step::new("upscale")),
    );
    let p = inspect(&second.bytes).unwrap();
    assert_eq!(p.steps.iter().map(|s| s.operation.as_str()).collect::<Vec<_>>(), ["edit", "upscale"]);
    assert_eq!(p.steps[0].prompt.as_deref(), Some("a <sunrise> & sea"));
    assert_eq!(Carried::of(&second.bytes).date_taken.as_deref(), Some(photo::DATE_TAKEN));
    assert_eq!(
        p.source_type,
        SourceType::CompositeWithTrainedAlgorithmicMedia,
        "a photo stays a photo changed by a model through every later step"
    );
}

#[test]
fn a_generated_picture_is_machine_made_through_every_later_step_with_its_seed() {
    let drawn = Step { seed: Some(42), prompt: Some("a lighthouse".into()), ..Step::new("generate") };
    let nothing = InputMetadata::default();
    let first =
        finish(answer(image::ImageFormat::WebP), &nothing, &MetadataOptions::default(), false, Some(drawn));
    let p = inspect(&first.bytes).unwrap();
    assert_eq!(p.source_type, SourceType::TrainedAlgorithmicMedia);
    assert_eq!((p.steps[0].operation.as_str(), p.steps[0].seed), ("generate", Some(42)));
    let again = InputMetadata::read(&first.bytes);
    let second = finish(
        answer(image::ImageFormat::Png),
        &again,
        &MetadataOptions::default(),
        false,
        Some(Step::new("remove-bg")),
    );
    let p = inspect(&second.bytes).unwrap();
    assert_eq!(p.source_type, SourceType::TrainedAlgorithmicMedia);
    assert_eq!(p.steps.iter().map(|s| s.operation.as_str()).collect::<Vec<_>>(), ["generate", "remove-bg"]);
}

#[test]
fn a_signed_answer_is_left_alone_and_its_metadata_goes_beside_it() {
    let mut png = img_parts::png::Png::from_bytes(answer(image::ImageFormat::Png)).unwrap();
    let at = png.chunks().len() - 1;
    png.chunks_mut().insert(at, img_parts::png::PngChunk::new(*b"caBX", Bytes::from_static(b"jumbf")));
    let signed = png.encoder().bytes();
    let input = InputMetadata::read(&Bytes::from(photo::photo(320, 240)));
    let done = finish(signed.clone(), &input, &MetadataOptions::default(), false, Some(step()));
    assert_eq!(done.bytes, signed, "not rewritten");
    let sidecar = done.sidecar.expect("a sidecar");
    assert!(sidecar.contains(photo::DATE_TAKEN) && sidecar.contains("8f00-AMS"));
    assert_eq!(inspect(&Bytes::from(sidecar)).unwrap().steps[0].request_id.as_deref(), Some("8f00-AMS"));
}

/// A picture of noise, `width`x`height`, in `format`: large on disk.
fn noise(width: u32, height: u32, format: image::ImageFormat) -> Bytes {
    let mut state = 0x2545_f491_u32;
    let img = image::RgbImage::from_fn(width, height, |_, _| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let [a, b, c, _] = state.to_le_bytes();
        image::Rgb([a, b, c])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, format).unwrap();
    Bytes::from(out.into_inner())
}

/// A file, counting the bytes read from it.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: std::io::Read> std::io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

impl<R: std::io::Seek> std::io::Seek for Counted<R> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

#[test]
fn a_large_files_metadata_is_read_from_its_head_alone_and_is_the_same() {
    let photo = InputMetadata::read(&Bytes::from(photo::photo(320, 240)));
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (image::ImageFormat::Jpeg, 1800, 1400),
        (image::ImageFormat::Png, 1200, 1000),
        (image::ImageFormat::WebP, 700, 600),
    ];
    for (format, w, h) in cases {
        // ICC, EXIF, descriptive XMP and provenance, as an output carries them.
        let made = finish(noise(w, h, format), &photo, &MetadataOptions::default(), false, Some(step()));
        let mut bytes = made.bytes.to_vec();
        if format == image::ImageFormat::Jpeg {
            // A motion photo's video after the picture.
            bytes.extend_from_slice(b"\0\0\0\x18ftypmp42 and the video");
        }
        let path = dir.path().join(format!("big.{}", format.extensions_str()[0]));
        std::fs::write(&path, &bytes).unwrap();
        let whole = InputMetadata::read(&Bytes::from(bytes.clone()));
        let head = InputMetadata::from_path(&path).unwrap();
        assert!(whole.icc.is_some() && whole.exif.is_some() && whole.xmp.is_some(), "{format:?}");
        assert_eq!(head.icc, whole.icc, "{format:?}: ICC");
        assert_eq!(head.exif, whole.exif, "{format:?}: EXIF");
        assert_eq!(head.xmp, whole.xmp, "{format:?}: XMP");
        assert_eq!(head.provenance(), whole.provenance(), "{format:?}");

        let mut counted = Counted { inner: std::fs::File::open(&path).unwrap(), read: 0 };
        super::head::read(&mut counted, bytes.len() as u64).unwrap().unwrap();
        assert!(bytes.len() > 1_000_000, "{format:?}: {} bytes", bytes.len());
        assert!(counted.read < 200_000, "{format:?}: {} of {} bytes read", counted.read, bytes.len());
    }
}
