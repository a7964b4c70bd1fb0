//! Bytes as one file of a valid project: decoding, parsing, checking, diagnostics and (for a
//! module the checker accepts) rendering must never panic. See `tests/common/fuzzing.rs`.
#![no_main]

#[path = "../../tests/common/fuzzing.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    fuzzing::check_bytes(&repo, data);
});
