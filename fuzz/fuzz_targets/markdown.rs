//! Bytes as author Markdown: rendering must never panic, and its HTML must never carry script,
//! event handlers or addresses that leave the package. See `tests/common/fuzzing.rs`.
#![no_main]

#[path = "../../tests/common/fuzzing.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzzing::markdown_bytes(data);
});
