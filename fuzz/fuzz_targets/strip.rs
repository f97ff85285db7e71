//! Upload metadata removal on arbitrary bytes: never panics, and what it
//! gives back has nothing left to remove.
#![no_main]

use libfuzzer_sys::fuzz_target;
use venice_image::strip::strip;

fuzz_target!(|data: &[u8]| {
    if let Some(clean) = strip(&bytes::Bytes::copy_from_slice(data)) {
        assert!(strip(&clean).is_none(), "a second pass finds nothing");
    }
});
