//! The problems before a syntax error. A file that is well-formed YAML is read through a tree of
//! its nodes, with every problem at once (`super::tree`); one that is not (a syntax error, a
//! second document, a parser limit) has no such tree. serde stops at its first wrong type,
//! unknown key or missing key, so after each one the text is mended where the problem is and
//! read again, until the parser's own error, which is reported last:
//!
//! - an unknown or duplicate key is taken out with its value;
//! - a value of the wrong type is replaced by a stand-in of the expected type (`""`, `0`,
//!   `false`, `[]`, the first allowed word); where none fits, or a stand-in leads to a problem of
//!   its own, the entry holding it is taken out (the list item, or the key with its value);
//! - a mapping that lacks a key is taken out the same way.
//!
//! - a key missing at the top of the file is added at its end, with a stand-in value.
//!
//! Every edit overwrites characters with spaces and keeps the line breaks (or adds a line at the
//! very end), so each later problem is reported at the line and column the author wrote it at.
//! What an edit leads to (a stand-in of the wrong kind, the key that was taken out now missing) is
//! not reported again, and the places of the stand-ins are kept, so that later checks say nothing
//! about them either.
//!
//! The syntax error stays, so the file is left out of the project after its problems are
//! reported, and what follows the syntax error is read once it is mended.

use serde::de::DeserializeOwned;
use serde_saphyr::Error;
use serde_saphyr::granit_parser::{Event, Parser};

use crate::diag::Diagnostic;
use crate::model::Pos;

/// At most this many problems before a syntax error are reported (each costs a parse of the
/// whole file).
const MAX_PROBLEMS: usize = 50;

/// What reading a file produced: the value when it could be read or mended, every problem, and
/// the places that hold a stand-in.
pub struct Read<T> {
    pub value: Option<T>,
    pub problems: Vec<Diagnostic>,
    pub stand_ins: Vec<Pos>,
}

/// Reads `text` as a `T`, reporting every problem through `explain` (which turns the parser's
/// error into a diagnostic, given the text it read).
pub fn parse_all<T: DeserializeOwned>(
    text: &str,
    read: impl Fn(&str) -> Result<T, Error>,
    explain: impl Fn(&str, &Error) -> Diagnostic,
) -> Read<T> {
    let mut current = text.to_owned();
    let mut out = Read {
        value: None,
        problems: Vec::new(),
        stand_ins: Vec::new(),
    };
    // Keys taken out, with the position of the mapping that held them: a "missing key" there
    // is the edit's doing.
    let mut taken: Vec<(String, Pos)> = Vec::new();
    let mut broad = false;
    for _ in 0..MAX_PROBLEMS {
        let error = match read(&current) {
            Ok(value) => {
                out.value = (!broad).then_some(value);
                return out;
            }
            Err(e) => e,
        };
        let e = error.without_snippet();
        let Some(pos) = e.location().map(|l| Pos {
            line: u32::try_from(l.line()).unwrap_or(0),
            column: u32::try_from(l.column()).unwrap_or(0),
        }) else {
            out.problems.push(explain(&current, &error));
            return out;
        };
        let Some(tree) = Tree::parse(&current) else {
            out.problems.push(explain(&current, &error));
            return out;
        };
        let follow_on = out.stand_ins.contains(&pos)
            || matches!(e, Error::SerdeMissingField { field, .. }
            if tree.map_holding(pos).is_some_and(|m| {
                taken.iter().any(|(k, p)| k == field && *p == tree.nodes[m].pos)
            }));
        if !follow_on {
            out.problems.push(explain(&current, &error));
        }
        let edit = if follow_on {
            follow(&tree, e, pos)
        } else {
            mend(&tree, e, pos)
        };
        let Some(edit) = edit else {
            return out;
        };
        if let Some(p) = edit.stand_in {
            out.stand_ins.push(p);
        }
        if let Some(t) = edit.taken.clone() {
            taken.push(t);
        }
        broad |= edit.broad;
        current = edit.apply(&current);
    }
    out
}

/// The edit that gets past problem `e` at `pos`, if any.
fn mend(tree: &Tree, e: &Error, pos: Pos) -> Option<Edit> {
    match e {
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let mut edit = tree.take_out(tree.key_at(pos)?)?;
            edit.broad = false;
            // `titel:` taken out leaves `title` missing; that is the same mistake.
            if let (Some(meant), Some(taken)) = (
                crate::diag::suggest(field, expected.iter().copied()),
                edit.taken.as_mut(),
            ) {
                taken.0 = meant.to_owned();
            }
            Some(edit)
        }
        Error::DuplicateMappingKey { .. } => {
            let mut edit = tree.take_out(tree.key_at(pos)?)?;
            edit.broad = false;
            Some(edit)
        }
        Error::SerdeMissingField { field, .. } => tree.add_or_take_out(pos, field),
        Error::SerdeUnknownVariant { expected, .. } => {
            if let Some(key) = tree.key_at(pos) {
                // `- quizz: x`: the block's kind is unknown, so the whole block goes.
                return tree.take_out(tree.nodes[key].parent?);
            }
            let value = tree.value_at(pos)?;
            match expected.first() {
                Some(first)
                    if first
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
                {
                    Some(tree.replace(value, first))
                }
                _ => tree.take_out(value),
            }
        }
        Error::SerdeInvalidType { expected, .. } | Error::SerdeInvalidValue { expected, .. } => {
            tree.replace_or_take_out(pos, expected)
        }
        Error::Unexpected { expected, .. } => tree.replace_or_take_out(pos, expected),
        Error::InvalidScalar { ty, .. } => tree.replace_or_take_out(pos, ty),
        Error::InvalidBooleanStrict { .. } => tree.replace_or_take_out(pos, "bool"),
        other if other.to_string().contains("null into string") => {
            tree.replace_or_take_out(pos, "string")
        }
        _ => None,
    }
}

/// The edit that gets past a problem an earlier edit caused: a stand-in of another type, once,
/// or else taking out what holds it.
fn follow(tree: &Tree, e: &Error, pos: Pos) -> Option<Edit> {
    if let Error::SerdeMissingField { field, .. } = e {
        return tree.add_or_take_out(pos, field);
    }
    let n = tree.value_at(pos)?;
    let expected = match e {
        Error::SerdeInvalidType { expected, .. } | Error::SerdeInvalidValue { expected, .. } => {
            Some(expected.as_str())
        }
        Error::Unexpected { expected, .. } => Some(*expected),
        Error::InvalidScalar { ty, .. } => Some(*ty),
        Error::InvalidBooleanStrict { .. } => Some("bool"),
        _ => None,
    };
    match expected.and_then(stand_in) {
        Some(s)
            if tree.nodes[n].text != s.trim_matches('"')
                || s == "[]" && tree.nodes[n].kind != Kind::Seq =>
        {
            let mut edit = tree.replace(n, s);
            edit.broad |= s == "[]";
            Some(edit)
        }
        _ => tree.take_out(n),
    }
}

/// A value of the type serde calls `expected` that stands in for a wrong one.
fn stand_in(expected: &str) -> Option<&'static str> {
    let e = expected.to_ascii_lowercase();
    let number = [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "f32", "f64", "integer",
        "number", "float",
    ];
    if e.contains("string") {
        Some("\"\"")
    } else if e.contains("sequence") || e.contains("list") {
        Some("[]")
    } else if e.contains("bool") {
        Some("false")
    } else if number.iter().any(|n| e.contains(n)) {
        Some("0")
    } else {
        None
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Scalar,
    Seq,
    Map,
}

struct Node {
    kind: Kind,
    /// Byte range of the node's text; a block collection's ends where its last child does.
    start: usize,
    end: usize,
    pos: Pos,
    parent: Option<usize>,
    is_key: bool,
    flow: bool,
    /// The text of a scalar (a key's name, a stand-in's text).
    text: String,
    children: Vec<usize>,
}

/// The nodes of a text, as the parser's events give them, with their byte ranges.
struct Tree<'t> {
    text: &'t str,
    nodes: Vec<Node>,
}

/// An edit: bytes `start..end` replaced by `with`, padded with the spaces and line breaks of what
/// it replaces.
struct Edit {
    start: usize,
    end: usize,
    with: String,
    stand_in: Option<Pos>,
    taken: Option<(String, Pos)>,
    /// Whether the edit changes more than one value, so the mended file is not checked further.
    broad: bool,
}

impl Edit {
    fn apply(&self, text: &str) -> String {
        let (mut start, mut end) = (self.start, self.end);
        // The parser places a value with nothing written at the colon before it.
        if start == end && text[start..].starts_with(':') {
            start += 1;
            end += 1;
        }
        let old = &text[start..end];
        let mut blank: String = old
            .chars()
            .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
            .collect();
        // The replacement takes the place of the first line's spaces, as far as there are any.
        let room = blank.find(['\n', '\r']).unwrap_or(blank.len());
        blank.replace_range(..self.with.len().min(room), "");
        let mut with = self.with.clone();
        // An empty value right after `key:` needs a space before its stand-in.
        if start == end && !with.is_empty() && text[..start].ends_with(|c: char| !c.is_whitespace())
        {
            with.insert(0, ' ');
        }
        format!("{}{with}{blank}{}", &text[..start], &text[end..])
    }
}

impl<'t> Tree<'t> {
    /// `None` when the text does not parse as YAML at all (nothing can be mended then).
    fn parse(text: &'t str) -> Option<Tree<'t>> {
        let mut nodes: Vec<Node> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for event in Parser::new_from_str(text) {
            let (event, span) = event.ok()?;
            let start = span.start.byte_offset()?;
            let end = span.end.byte_offset()?;
            let (kind, flow, scalar) = match event {
                Event::Scalar(value, ..) => (Kind::Scalar, false, value.into_owned()),
                Event::Alias(_) => (Kind::Scalar, false, String::new()),
                Event::SequenceStart(style, ..) => (Kind::Seq, is_flow(style), String::new()),
                Event::MappingStart(style, ..) => (Kind::Map, is_flow(style), String::new()),
                Event::SequenceEnd | Event::MappingEnd => {
                    let n = open.pop()?;
                    let last = nodes[n].children.last().map(|&c| nodes[c].end);
                    nodes[n].end = if nodes[n].flow {
                        end
                    } else {
                        last.unwrap_or(nodes[n].start)
                    };
                    continue;
                }
                _ => continue,
            };
            let parent = open.last().copied();
            let is_key = parent.is_some_and(|p| {
                nodes[p].kind == Kind::Map && nodes[p].children.len().is_multiple_of(2)
            });
            let id = nodes.len();
            nodes.push(Node {
                kind,
                start,
                end: if kind == Kind::Scalar { end } else { start },
                pos: Pos {
                    line: u32::try_from(span.start.line()).unwrap_or(0),
                    column: u32::try_from(span.start.col() + 1).unwrap_or(0),
                },
                parent,
                is_key,
                flow,
                text: scalar,
                children: Vec::new(),
            });
            if let Some(p) = parent {
                nodes[p].children.push(id);
            }
            if kind != Kind::Scalar {
                open.push(id);
            }
        }
        Some(Tree { text, nodes })
    }

    fn at(&self, pos: Pos) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len()).filter(move |&n| self.nodes[n].pos == pos)
    }

    fn key_at(&self, pos: Pos) -> Option<usize> {
        self.at(pos).find(|&n| self.nodes[n].is_key)
    }

    /// The innermost mapping that holds what starts at `pos`, or starts there itself: the parser
    /// reports a missing key at the mapping's start or at one of its keys.
    fn map_holding(&self, pos: Pos) -> Option<usize> {
        let at = self.nodes[self.at(pos).next()?].start;
        (0..self.nodes.len()).rev().find(|&n| {
            let node = &self.nodes[n];
            node.kind == Kind::Map && node.start <= at && at <= node.end
        })
    }

    /// The outermost value (not a key) starting at `pos`; a value with nothing written, such as
    /// `text:` at its end, starts right after the colon.
    fn value_at(&self, pos: Pos) -> Option<usize> {
        self.at(pos).find(|&n| !self.nodes[n].is_key).or_else(|| {
            (0..self.nodes.len()).find(|&n| {
                let node = &self.nodes[n];
                !node.is_key
                    && node.kind == Kind::Scalar
                    && node.start == node.end
                    && node.pos.line == pos.line
                    && node.pos.column.abs_diff(pos.column) <= 1
            })
        })
    }

    fn replace_or_take_out(&self, pos: Pos, expected: &str) -> Option<Edit> {
        let value = self.value_at(pos)?;
        match stand_in(expected) {
            Some(s) => {
                let mut edit = self.replace(value, s);
                // An empty list where a list was wrong says "nothing here" to later checks.
                edit.broad = s == "[]";
                Some(edit)
            }
            None => self.take_out(value),
        }
    }

    fn replace(&self, n: usize, with: &str) -> Edit {
        let node = &self.nodes[n];
        let mut pos = node.pos;
        if node.start == node.end {
            // Written after the colon and a space (see `Edit::apply`).
            if self.text[node.start..].starts_with(':') {
                pos.column += 1;
            }
            pos.column += 1;
        }
        Edit {
            start: node.start,
            end: node.end,
            with: with.to_owned(),
            stand_in: Some(pos),
            taken: None,
            broad: false,
        }
    }

    /// A key missing from the mapping at `pos`: added at the end of the file with a stand-in
    /// text when the mapping is the file's own (the line is new, so no position moves), else the
    /// mapping is taken out.
    fn add_or_take_out(&self, pos: Pos, field: &str) -> Option<Edit> {
        let map = self.map_holding(pos)?;
        let node = &self.nodes[map];
        if node.parent.is_some() || node.flow {
            return self.take_out(map);
        }
        let lines = self.text.lines().count();
        let newline = if self.text.ends_with('\n') { "" } else { "\n" };
        Some(Edit {
            start: self.text.len(),
            end: self.text.len(),
            with: format!("{newline}{field}: \"\"\n"),
            stand_in: Some(Pos {
                line: u32::try_from(lines + 1).unwrap_or(u32::MAX),
                column: u32::try_from(field.chars().count() + 3).unwrap_or(u32::MAX),
            }),
            taken: None,
            broad: false,
        })
    }

    /// Takes out the entry `n` belongs to: the list item it is, or the key and value it is part
    /// of. A collection left with nothing becomes an empty one (`[]`, `{}`).
    fn take_out(&self, n: usize) -> Option<Edit> {
        let parent = self.nodes[n].parent?;
        let p = &self.nodes[parent];
        let (first, last) = match p.kind {
            Kind::Seq => (n, n),
            Kind::Map => {
                let at = p.children.iter().position(|&c| c == n)?;
                let key = at - at % 2;
                (p.children[key], *p.children.get(key + 1)?)
            }
            Kind::Scalar => return None,
        };
        let entries = if p.kind == Kind::Map {
            p.children.len() / 2
        } else {
            p.children.len()
        };
        if entries <= 1 {
            let empty = if p.kind == Kind::Map { "{}" } else { "[]" };
            let mut edit = self.replace(parent, empty);
            if p.kind == Kind::Map {
                edit.taken = Some((self.nodes[first].text.clone(), p.pos));
            }
            edit.broad = true;
            return Some(edit);
        }
        let mut start = self.nodes[first].start;
        let mut end = self.nodes[last].end;
        let bytes = self.text.as_bytes();
        if p.flow {
            // The comma after the entry, or else the one before it.
            let after = self.text[end..].trim_start();
            if after.starts_with(',') {
                end = self.text.len() - after.len() + 1;
            } else if let Some(comma) = self.text[..start].rfind(',') {
                start = comma;
            }
        } else if p.kind == Kind::Seq {
            // A block list item starts at its dash.
            let mut i = start;
            while i > 0 && matches!(bytes[i - 1], b' ' | b'\n' | b'\r') {
                i -= 1;
            }
            if i > 0 && bytes[i - 1] == b'-' {
                start = i - 1;
            }
        }
        let taken = (p.kind == Kind::Map).then(|| {
            // Without its first key, a mapping starts at its next one.
            let starts_at = if p.children.first() == Some(&first) {
                p.children
                    .get(2)
                    .map_or(p.pos, |&next| self.nodes[next].pos)
            } else {
                p.pos
            };
            (self.nodes[first].text.clone(), starts_at)
        });
        Some(Edit {
            start,
            end,
            with: String::new(),
            stand_in: None,
            taken,
            broad: true,
        })
    }
}

fn is_flow(style: serde_saphyr::granit_parser::StructureStyle) -> bool {
    matches!(style, serde_saphyr::granit_parser::StructureStyle::Flow)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::Module;

    fn problems(text: &str) -> (Vec<(&'static str, u32, u32)>, bool) {
        let read = super::super::parse_all::<Module>(Path::new("m.yaml"), text);
        let found = read
            .problems
            .iter()
            .map(|d| (d.code, d.line, d.column))
            .collect();
        (found, read.value.is_some())
    }

    const HEAD: &str = "id: m\ntitle: M\nversion: 1.0.0\nsource: s\n";

    #[test]
    fn a_syntax_error_is_reported_once() {
        let (found, read) = problems(&format!("{HEAD}pages:\n  - id: a\n    title: \"open\n"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(!read);
    }

    #[test]
    fn a_wrong_value_does_not_hide_the_syntax_error_after_it() {
        let (found, read) = problems(&format!(
            "{HEAD}pass_mark: hoog\npages:\n  - id: a\n    title: [A]\n  - id: b\n    title: \"open\n"
        ));
        assert_eq!(found, [("E0104", 5, 12), ("E0101", 10, 12)]);
        assert!(!read);
    }
}
