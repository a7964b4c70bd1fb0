//! The registry of diagnostic codes: every code leskit reports, with its severity and its title,
//! in the order of `docs/diagnostics.md`. A test holds the two to each other one to one, and every
//! code used in `src/` must be here.

use super::Severity;
use crate::exit;

/// One diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// `E0101`: `E` for an error, `W` for a warning.
    pub code: &'static str,
    pub severity: Severity,
    /// The heading of its section in `docs/diagnostics.md`, after the code.
    pub title: &'static str,
    /// The exit code a run that reports it ends with (at least).
    pub exit_code: u8,
}

impl Code {
    const fn error(code: &'static str, title: &'static str) -> Code {
        Code {
            code,
            severity: Severity::Error,
            title,
            exit_code: exit::INVALID,
        }
    }

    const fn warning(code: &'static str, title: &'static str) -> Code {
        Code {
            code,
            severity: Severity::Warning,
            title,
            exit_code: exit::OK,
        }
    }

    /// An error about a file that could not be read, not about what it says: the run ends as an
    /// I/O failure does.
    const fn unreadable(code: &'static str, title: &'static str) -> Code {
        Code {
            exit_code: exit::IO,
            ..Code::error(code, title)
        }
    }
}

/// Every code, in the order of `docs/diagnostics.md`.
pub const CODES: &[Code] = &[
    Code::error("E0101", "invalid YAML"),
    Code::error("E0102", "unknown key"),
    Code::error("E0103", "missing key"),
    Code::error("E0104", "wrong type of value"),
    Code::error("E0105", "unknown value"),
    Code::error("E0106", "duplicate key"),
    Code::error("E0107", "too deeply nested or too many aliases"),
    Code::error("E0108", "empty file"),
    Code::error("E0109", "over a size limit"),
    Code::error("E0110", "not UTF-8 text"),
    Code::unreadable("E0111", "file cannot be read"),
    Code::error("E0112", "file outside the project"),
    Code::error("E0113", "file name that is not UTF-8"),
    Code::error("E0201", "invalid id"),
    Code::error("E0202", "duplicate id"),
    Code::error("E0203", "empty text"),
    Code::error("E0204", "id differs from the file name"),
    Code::error("E0205", "unknown source"),
    Code::error("E0206", "pass mark out of range"),
    Code::error("E0207", "not a date"),
    Code::error("E0208", "no pages, or an empty page"),
    Code::error("E0209", "unknown contact"),
    Code::error("E0210", "unknown quiz"),
    Code::error("E0211", "file does not exist"),
    Code::error("E0212", "path not allowed"),
    Code::error("E0213", "link to an unknown page"),
    Code::error("E0214", "address not allowed"),
    Code::error("E0215", "unknown signal"),
    Code::error("E0216", "not a language tag"),
    Code::error("E0217", "unusable version"),
    Code::error("E0218", "review status and open points disagree"),
    Code::error("E0219", "open point not on its page"),
    Code::error("E0220", "file type not allowed"),
    Code::error("E0221", "SVG image with active content"),
    Code::error("E0222", "quiz shown twice"),
    Code::error("E0223", "text nested too deeply"),
    Code::error("E0224", "module shows too much text"),
    Code::error("E0225", "two modules get the same package name"),
    Code::error("E0226", "cover image without a text alternative"),
    Code::error("E0227", "too many learning goals"),
    Code::error("E0301", "no cases or no questions"),
    Code::error("E0302", "key does not belong to this kind of question"),
    Code::error("E0303", "required key for this kind is missing"),
    Code::error("E0304", "too few options or choices"),
    Code::error("E0305", "wrong number of right options"),
    Code::error("E0306", "next step does not exist"),
    Code::error("E0307", "LMS record too long"),
    Code::error("E0308", "a scenario loops"),
    Code::error("E0309", "unreachable step or ending"),
    Code::error("E0310", "saved progress too long for the LMS"),
    Code::error(
        "E0311",
        "a line of dialogue without its speaker, or the reverse",
    ),
    Code::error("E0401", "course without modules"),
    Code::error("E0402", "unknown module"),
    Code::error("E0403", "prerequisite names a module outside the course"),
    Code::error("E0404", "a module waits for itself"),
    Code::error("E0405", "modules wait for each other"),
    Code::error("E0406", "final test with a module's id"),
    Code::error("E0407", "SCORM 1.2 prerequisites too long"),
    Code::error("E0501", "not a readable zip"),
    Code::error("E0502", "zip over a limit"),
    Code::error("E0503", "file name not allowed in a package"),
    Code::error("E0504", "file names that differ only in case"),
    Code::error("E0505", "no manifest at the root of the zip"),
    Code::error("E0506", "manifest that cannot be read"),
    Code::error("E0507", "manifest structure the schema forbids"),
    Code::error("E0508", "identifier that repeats or names nothing"),
    Code::error("E0509", "file named by the manifest not in the zip"),
    Code::error(
        "E0510",
        "schema or schema version that names no SCORM edition",
    ),
    Code::error("E0511", "nothing an LMS can launch"),
    Code::error("E0512", "mastery score out of range"),
    Code::error("E0601", "package without facts"),
    Code::error("E0602", "facts that cannot be read"),
    Code::warning("W0201", "review too old, or in the future"),
    Code::warning("W0202", "phone number in the text"),
    Code::warning("W0203", "raw HTML shown as text"),
    Code::warning("W0204", "image without a text alternative"),
    Code::warning("W0205", "pass mark without a quiz"),
    Code::warning("W0206", "a character XML cannot carry"),
    Code::warning("W0301", "quiz not shown anywhere"),
    Code::warning("W0401", "contact that cannot be reached"),
    Code::warning("W0402", "course package that some LMSs launch only in part"),
    Code::warning("W0501", "a zip inside the package"),
    Code::warning("W0502", "scripts that save only on unload"),
    Code::warning("W0503", "suspend_data budgeted for the other standard"),
    Code::warning("W0504", "scripts for the other SCORM version"),
    Code::warning("W0505", "more than one SCO"),
];

/// The registered code `code`, if it is one.
pub fn lookup(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_their_letter_is_their_severity() {
        for (i, c) in CODES.iter().enumerate() {
            assert!(
                CODES[..i].iter().all(|o| o.code != c.code),
                "{} is registered twice",
                c.code
            );
            let letter = match c.severity {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(
                c.code.len() == 5
                    && c.code.starts_with(letter)
                    && c.code[1..].bytes().all(|b| b.is_ascii_digit()),
                "{} is not a code of its severity ({:?})",
                c.code,
                c.severity
            );
            assert!(!c.title.is_empty(), "{} has no title", c.code);
        }
    }

    #[test]
    fn only_an_unreadable_file_ends_like_an_io_failure() {
        let io: Vec<&str> = CODES
            .iter()
            .filter(|c| c.exit_code == exit::IO)
            .map(|c| c.code)
            .collect();
        assert_eq!(io, ["E0111"]);
        assert!(
            CODES
                .iter()
                .filter(|c| c.severity == Severity::Warning)
                .all(|c| c.exit_code == exit::OK)
        );
    }
}
