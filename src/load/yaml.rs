//! Parsing one YAML text into a model type, and turning the parser's errors into diagnostics.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{Error, Options};

use crate::diag::{Diagnostic, suggest};
use crate::limits;
use crate::model::Pos;

/// The parser settings: duplicate keys are errors, YAML 1.1 booleans (`yes`, `no`, `on`) are not
/// booleans, and budgets stop alias bombs and deep nesting before they cost memory.
fn options() -> Options {
    let budget = serde_saphyr::budget! {
        max_depth: limits::MAX_NESTING,
        max_nodes: limits::MAX_NODES,
        max_documents: 1,
        max_aliases: limits::MAX_ALIAS_EVENTS,
        max_total_scalar_bytes: limits::MAX_EXPANDED_BYTES,
        flow_nesting_limit: limits::MAX_NESTING,
        max_recorded_anchor_bytes: limits::MAX_EXPANDED_BYTES,
    };
    serde_saphyr::options! {
        budget: budget,
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
        strict_booleans: true,
        alias_limits: alias_limits(),
    }
}

fn alias_limits() -> serde_saphyr::options::AliasLimits {
    let mut limits = serde_saphyr::options::AliasLimits::default();
    limits.max_total_replayed_events = limits::MAX_ALIAS_EVENTS;
    limits.max_replay_stack_depth = 16;
    limits.max_alias_expansions_per_anchor = 1_000;
    limits
}

/// Parses `text` (the contents of `path`) as a `T`, or explains why it is not one.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|e| to_diagnostic(path, text, &e))
}

/// Reads `text` as a `T`, without recovery: `Err` is the parser's first error.
pub(super) fn read<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_saphyr::from_str_with_options::<T>(text, options())
}

/// The parser's first error in `text` as a document of any shape: a syntax error or a limit.
pub(super) fn syntax_error(path: &Path, text: &str) -> Option<Diagnostic> {
    read::<serde::de::IgnoredAny>(text)
        .err()
        .map(|e| to_diagnostic(path, text, &e))
}

pub(super) fn to_diagnostic(path: &Path, text: &str, error: &Error) -> Diagnostic {
    let error = error.without_snippet();
    let pos = error
        .location()
        .map(|l| Pos {
            line: u32::try_from(l.line()).unwrap_or(0),
            column: u32::try_from(l.column()).unwrap_or(0),
        })
        .unwrap_or(Pos::UNKNOWN);
    let d = match error {
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let d = Diagnostic::error("E0102", format!("unknown key `{field}`"));
            match suggest(field, expected.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("expected one of {}", list(expected))),
            }
        }
        Error::SerdeMissingField { field, .. } => {
            let d = Diagnostic::error("E0103", format!("missing key `{field}`"))
                .hint(format!("add `{field}:` to this mapping"));
            let lines: Vec<&str> = text.lines().collect();
            if let Some(misplaced) = under_indented(path, &lines, pos) {
                return misplaced;
            }
            d
        }
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => {
            let d = Diagnostic::error("E0104", format!("expected {expected}, found {unexpected}"));
            if unexpected.contains("map") && expected.contains("string") {
                d.hint("a text containing `: ` must be quoted, or written as a block with `|`")
            } else {
                d
            }
        }
        Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => Diagnostic::error("E0104", format!("expected {expected}, found {unexpected}")),
        Error::Unexpected { expected, .. } => type_error(expected, text, pos),
        Error::InvalidScalar { ty, .. } => type_error(ty, text, pos),
        Error::InvalidBooleanStrict { .. } => {
            Diagnostic::error("E0104", "expected `true` or `false`")
                .hint("YAML 1.1 spellings such as `yes`, `no`, `on` and `off` are not accepted")
        }
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let d = Diagnostic::error("E0105", format!("unknown value `{variant}`"));
            match suggest(variant, expected.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("expected one of {}", list(expected))),
            }
        }
        Error::DuplicateMappingKey { key, .. } => Diagnostic::error(
            "E0106",
            match key {
                Some(k) => format!("duplicate key `{k}`"),
                None => "duplicate key".to_owned(),
            },
        )
        .hint("a key may appear once in a mapping: remove or rename one of them"),
        Error::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        } => return second_document(path, text, pos),
        Error::Budget { breach, .. } => Diagnostic::error(
            "E0107",
            format!("the file is too large or too deeply nested ({breach:?})"),
        )
        .hint("split the content over several files; the limits are listed in docs/security.md"),
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => {
            Diagnostic::error("E0107", "aliases expand to more than leskit reads")
                .hint("write the repeated text out, or use fewer aliases (`*name`)")
        }
        Error::Eof { .. } => Diagnostic::error("E0108", "the file holds no YAML document")
            .hint("start from `leskit new module <id>` or `leskit new quiz <id>`"),
        Error::MultipleDocuments { .. } => return second_document(path, text, pos),
        other => {
            let message = bare_message(other);
            // The scanner's own nesting limit, and breaches found while replaying an alias,
            // arrive as plain messages.
            if message.contains("recursion limit") || message.contains("nesting limit") {
                return Diagnostic::error(
                    "E0107",
                    format!(
                        "the file is nested more than {} levels deep",
                        limits::MAX_NESTING
                    ),
                )
                .hint("a leskit file never needs this much nesting: look for unclosed `[` or `{`")
                .at(path, pos);
            }
            if message.contains("budget breached") || message.contains("alias replay") {
                return Diagnostic::error("E0107", "aliases expand to more than leskit reads")
                    .hint("write the repeated text out, or use fewer aliases (`*name`)")
                    .at(path, pos);
            }
            // The parser notices a tab where the scalar before it ends; point at the tab itself.
            if let Some(line) = message
                .contains("tab")
                .then(|| first_tab_indent(text, pos.line))
                .flatten()
            {
                return Diagnostic::error("E0101", "a tab is used for indentation")
                    .hint("YAML indents with spaces only: replace the tab with spaces")
                    .at(path, Pos { line, column: 1 });
            }
            if message.contains("alias") && message.contains("limit") {
                return Diagnostic::error("E0107", "aliases expand to more than leskit reads")
                    .hint("write the repeated text out, or use fewer aliases (`*name`)")
                    .at(path, pos);
            }
            if message.contains("mapping values are not allowed") {
                return mapping_value_here(path, text, pos);
            }
            if let Some(d) = no_space_after_colon(path, text, pos) {
                return d;
            }
            if message.contains("null into string") {
                return Diagnostic::error("E0104", "expected a text, found nothing")
                    .hint("write a value after the colon, or remove the key")
                    .at(path, pos);
            }
            // Type mismatches found while replaying an alias arrive as plain messages.
            if let Some(expected) = message.strip_prefix("expected ") {
                return type_error(expected, text, pos).at(path, pos);
            }
            Diagnostic::error("E0101", format!("invalid YAML: {message}"))
        }
    };
    d.at(path, pos)
}

pub(super) fn type_error(expected: &str, text: &str, pos: Pos) -> Diagnostic {
    let expected = human_type(expected);
    let hint = match expected.as_str() {
        "a list" => "write the items on lines starting with `- `, or as `[a, b]`",
        "a text" => "write the text here; quote it if it starts with a special character",
        "a mapping of keys to values" => "write `key: value` lines, indented under this key",
        "a whole number" | "a whole number of 0 or more" => "write digits only, such as `80`",
        "`true` or `false`" => "write `true` or `false`",
        _ => "see docs/authoring.md for what this key takes",
    };
    Diagnostic::error(
        "E0104",
        format!("expected {expected}, found {}", found(text, pos)),
    )
    .hint(hint)
}

/// What serde or the parser calls a type, in an author's words.
fn human_type(t: &str) -> String {
    match t {
        "sequence start" | "sequence" | "a sequence" => "a list".to_owned(),
        "string scalar" | "a string" | "string" => "a text".to_owned(),
        "mapping start" | "mapping" | "a map" | "map" => "a mapping of keys to values".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "i128" => "a whole number".to_owned(),
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number of 0 or more".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "bool" | "a boolean" => "`true` or `false`".to_owned(),
        other => other.to_owned(),
    }
}

/// What stands at `pos` in the source: a list, a mapping, or the value itself.
fn found(text: &str, pos: Pos) -> String {
    let Some(line) = text.lines().nth(pos.line.saturating_sub(1) as usize) else {
        return "something else".to_owned();
    };
    let rest: String = line
        .chars()
        .skip(pos.column.saturating_sub(1) as usize)
        .collect();
    let rest = rest.trim();
    match rest.chars().next() {
        Some('[') | Some('-') => "a list".to_owned(),
        Some('{') => "a mapping".to_owned(),
        None => "nothing".to_owned(),
        Some(_) => {
            let token: String = rest
                .split([',', ']', '}', '#'])
                .next()
                .unwrap_or(rest)
                .trim()
                .chars()
                .take(40)
                .collect();
            format!("`{token}`")
        }
    }
}

/// The parser's own message without its " at line X column Y" suffix, which leskit shows itself.
fn bare_message(error: &Error) -> String {
    let text = error.to_string();
    let cut = [" at line ", " (defined at ", " (used at "]
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .unwrap_or(text.len());
    text[..cut].trim().to_owned()
}

/// The first line from `from` on whose indentation contains a tab.
fn first_tab_indent(text: &str, from: u32) -> Option<u32> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1) as usize)
        .find(|(_, l)| {
            l.chars()
                .take_while(|c| c.is_whitespace())
                .any(|c| c == '\t')
        })
        .map(|(i, _)| i as u32 + 1)
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text of line `n` (1-based).
fn line_of(text: &str, n: u32) -> Option<&str> {
    text.lines().nth(n.checked_sub(1)? as usize)
}

/// The column (1-based) of a line's first key, and the key: `  - tip: x` gives (5, "tip").
fn key_of(line: &str) -> Option<(u32, &str)> {
    let indent = line.len() - line.trim_start().len();
    let mut rest = &line[indent..];
    let mut column = indent + 1;
    while let Some(after) = rest.strip_prefix("- ") {
        let trimmed = after.trim_start();
        column += 2 + (after.len() - trimmed.len());
        rest = trimmed;
    }
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-'))
    .then_some((column as u32, key))
}

/// "mapping values are not allowed here": a text with `: ` in it, or a key indented deeper than
/// the key before it.
fn mapping_value_here(path: &Path, text: &str, pos: Pos) -> Diagnostic {
    let line = line_of(text, pos.line).unwrap_or("");
    if let Some((column, key)) = key_of(line) {
        let key_colon = column as usize + key.chars().count();
        if (pos.column as usize) > key_colon {
            // The colon the parser stopped at comes after the line's own key: it is in the text.
            let value = line
                .chars()
                .skip(key_colon)
                .collect::<String>()
                .trim()
                .replace('"', "\\\"");
            return Diagnostic::error("E0101", "this text contains `: `, which YAML reads as the start of a key")
                .at(path, pos)
                .hint(format!("put the text in quotes: `{key}: \"{value}\"`, or write it as a block with `|` on the line after `{key}:`"));
        }
        // The key itself: indented deeper than the one before it.
        if let Some((n, (above, above_key))) = (1..pos.line)
            .rev()
            .filter_map(|n| Some((n, key_of(line_of(text, n)?)?)))
            .next()
        {
            return Diagnostic::error("E0101", format!("`{key}` is indented more than the key above it"))
                .at(path, Pos { line: pos.line, column })
                .hint(format!("check the indentation of line {}: `{key}` should start at column {above}, like `{above_key}` on line {n}", pos.line));
        }
    }
    Diagnostic::error("E0101", "a `: ` where YAML expects no new key")
        .at(path, pos)
        .hint("check the indentation of this line and the one above it; a text containing `: ` must be quoted")
}

/// `title:Welkom`: a colon without a space after it is not a key.
fn no_space_after_colon(path: &Path, text: &str, pos: Pos) -> Option<Diagnostic> {
    let n = [pos.line, pos.line.saturating_sub(1)]
        .into_iter()
        .find(|&n| {
            line_of(text, n).is_some_and(|l| {
                let t = l.trim_start().trim_start_matches("- ");
                t.split_once(':').is_some_and(|(k, v)| {
                    !k.is_empty()
                        && k.chars().all(|c| c.is_alphanumeric() || c == '_')
                        && v.chars().next().is_some_and(|c| !c.is_whitespace())
                })
            })
        })?;
    let line = line_of(text, n)?;
    let t = line.trim_start().trim_start_matches("- ");
    let (key, value) = t.split_once(':')?;
    let column = (line.len() - t.len() + 1) as u32;
    Some(
        Diagnostic::error(
            "E0101",
            format!("`{key}:{value}` has no space after the colon, so it is not a key"),
        )
        .at(path, Pos { line: n, column })
        .hint(format!("write a space after the colon: `{key}: {value}`")),
    )
}

/// A second document: a `---` line in the file.
fn second_document(path: &Path, text: &str, pos: Pos) -> Diagnostic {
    let line = text
        .lines()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim_end() == "---" || l.starts_with("--- "))
        .map_or(pos.line, |(i, _)| i as u32 + 1);
    Diagnostic::error("E0101", "a second YAML document: the `---` line starts another one")
        .at(path, Pos { line, column: 1 })
        .hint("a file holds one module, quiz, course or content list: remove the `---` line, or move what follows it into a file of its own")
}

/// A mapping that lacks a key because a line after it is indented too little: that line ended
/// the mapping. `pos` is the mapping's start; `lines` are the text's lines.
///
/// Called once per mapping that lacks a key, so it reads only the lines near it: the ones after
/// the mapping up to the first that is indented less, and the ones above up to the line that
/// holds the mapping at that indentation.
pub(super) fn under_indented(path: &Path, lines: &[&str], pos: Pos) -> Option<Diagnostic> {
    let line_at = |n: u32| lines.get(n.checked_sub(1)? as usize).copied();
    let indent_of = |l: &str| (l.len() - l.trim_start().len() + 1) as u32;
    let (column, first_key) = key_of(line_at(pos.line)?)?;
    if column != pos.column {
        return None;
    }
    let (n, line) = lines
        .iter()
        .enumerate()
        .skip(pos.line as usize)
        .map(|(i, l)| (i as u32 + 1, *l))
        .find(|(_, l)| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with('#') && indent_of(l) < column
        })?;
    let (at, key) = key_of(line)?;
    let indent = indent_of(line);
    let next_item = indent == column.saturating_sub(2) && line.trim_start().starts_with("- ");
    // A key at the left margin, or the list's next item: where a line after a mapping belongs.
    if indent == 1 || next_item {
        return None;
    }
    // The columns a line after the mapping may start at: the enclosing keys' and list items'.
    let mut allowed = vec![1u32, column.saturating_sub(2).max(1)];
    let mut deepest = column;
    for above in (1..pos.line).rev() {
        let Some(l) = line_at(above) else {
            continue;
        };
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let i = indent_of(l);
        if i < deepest {
            allowed.push(i);
            if let Some((key_column, _)) = key_of(l) {
                allowed.push(key_column);
            }
            deepest = i;
        }
        // Every line further up is indented less still.
        if deepest <= indent {
            break;
        }
    }
    if allowed.contains(&indent) && indent != column.saturating_sub(2) {
        return None;
    }
    Some(
        Diagnostic::error("E0101", format!("`{key}` is indented less than the keys above it, so the mapping ended before it"))
            .at(path, Pos { line: n, column: at })
            .hint(format!("check the indentation of line {n}: `{key}` should start at column {column}, like `{first_key}` on line {}", pos.line)),
    )
}
