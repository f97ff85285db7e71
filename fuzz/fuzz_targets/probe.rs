//! The image header reader on arbitrary bytes: never panics, and what it
//! accepts has sane dimensions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use venice_image::probe::{probe_bytes, sniff};

fuzz_target!(|data: &[u8]| {
    let _ = sniff(data);
    if let Ok(info) = probe_bytes(data) {
        assert!(info.width > 0 && info.height > 0, "{info:?}");
        assert!(info.format.is_accepted());
    }
});
