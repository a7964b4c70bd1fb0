//! Input limits, in one place. Every limit gives a clear error naming the limit, never a hang or a
//! memory blow-up. The figures are far above what a real module needs (the largest toolkit module
//! is a few dozen kilobytes) and far below what could hurt an author's laptop.

/// Largest YAML file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Largest template file read from `--templates`, in bytes.
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;
/// Largest asset (image, document) copied into a package, in bytes.
pub const MAX_ASSET_BYTES: u64 = 50 * 1024 * 1024;
/// Deepest nesting of YAML collections.
pub const MAX_NESTING: usize = 32;
/// Most bytes of text in one file after alias expansion (a 1 KiB text named by a thousand
/// aliases is a megabyte of text).
pub const MAX_EXPANDED_BYTES: usize = 4 * 1024 * 1024;
/// Most YAML nodes in one file (after alias expansion).
pub const MAX_NODES: usize = 200_000;
/// Most alias expansions in one file (against "billion laughs").
pub const MAX_ALIAS_EVENTS: usize = 10_000;
/// Most pages in a module.
pub const MAX_PAGES: usize = 200;
/// Most blocks on a page.
pub const MAX_BLOCKS: usize = 200;
/// Most cases in a quiz.
pub const MAX_CASES: usize = 200;
/// Most questions in a case.
pub const MAX_QUESTIONS: usize = 100;
/// Most options of a question, choices of a step, steps or endings of a scenario.
pub const MAX_OPTIONS: usize = 26;
/// Longest text value, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;
/// Longest id, in characters. The LMS records answers as `<quiz>.<question>.<step>.r<n>`, which
/// must also fit [`MAX_INTERACTION_ID_CHARS`]; validation checks the combination.
pub const MAX_ID_CHARS: usize = 32;
/// Most files of one kind in a project.
pub const MAX_FILES: usize = 1_000;
/// Longest interaction id reported to the LMS, retry suffix included (`.r99` at the attempt cap,
/// [`crate::policy::MAX_ATTEMPTS`]).
pub const MAX_INTERACTION_ID_CHARS: usize = 64;
/// Longest path of an image or file in a module's folder, in characters (zip tools and Windows
/// cut longer paths).
pub const MAX_PATH_CHARS: usize = 200;
/// Deepest nesting of a Markdown text: quotes (`>`), lists, emphasis and, with `allow_html`,
/// HTML elements inside each other. Rendering deep nesting costs time that grows with the square
/// of the depth; real texts stay under ten levels.
pub const MAX_MARKUP_NESTING: usize = 50;
/// Most bytes of text a module shows, its quizzes included (measured as JSON, before rendering).
/// The largest toolkit module shows about 50 KB.
pub const MAX_SHOWN_TEXT_BYTES: usize = 4 * 1024 * 1024;
/// Most bytes of rendered pages (launch page and hand-out) of one module or course SCO: a quiz
/// shown on many pages, or many large quizzes, cannot make a package of gigabytes.
pub const MAX_RENDERED_BYTES: usize = 64 * 1024 * 1024;

/// Most entries in a zip that `leskit inspect` reads; the largest real packages hold a few
/// thousand files.
pub const MAX_PACKAGE_ENTRIES: usize = 20_000;
/// Most bytes the entries of an inspected zip may unpack to together, as the zip declares them.
pub const MAX_PACKAGE_UNPACKED_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Largest manifest (`imsmanifest.xml`, `cmi5.xml`) `leskit inspect` unpacks, in bytes.
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;
/// Deepest nesting of a manifest's elements; real manifests stay under twenty levels.
pub const MAX_MANIFEST_DEPTH: usize = 64;
/// Most elements read from one manifest.
pub const MAX_MANIFEST_ELEMENTS: usize = 200_000;
/// Largest script or page (`.js`, `.html`) `leskit inspect` searches; larger ones are skipped.
pub const MAX_SCRIPT_BYTES: u64 = 8 * 1024 * 1024;
/// Most bytes of scripts and pages searched in one package; the rest are skipped.
pub const MAX_SCRIPTS_BYTES: u64 = 64 * 1024 * 1024;

/// The size of `value` as JSON, counted without keeping the text: what the limits on shown and
/// rendered text measure.
pub fn json_bytes<T: serde::Serialize>(value: &T) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}
