//! Positions inside a text: where in the file a place in a scalar's value was written.
//!
//! A problem in a Markdown text (a bad link on its sixth line) is found in the value, which no
//! longer shows the YAML around it: a literal `|` block lost its indentation, a folded `>` block
//! its line breaks, a quoted scalar its quotes and escapes. This walks the value and its source
//! side by side, so that the message points at the line and column the author wrote.

use crate::model::Pos;

/// How the scalar was written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `|` or `>`: the content lines, each indented by at least `indent` spaces.
    Block {
        indent: usize,
    },
    DoubleQuoted,
    SingleQuoted,
    Plain,
}

/// The position in `source` of the end of `before`, which is the start of a scalar's value
/// written at `start` (as the parser reports it: the first content line of a block scalar, the
/// opening quote of a quoted one). Falls back to `start` when the two cannot be matched.
pub fn position_inside(source: &str, start: Pos, before: &str) -> Pos {
    walk(source, start, before).unwrap_or(start)
}

fn walk(source: &str, start: Pos, before: &str) -> Option<Pos> {
    let begin = byte_at(source, start)?;
    let (style, mut at) = match source[begin..].chars().next()? {
        '"' => (Style::DoubleQuoted, begin + 1),
        '\'' => (Style::SingleQuoted, begin + 1),
        _ if is_block_content(&source[..begin]) => (
            Style::Block {
                indent: start.column.saturating_sub(1) as usize,
            },
            begin,
        ),
        _ => (Style::Plain, begin),
    };
    let bytes = source.as_bytes();
    let mut wanted = before.chars().peekable();
    // Leading empty lines of a block come before the line the parser names.
    if matches!(style, Style::Block { .. }) {
        while wanted.peek() == Some(&'\n') {
            wanted.next();
        }
    }
    // Every step consumes at least one source byte, so the walk ends.
    while let Some(&want) = wanted.peek() {
        let c = source[at..].chars().next()?;
        let quote = match style {
            Style::DoubleQuoted => Some('"'),
            Style::SingleQuoted => Some('\''),
            _ => None,
        };
        if style == Style::SingleQuoted && source[at..].starts_with("''") {
            at += 2; // `''` is one `'`
            wanted.next();
        } else if style == Style::DoubleQuoted && c == '\\' {
            let escaped = source[at + 1..].chars().next()?;
            match escaped {
                '\n' | '\r' => at = skip_indentation(source, at + 2, style),
                'x' => (at, _) = (at + 4, wanted.next()),
                'u' => (at, _) = (at + 6, wanted.next()),
                'U' => (at, _) = (at + 10, wanted.next()),
                other => (at, _) = (at + 1 + other.len_utf8(), wanted.next()),
            }
        } else if Some(c) == quote {
            return None; // the closing quote: the value ended before `before` did
        } else if c == want {
            at += c.len_utf8();
            wanted.next();
            if c == '\n' {
                at = skip_indentation(source, at, style);
            }
        } else if c == '\n' || c == '\r' {
            // A line break the value folded into a space, or dropped.
            at += 1;
            if c == '\r' && bytes.get(at) == Some(&b'\n') {
                at += 1;
            }
            at = skip_indentation(source, at, style);
            if want == ' ' {
                wanted.next();
            }
        } else {
            // Something the value does not hold: trailing spaces before a fold, say.
            at += c.len_utf8();
        }
        if at > source.len() || !source.is_char_boundary(at) {
            return None;
        }
    }
    Some(pos_of(source, at))
}

/// Whether the text before a scalar's first content line ends with a block header (`key: |`,
/// `- >-`, `tip: |2 # comment`).
fn is_block_content(before: &str) -> bool {
    let header = before.trim_end().rsplit('\n').next().unwrap_or("");
    let header = match header.find(" #") {
        Some(comment) => &header[..comment],
        None => header,
    };
    let indicator = header.trim_end().rsplit([' ', '\t']).next().unwrap_or("");
    let mut chars = indicator.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '-' | '+' | '0'..='9'))
}

/// Past the indentation of a new line: all of it in a flow scalar, at most the block's own in a
/// block scalar (deeper indentation is part of a literal text).
fn skip_indentation(source: &str, mut at: usize, style: Style) -> usize {
    let bytes = source.as_bytes();
    let limit = match style {
        Style::Block { indent } => indent,
        _ => usize::MAX,
    };
    let mut skipped = 0;
    while skipped < limit && matches!(bytes.get(at), Some(b' ' | b'\t')) {
        at += 1;
        skipped += 1;
    }
    at
}

/// The byte index of a 1-based line and column (in characters).
fn byte_at(source: &str, pos: Pos) -> Option<usize> {
    if !pos.is_known() {
        return None;
    }
    let mut line_start = 0;
    for _ in 1..pos.line {
        line_start += source[line_start..].find('\n')? + 1;
    }
    let line = &source[line_start..];
    let column = pos.column.saturating_sub(1) as usize;
    line.char_indices().nth(column).map(|(i, _)| line_start + i)
}

fn pos_of(source: &str, at: usize) -> Pos {
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(before[line_start..].chars().count() + 1).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }

    #[test]
    fn literal_block() {
        let source = "body: |\n  Een.\n\n  Twee\n    diep [x](y)\n";
        assert_eq!(
            position_inside(source, at(2, 3), "Een.\n\nTwee\n  diep "),
            at(5, 10)
        );
    }

    #[test]
    fn folded_block() {
        let source = "- tip: >-\n    Een tip die\n    over <b>\n";
        assert_eq!(
            position_inside(source, at(2, 5), "Een tip die over "),
            at(3, 10)
        );
    }

    #[test]
    fn quoted_scalars() {
        let source = "a: \"Een \\\"x\\\",\n   en [l](#n).\"\n";
        assert_eq!(
            position_inside(source, at(1, 4), "Een \"x\", en "),
            at(2, 7)
        );
        let source = "a: 'Het is ''zo'' dat [d](j:x)'\n";
        assert_eq!(
            position_inside(source, at(1, 4), "Het is 'zo' dat "),
            at(1, 23)
        );
    }

    #[test]
    fn plain_scalar_and_fallback() {
        let source = "body: Lees [verder](#x).\n";
        assert_eq!(position_inside(source, at(1, 7), "Lees "), at(1, 12));
        // A value that does not match its source points at the value's start.
        assert_eq!(
            position_inside(
                source,
                at(1, 7),
                "Iets heel anders dat langer is dan de regel"
            ),
            at(1, 7)
        );
    }
}
