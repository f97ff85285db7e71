//! Photos from phones and cameras through the real binary (issue 32):
//! portrait photos (EXIF orientation) uploaded upright and written upright,
//! multi-picture JPEGs, CMYK JPEGs and 16-bit PNGs converted to what Venice
//! takes; `--keep-size` and `--mask`.

use image::DynamicImage;
use venice_mock::photo::{self, Carried};
use venice_mock::{MockConfig, RecordedImage};

use crate::common::*;

/// The stored quadrants turned upright as the orientation says.
fn upright(width: u32, height: u32, orientation: u8) -> image::RgbImage {
    let mut img = DynamicImage::ImageRgb8(photo::quadrants(width, height));
    img.apply_orientation(image::metadata::Orientation::from_exif(orientation).unwrap());
    img.into_rgb8()
}

/// Whether two colours are within `tolerance` in every channel.
pub fn near(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_orientation_is_uploaded_upright_and_written_upright() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for orientation in 1..=8u8 {
        let name = format!("o{orientation}.jpg");
        write(dir.path(), &name, &photo::oriented_photo(900, 600, u16::from(orientation)));
        let out = venice(&server, dir.path(), &["edit", &name, "-p", "warmer"], None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        if orientation > 1 {
            let said = stderr(&out);
            assert!(
                said.contains(&format!("turned upright from its EXIF orientation {orientation}")),
                "{said}"
            );
            // Turned on its blocks where the edge it moves is whole (this
            // encoder's blocks are 8 pixels: 600 is whole, 900 is not),
            // else re-encoded; said either way.
            assert!(said.contains("re-encoded as a") || said.contains("without re-encoding"), "{said}");
        }

        let sent = server.image_requests().last().unwrap().images[0].clone();
        let want = upright(900, 600, orientation);
        assert_eq!(sent.dimensions, Some(want.dimensions()), "orientation {orientation}: sent upright");
        assert_eq!(sent.orientation, None, "no rotation tag is sent");
        assert!(!sent.has_gps && sent.has_icc, "{sent:?}");

        // The emulator's edit inverts the colours it was sent, at its tier.
        let written = std::fs::read(dir.path().join(format!("o{orientation}.edited.png"))).unwrap();
        let got = image::load_from_memory(&written).unwrap().into_rgb8();
        let (w, h) = got.dimensions();
        assert_eq!(w > h, want.width() > want.height(), "orientation {orientation}: written upright");
        for (fx, fy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
            let expect =
                want.get_pixel((fx * want.width() as f32) as u32, (fy * want.height() as f32) as u32).0;
            let inverted = expect.map(|c| 255 - c);
            let pixel = got.get_pixel((fx * w as f32) as u32, (fy * h as f32) as u32).0;
            assert!(
                near(pixel, inverted, 40),
                "orientation {orientation} at {fx},{fy}: {pixel:?} vs {inverted:?}"
            );
        }
        let kept = RecordedImage::of("out", "file", &written);
        assert!(kept.orientation.is_none_or(|o| o == 1), "orientation {orientation}: tag cleared");
        assert_eq!(Carried::of(&written).date_taken.as_deref(), Some(photo::DATE_TAKEN), "the date is kept");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn keep_metadata_in_upload_sends_the_portrait_as_it_is() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let original = photo::oriented_photo(900, 600, 6);
    write(dir.path(), "p.jpg", &original);
    let out = venice(&server, dir.path(), &["edit", "p.jpg", "-p", "x", "--keep-metadata-in-upload"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = &server.image_requests()[0].images[0];
    assert_eq!(
        (sent.dimensions, sent.orientation),
        (Some((900, 600)), Some(6)),
        "the tag goes with the pixels"
    );
    assert_eq!(sent.byte_len, original.len() as u64);
}

/// A phone's multi-picture JPEG: the photo (with its MPF index, APP2) and
/// a smaller second picture after it, as a depth or gain map follows.
fn mpo() -> (Vec<u8>, usize) {
    let first = photo::oriented_photo(800, 600, 1);
    let mut mpf = b"MPF\0MM\0\x2a\0\0\0\x08\0\0".to_vec();
    mpf.extend_from_slice(&[0, 0, 0, 0]);
    let mut out = first[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE2]);
    out.extend_from_slice(&u16::try_from(mpf.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&mpf);
    out.extend_from_slice(&first[2..]);
    let first_len = out.len();
    out.extend_from_slice(&venice_mock::fixtures::jpeg(320, 240));
    (out, first_len)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_multi_picture_jpeg_sends_its_first_picture_only() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let (bytes, first_len) = mpo();
    write(dir.path(), "burst.jpg", &bytes);
    let out = venice(&server, dir.path(), &["edit", "burst.jpg", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sent = &server.image_requests()[0].images[0];
    assert_eq!(sent.dimensions, Some((800, 600)));
    assert!(
        sent.byte_len < first_len as u64,
        "cut after the first picture: {} of {}",
        sent.byte_len,
        bytes.len()
    );
    let written = image_at(&dir.path().join("burst.edited.png")).into_rgb8();
    let inverted_red = [35, 235, 235];
    assert!(near(written.get_pixel(10, 10).0, inverted_red, 40), "{:?}", written.get_pixel(10, 10));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cmyk_jpeg_and_a_16_bit_png_are_sent_as_8_bit_rgb() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    // The quadrants in CMYK (no ink is 0), as Photoshop writes them (Adobe APP14).
    let cmyk: Vec<u8> = photo::quadrants(600, 400)
        .pixels()
        .flat_map(|p| {
            let [r, g, b] = p.0;
            let k = 255 - r.max(g).max(b);
            let ink = |c: u8| if k == 255 { 0 } else { (255 - c - k) as u16 * 255 / (255 - k) as u16 } as u8;
            [ink(r), ink(g), ink(b), k]
        })
        .collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 92).encode(&cmyk, 600, 400, jpeg_encoder::ColorType::Cmyk).unwrap();
    write(dir.path(), "print.jpg", &jpeg);
    let quadrants = photo::quadrants(600, 400);
    let deep = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(600, 400, |x, y| {
        image::Rgb(quadrants.get_pixel(x, y).0.map(|c| u16::from(c) * 257))
    });
    DynamicImage::ImageRgb16(deep).save(dir.path().join("scan.png")).unwrap();

    for (name, format, said) in
        [("print", "jpeg", "converted from CMYK to RGB"), ("scan", "png", "from 16 to 8 bits")]
    {
        let input = if name == "print" { "print.jpg" } else { "scan.png" };
        let out = venice(&server, dir.path(), &["edit", input, "-p", "x"], None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
        let sent = server.image_requests().last().unwrap().images[0].clone();
        assert_eq!(
            (sent.format.as_str(), sent.samples, sent.dimensions),
            (format, Some((3, 8)), Some((600, 400)))
        );
        let written = image_at(&dir.path().join(format!("{name}.edited.png"))).into_rgb8();
        let (w, h) = written.dimensions();
        for (x, y, colour) in [(w / 4, h / 4, [220, 20, 20]), (3 * w / 4, 3 * h / 4, [235, 235, 235])] {
            let inverted = colour.map(|c: u8| 255 - c);
            assert!(
                near(written.get_pixel(x, y).0, inverted, 48),
                "{name}: {:?} vs {inverted:?}",
                written.get_pixel(x, y)
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn keep_size_brings_the_result_back_to_the_photo_s_size() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.jpg", &photo::photo(1800, 1200));
    let out = venice(&server, dir.path(), &["edit", "big.jpg", "-p", "x", "-o", "tier.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        image_at(&dir.path().join("tier.png")).into_rgb8().dimensions(),
        (1024, 683),
        "the model's tier"
    );

    let out = venice(&server, dir.path(), &["edit", "big.jpg", "-p", "x", "--keep-size"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read(dir.path().join("big.edited.png")).unwrap();
    let img = image::load_from_memory(&written).unwrap().into_rgb8();
    assert_eq!(img.dimensions(), (1800, 1200), "the photo's own size");
    // The emulator inverts: the grey background comes back dark.
    assert!(near(img.get_pixel(5, 5).0, [15, 15, 15], 12), "{:?}", img.get_pixel(5, 5));
    let kept = Carried::of(&written);
    assert_eq!((kept.date_taken.as_deref(), kept.icc), (Some(photo::DATE_TAKEN), Some(photo::icc_profile())));

    // A portrait keeps its upright size.
    write(dir.path(), "tall.jpg", &photo::oriented_photo(900, 600, 6));
    let out = venice(&server, dir.path(), &["edit", "tall.jpg", "-p", "x", "--keep-size"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(image_at(&dir.path().join("tall.edited.png")).into_rgb8().dimensions(), (600, 900));
}

/// A mask `w`x`h`: white on the box `(x0, y0)..(x1, y1)`, black elsewhere.
fn box_mask(w: u32, h: u32, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> Vec<u8> {
    let img = image::GrayImage::from_fn(w, h, |x, y| {
        image::Luma([if (x0..x1).contains(&x) && (y0..y1).contains(&y) { 255 } else { 0 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageLuma8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The Chebyshev distance from `(x, y)` to the box (0 inside).
fn distance(x: u32, y: u32, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> u32 {
    let dx = if x < x0 { x0 - x } else { x.saturating_sub(x1 - 1) };
    let dy = if y < y0 { y0 - y } else { y.saturating_sub(y1 - 1) };
    dx.max(dy)
}

/// Checks a masked result against the input: the original's pixels, bit
/// for bit, farther than `reach` from the box; changed pixels inside it.
fn check_masked(input: &[u8], result: &std::path::Path, area: (u32, u32, u32, u32), reach: u32) {
    let original = image::load_from_memory(input).unwrap().into_rgb8();
    let got = image_at(result).into_rgb8();
    assert_eq!(got.dimensions(), original.dimensions(), "the original's size");
    let (mut inside, mut changed) = (0, 0);
    for (x, y, p) in got.enumerate_pixels() {
        let d = distance(x, y, area);
        if d > reach {
            assert_eq!(p, original.get_pixel(x, y), "outside the mask at {x},{y}");
        } else if d == 0 {
            inside += 1;
            changed += usize::from(p != original.get_pixel(x, y));
        }
    }
    assert!(changed * 10 > inside * 9, "{changed} of {inside} pixels inside the mask changed");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mask_confines_the_edit_and_the_rest_is_the_original_bit_for_bit() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let input = venice_mock::fixtures::jpeg(800, 600);
    write(dir.path(), "canal.jpg", &input);
    let area = (200, 150, 400, 300);
    write(dir.path(), "mask.png", &box_mask(800, 600, area));
    let out = venice(&server, dir.path(), &["edit", "canal.jpg", "-p", "a boat", "--mask", "mask.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let request = &server.image_requests()[0];
    assert!(request.path.ends_with("/image/multi-edit"), "{}", request.path);
    assert_eq!(request.images.len(), 2, "the photo, then the mask");
    assert_eq!((request.images[1].format.as_str(), request.images[1].dimensions), ("png", Some((800, 600))));
    let prompt = request.fields["prompt"].as_str().unwrap();
    assert!(prompt.starts_with("a boat") && prompt.contains("white in the second image"), "{prompt}");
    check_masked(&input, &dir.path().join("canal.edited.png"), area, 4);

    // --mask-convention black with --feather 2: the same box, drawn the other way.
    let inverted = image::load_from_memory(&box_mask(800, 600, area)).unwrap();
    let mut inverted = inverted.into_luma8();
    image::imageops::invert(&mut inverted);
    inverted.save(dir.path().join("black.png")).unwrap();
    let args = [
        "edit",
        "canal.jpg",
        "-p",
        "x",
        "--mask",
        "black.png",
        "--mask-convention",
        "black",
        "--feather",
        "2",
        "-o",
        "b.png",
    ];
    let out = venice(&server, dir.path(), &args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_masked(&input, &dir.path().join("b.png"), area, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mask_of_another_size_is_scaled_and_an_empty_one_is_refused_unpaid() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let input = venice_mock::fixtures::jpeg(800, 600);
    write(dir.path(), "canal.jpg", &input);
    write(dir.path(), "small.png", &box_mask(400, 300, (100, 75, 200, 150)));
    let out = venice(&server, dir.path(), &["edit", "canal.jpg", "-p", "x", "--mask", "small.png"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("small.png is 400x300: scaled to the image's 800x600"), "{}", stderr(&out));
    // Scaling softens the edge by a pixel or two, the feather adds 4.
    check_masked(&input, &dir.path().join("canal.edited.png"), (200, 150, 400, 300), 7);

    let requests = edits(&server);
    write(dir.path(), "empty.png", &box_mask(800, 600, (0, 0, 0, 0)));
    write(dir.path(), "full.png", &box_mask(800, 600, (0, 0, 800, 600)));
    for (mask, said) in [("empty.png", "marks nothing to edit"), ("full.png", "marks the whole image")] {
        let out = venice(
            &server,
            dir.path(),
            &["edit", "canal.jpg", "-p", "x", "--mask", mask, "-o", "no.png"],
            None,
        );
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
    }
    assert_eq!(edits(&server), requests, "nothing was sent");
    assert!(!dir.path().join("no.png").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pipeline_step_asking_for_keep_size_or_a_mask_is_refused_not_ignored() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.jpg", &photo::photo(1800, 1200));
    for (recipe, said) in [
        (
            "[[step]]\nop = \"edit\"\nprompt = \"x\"\nkeep-size = true\n",
            "--keep-size and --mask are not taken",
        ),
        ("[[step]]\nop = \"remove-bg\"\nbackground = \"white\"\n", "remove-bg's finishing"),
    ] {
        write(dir.path(), "recipe.toml", recipe.as_bytes());
        let out =
            venice(&server, dir.path(), &["pipeline", "recipe.toml", "big.jpg", "--out-dir", "out"], None);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
    }
    assert_eq!(server.image_requests().len(), 0, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_portrait_png_and_webp_are_uploaded_upright_and_the_png_stays_lossless() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "portrait.jpg", &photo::oriented_photo(900, 600, 6));
    // Pillow writes the EXIF where each format keeps it: a PNG's eXIf before
    // its image data, a WebP's EXIF chunk (with the VP8X flag).
    let Some(python) = crate::mcp::python() else { return };
    let script = "import sys\nfrom PIL import Image\nim = Image.open('portrait.jpg')\n\
                  im.save('portrait.png', exif=im.info['exif'])\n\
                  im.save('portrait.webp', quality=92, exif=im.info['exif'])\n";
    let made =
        std::process::Command::new(python).current_dir(dir.path()).args(["-c", script]).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let want = upright(900, 600, 6);
    for (name, format) in [("portrait.png", "png"), ("portrait.webp", "jpeg")] {
        let out = venice(&server, dir.path(), &["edit", name, "-p", "x", "-o", "out.png", "--force"], None);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains("turned upright from its EXIF orientation 6"), "{}", stderr(&out));
        let sent = server.image_requests().last().unwrap().images[0].clone();
        assert_eq!((sent.format.as_str(), sent.dimensions), (format, Some((600, 900))), "{name}");
        assert_eq!(sent.orientation, None, "{name}: no rotation tag is sent");
        let got = image_at(&dir.path().join("out.png")).into_rgb8();
        let (w, h) = got.dimensions();
        assert!(h > w, "{name}: written upright");
        let expect = want.get_pixel(want.width() / 4, want.height() / 4).0.map(|c| 255 - c);
        assert!(near(got.get_pixel(w / 4, h / 4).0, expect, 40), "{name}: {:?}", got.get_pixel(w / 4, h / 4));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_portrait_jpeg_of_whole_blocks_is_turned_without_re_encoding() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    // Grain at quality 80, stored 960x640 (whole 16-pixel blocks) with
    // "rotate 90°": re-encoding it at quality 95 would make it far larger.
    let mut seed = 7u32;
    let grain = image::RgbImage::from_fn(960, 640, |x, _| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let n = (seed >> 24) as u8 / 4;
        if x < 480 { image::Rgb([200 + n / 2, 40 + n, 40]) } else { image::Rgb([40, 40 + n, 200 + n / 2]) }
    });
    let mut jpeg = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 80);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(photo::camera_exif_oriented(6));
    encoder.add_app_segment(1, app1).unwrap();
    encoder.encode(grain.as_raw(), 960, 640, jpeg_encoder::ColorType::Rgb).unwrap();
    write(dir.path(), "tall.jpg", &jpeg);

    let out = venice(&server, dir.path(), &["edit", "tall.jpg", "-p", "x"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("orientation 6 before upload (turned without re-encoding"),
        "{}",
        stderr(&out)
    );
    let sent = server.image_requests()[0].images[0].clone();
    assert_eq!((sent.dimensions, sent.orientation), (Some((640, 960)), None), "upright, no tag");
    assert!(!sent.has_exif && !sent.has_gps, "{sent:?}");
    assert!(
        sent.byte_len * 10 < jpeg.len() as u64 * 11,
        "{} sent for {}: not re-encoded",
        sent.byte_len,
        jpeg.len()
    );
    // The left (red) half of the stored picture is the top of the upright one.
    let got = image_at(&dir.path().join("tall.edited.png")).into_rgb8();
    let (w, h) = got.dimensions();
    assert!(h > w);
    assert!(near(got.get_pixel(w / 2, h / 8).0, [45, 205, 205], 40), "{:?}", got.get_pixel(w / 2, h / 8));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pipeline_s_output_of_a_portrait_is_upright_without_its_rotation_tag() {
    let server = mock(MockConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "o6.jpg", &photo::oriented_photo(900, 600, 6));
    write(
        dir.path(),
        "recipe.toml",
        b"[[step]]\nop = \"edit\"\nprompt = \"x\"\n[[step]]\nop = \"upscale\"\n",
    );
    let out = venice(&server, dir.path(), &["pipeline", "recipe.toml", "o6.jpg", "--out-dir", "out"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("out/o6.upscaled.png")).unwrap();
    let (w, h) = image::load_from_memory(&bytes).unwrap().into_rgb8().dimensions();
    assert!(h > w, "upright pixels ({w}x{h})");
    let tag = RecordedImage::of("out", "file", &bytes).orientation;
    assert!(tag.is_none_or(|o| o == 1), "no rotation tag on upright pixels: {tag:?}");
    assert_eq!(Carried::of(&bytes).date_taken.as_deref(), Some(photo::DATE_TAKEN), "the date is kept");
}
