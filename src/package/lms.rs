//! What real LMSs do with a package of several SCOs, as docs/lms-guide.md ("Which one works")
//! records it: the one place the build's warning (W0402) and `leskit inspect`'s (W0505) take
//! the fact from.

/// The LMSs known to launch only the first SCO of a package, so that its other SCOs cannot be
/// reached there.
pub const FIRST_SCO_ONLY: &str = "Open edX";

/// What to do instead, for an author or a training department.
pub const FIRST_SCO_ONLY_ADVICE: &str = "for Open edX, and any LMS that launches only a package's first SCO, upload a package per module instead";
