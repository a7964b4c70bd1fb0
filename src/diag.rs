//! Diagnostics: what is wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`]s and keeps going, so an author with seven
//! mistakes sees seven. The binary renders them for people (like rustc, with the source line) or as
//! JSON lines for tools.

pub mod codes;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable code such as `E0101`, documented in `docs/diagnostics.md`.
    pub code: &'static str,
    /// What is wrong, in lower case, without a full stop.
    pub message: String,
    /// The file, relative to the folder leskit was started in where possible.
    pub file: Option<PathBuf>,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u32,
    pub column: u32,
    /// What to do about it.
    pub hints: Vec<String>,
    /// For a problem inside a text: the part of the text's value before it. `line` and `column`
    /// are then the text's own, until loading moves them to where the problem was written
    /// ([`crate::load::SourceTexts::place_inside_texts`]).
    #[serde(skip)]
    pub inside: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            hints: Vec::new(),
            inside: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    pub fn at(mut self, file: &Path, pos: Pos) -> Self {
        self.file = Some(file.to_path_buf());
        self.line = pos.line;
        self.column = pos.column;
        self
    }

    /// The problem lies inside the text this diagnostic points at, after `before`.
    pub fn inside(mut self, before: &str) -> Self {
        self.inside = Some(before.to_owned());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The problem on one line, `file:line:column: message: hint`, for a message that is not
    /// shown with the source.
    pub fn one_line(&self) -> String {
        let mut text = String::new();
        if let Some(file) = &self.file {
            let _ = write!(
                text,
                "{}:{}:{}: ",
                display_path(file),
                self.line,
                self.column
            );
        }
        text.push_str(&self.message);
        for hint in &self.hints {
            let _ = write!(text, ": {hint}");
        }
        text
    }

    /// The exit code a run that reports this ends with (at least), from the registry
    /// ([`codes::CODES`]).
    pub fn exit_code(&self) -> u8 {
        match (codes::lookup(self.code), self.severity) {
            (Some(code), _) => code.exit_code,
            (None, Severity::Error) => crate::exit::INVALID,
            (None, Severity::Warning) => crate::exit::OK,
        }
    }
}

/// Diagnostics collected by a stage.
#[derive(Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The exit code these call for: the highest of their own ([`Diagnostic::exit_code`]).
    pub fn exit_code(&self) -> u8 {
        self.0
            .iter()
            .map(Diagnostic::exit_code)
            .max()
            .unwrap_or(crate::exit::OK)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    /// In a stable order: by file, then place, then code; the same problem reported twice is
    /// shown once.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut all = self.0.clone();
        all.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.code, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
        });
        all.dedup();
        all
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.0.iter_mut()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Renders a diagnostic for a terminal, in the manner of rustc:
///
/// ```text
/// error[E0102]: unknown key `feedbak`
///   --> quizzes/q.yaml:14:9
///    |
/// 14 |         feedbak: Klopt.
///    |         ^^^^^^^
///    = help: did you mean `feedback`?
/// ```
///
/// `source` is the file's text when it could be read, for the excerpt.
pub fn render_human(d: &Diagnostic, source: Option<&str>) -> String {
    render_human_styled(d, source, false)
}

/// [`render_human`], coloured like rustc's messages when `color` is set: the severity and the
/// underline red or yellow, the gutter and the place blue, the message bold.
pub fn render_human_styled(d: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let line = source
        .filter(|_| d.line > 0)
        .and_then(|s| s.lines().nth(d.line as usize - 1));
    render_human_line(d, line, color)
}

/// [`render_human_styled`] given the diagnostic's source line itself, for many diagnostics of
/// one file (each would otherwise look its line up from the start of the file).
pub fn render_human_line(d: &Diagnostic, line: Option<&str>, color: bool) -> String {
    use crate::output::{Style, styled};
    let mut out = String::new();
    let (kind, style) = match d.severity {
        Severity::Error => ("error", Style::Error),
        Severity::Warning => ("warning", Style::Warning),
    };
    let blue = |text: &str| styled(color, Style::Accent, text);
    let _ = writeln!(
        out,
        "{}{}",
        styled(color, style, &format!("{kind}[{}]", d.code)),
        styled(color, Style::Bold, &format!(": {}", printable(&d.message)))
    );
    let line_text = line
        .filter(|_| d.line > 0)
        .map(|l| printable(l.trim_start_matches('\u{feff}')));
    let gutter = if line_text.is_some() {
        d.line.to_string().len()
    } else {
        1
    };
    let pad = " ".repeat(gutter);
    if let Some(file) = &d.file {
        let place = if d.line > 0 {
            format!("{}:{}:{}", display_path(file), d.line, d.column)
        } else {
            display_path(file)
        };
        let _ = writeln!(out, "{pad}{} {}", blue("-->"), printable(&place));
    }
    if let Some(text) = line_text {
        let text = text.replace('\t', " ");
        let col = (d.column.max(1) - 1) as usize;
        let width = underline_width(&text, col);
        let _ = writeln!(out, "{pad} {}", blue("|"));
        let _ = writeln!(
            out,
            "{} {}",
            blue(&format!("{} |", d.line)),
            text.trim_end()
        );
        let _ = writeln!(
            out,
            "{pad} {} {}{}",
            blue("|"),
            " ".repeat(col),
            styled(color, style, &"^".repeat(width))
        );
    }
    for hint in &d.hints {
        let _ = writeln!(
            out,
            "{pad} {} {}",
            blue("="),
            format_args!(
                "{}: {}",
                styled(color, Style::Bold, "help"),
                printable(hint)
            )
        );
    }
    out
}

/// `text` safe to print on a terminal: control characters (an escape sequence from a file could
/// rewrite the screen or the window title) and bidirectional overrides (which could show the
/// line in another order than it is read) become `�`, one character each so that the underline
/// still lines up. Tabs become spaces.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    };
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if unsafe_char(c) => '\u{fffd}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// How many characters to underline from `col`: the token that starts there (a key up to its
/// colon, a quoted string to its closing quote, or a plain value to the end of the line).
fn underline_width(line: &str, col: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(col).collect();
    if rest.is_empty() {
        return 1;
    }
    let end = match rest[0] {
        '"' | '\'' => rest
            .iter()
            .skip(1)
            .position(|&c| c == rest[0])
            .map_or(rest.len(), |p| p + 2),
        // Inside a flow collection (`[a, b]`, `{k: v}`) a value ends at the next separator.
        _ if flow_depth(line, col) > 0 => rest
            .iter()
            .position(|&c| matches!(c, ',' | ']' | '}'))
            .unwrap_or(rest.len()),
        _ => {
            let key_end = rest
                .windows(2)
                .position(|w| w[0] == ':' && (w[1] == ' ' || w[1] == '\t'))
                .or_else(|| (rest.last() == Some(&':')).then(|| rest.len() - 1));
            let comment = rest.windows(2).position(|w| w[0] == ' ' && w[1] == '#');
            match (key_end, comment) {
                (Some(k), Some(c)) => k.min(c),
                (Some(k), None) => k,
                (None, Some(c)) => c,
                (None, None) => rest.len(),
            }
        }
    };
    let token: String = rest[..end.min(rest.len())].iter().collect();
    token.trim_end().chars().count().max(1)
}

/// How many `[` and `{` are open before `col` (quotes are not tracked: this only shapes an
/// underline).
fn flow_depth(line: &str, col: usize) -> i32 {
    line.chars().take(col).fold(0, |depth, c| match c {
        '[' | '{' => depth + 1,
        ']' | '}' => depth - 1,
        _ => depth,
    })
}

/// Paths are shown with forward slashes, so messages read the same on every system.
pub fn display_path(path: &Path) -> String {
    printable(&path.to_string_lossy()).replace('\\', "/")
}

/// One JSON object per line, for editors and CI annotations (`--message-format json`).
pub fn render_json(d: &Diagnostic) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        severity: Severity,
        code: &'a str,
        message: &'a str,
        file: Option<String>,
        line: u32,
        column: u32,
        hints: &'a [String],
    }
    serde_json::to_string(&Json {
        severity: d.severity,
        code: d.code,
        message: &d.message,
        file: d.file.as_deref().map(display_path),
        line: d.line,
        column: d.column,
        hints: &d.hints,
    })
    .expect("a diagnostic always serialises")
}

/// "did you mean …?" for a misspelt key or id, when a candidate is close enough.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underlines_a_key_up_to_its_colon() {
        assert_eq!(underline_width("    feedbak: Klopt.", 4), 7);
        assert_eq!(underline_width("id: \"a b\" # x", 4), 5);
        assert_eq!(underline_width("next: nergens", 6), 7);
        assert_eq!(underline_width("signals: [een-signaal, twee]", 10), 11);
        assert_eq!(underline_width("- image: { src: a.png, alt: x }", 16), 5);
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            suggest("feedbak", ["feedback", "text", "id"]),
            Some("feedback")
        );
        assert_eq!(suggest("zzz", ["feedback", "text"]), None);
    }

    #[test]
    fn renders_like_rustc() {
        let d = Diagnostic::error("E0102", "unknown key `feedbak`")
            .at(Path::new("q.yaml"), Pos { line: 2, column: 3 })
            .hint("did you mean `feedback`?");
        let text = render_human(&d, Some("a:\n  feedbak: x\n"));
        assert_eq!(
            text,
            "error[E0102]: unknown key `feedbak`\n --> q.yaml:2:3\n  |\n2 |   feedbak: x\n  |   ^^^^^^^\n  = help: did you mean `feedback`?\n"
        );
    }
}
