//! Every problem of a file in one run. The file is parsed once into a tree of nodes that remember
//! where they were written, and the model is deserialized from that tree by a deserializer that
//! collects problems instead of stopping at the first:
//!
//! - an unknown key is reported and skipped (a misspelt required key, `titel:`, is read as the
//!   key it was meant to be, so its value is still checked), a duplicate key likewise;
//! - a missing key is reported at the mapping that lacks it, and a stand-in takes its place;
//! - a value of the wrong type is reported, and a stand-in of the type asked for (`""`, `0`,
//!   `false`, an empty list, the first allowed word, a mapping of stand-ins) takes its place.
//!
//! So a file with problems is still a whole value, and the semantic checks (unknown references,
//! Markdown, ...) run on every part that was written right. Their findings about a stand-in are
//! not news: the places of the stand-ins are kept ([`super::StandIns`]), and so are the start
//! and the first value of every mapping that holds one, where the checks of a whole mapping
//! report ("the module has no pages", "a `single` question needs exactly one right option").
//!
//! Nothing is derived per key: which keys a mapping takes comes from serde (the derives of the
//! model), which of them it needs from the JSON Schema (the same derives, through schemars).
//! Each node is visited once per place it is used, so the work is linear in the file, also
//! through aliases, whose expansion is bounded like the parser's.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};

use super::recover::Read;
use super::yaml;
use crate::diag::{Diagnostic, suggest};
use crate::limits;
use crate::model::Pos;

/// The name under which [`crate::model::Spanned`] asks this deserializer for a value with its
/// position (see `super::spanned`).
pub(super) const SPANNED: &str = "__leskit_spanned";

thread_local! {
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
}

/// Whether a value is being read from a tree on this thread (so `Spanned` asks for positions the
/// way [`decode`] gives them).
pub(super) fn active() -> bool {
    ACTIVE.with(Cell::get)
}

/// Sets [`active`] for as long as it lives.
struct Active(bool);

impl Active {
    fn set() -> Active {
        Active(ACTIVE.with(|a| a.replace(true)))
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        ACTIVE.with(|a| a.set(self.0));
    }
}

enum Kind {
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<usize>),
    Map(Vec<(usize, usize)>),
    /// `*name`: the node the anchor `&name` is on.
    Alias(usize),
}

struct Node {
    kind: Kind,
    pos: Pos,
}

/// A YAML document as nodes with their positions.
pub(super) struct Tree {
    nodes: Vec<Node>,
    root: usize,
}

impl Tree {
    /// `None` when the text is not one well-formed YAML document within the parser's limits;
    /// the caller then reports the parser's own error.
    pub(super) fn parse(text: &str) -> Option<Tree> {
        let mut nodes: Vec<Node> = Vec::new();
        // Open collections, each with the key read for its next value (in a mapping).
        let mut open: Vec<(usize, Option<usize>)> = Vec::new();
        let mut anchors: HashMap<usize, usize> = HashMap::new();
        let mut root = None;
        let mut documents = 0;
        for event in Parser::new_from_str(text) {
            let (event, span) = event.ok()?;
            let pos = Pos {
                line: u32::try_from(span.start.line()).ok()?,
                column: u32::try_from(span.start.col() + 1).ok()?,
            };
            let (kind, anchor, collection) = match event {
                Event::DocumentStart(..) => {
                    documents += 1;
                    if documents > 1 {
                        return None;
                    }
                    continue;
                }
                Event::Scalar(text, style, anchor, _) => (
                    Kind::Scalar {
                        text: text.into_owned(),
                        plain: matches!(style, ScalarStyle::Plain),
                    },
                    anchor,
                    false,
                ),
                Event::Alias(id) => (Kind::Alias(*anchors.get(&id)?), 0, false),
                Event::SequenceStart(_, anchor, _) => (Kind::Seq(Vec::new()), anchor, true),
                Event::MappingStart(_, anchor, _) => (Kind::Map(Vec::new()), anchor, true),
                Event::SequenceEnd | Event::MappingEnd => {
                    open.pop()?;
                    continue;
                }
                _ => continue,
            };
            let id = nodes.len();
            if id >= limits::MAX_NODES || open.len() >= limits::MAX_NESTING {
                return None;
            }
            nodes.push(Node { kind, pos });
            if anchor != 0 {
                anchors.insert(anchor, id);
            }
            match open.last_mut() {
                None if root.is_none() => root = Some(id),
                None => return None,
                Some((parent, key)) => match &mut nodes[*parent].kind {
                    Kind::Seq(items) => items.push(id),
                    Kind::Map(entries) => match key.take() {
                        None => *key = Some(id),
                        Some(k) => entries.push((k, id)),
                    },
                    _ => return None,
                },
            }
            if collection {
                open.push((id, None));
            }
        }
        Some(Tree { nodes, root: root? })
    }
}

/// Reads `tree` (parsed from `text`, the contents of `path`) as a `T`, with every problem.
pub(super) fn decode<T: DeserializeOwned + schemars::JsonSchema>(
    path: &Path,
    text: &str,
    tree: &Tree,
) -> Read<T> {
    let d = Decoder {
        tree,
        lines: text.lines().collect(),
        path,
        required: required_keys::<T>(),
        problems: RefCell::new(Vec::new()),
        stand_ins: RefCell::new(Vec::new()),
        damaged: RefCell::new(BTreeSet::new()),
        reported: RefCell::new(HashSet::new()),
        visits: Cell::new(0),
        bytes: Cell::new(0),
        over: Cell::new(false),
    };
    let result = {
        let _active = Active::set();
        T::deserialize(At {
            d: &d,
            node: Some(tree.root),
            pos: tree.nodes[tree.root].pos,
            owner: None,
        })
    };
    let mut problems = d.problems.into_inner();
    problems.sort_by_key(|p| (p.line, p.column));
    let value = match result {
        Ok(value) if !d.over.get() => Some(value),
        Ok(_) => None,
        Err(stop) => {
            problems.push(
                Diagnostic::error("E0104", format!("wrong type of value: {}", stop.message))
                    .at(path, stop.pos.unwrap_or(Pos::UNKNOWN))
                    .hint("see docs/authoring.md for what this key takes"),
            );
            None
        }
    };
    let mut stand_ins = d.stand_ins.into_inner();
    for &map in d.damaged.borrow().iter() {
        stand_ins.push(tree.nodes[map].pos);
        if let Kind::Map(entries) = &tree.nodes[map].kind
            && let Some(&(_, first)) = entries.first()
        {
            stand_ins.push(tree.nodes[first].pos);
        }
    }
    stand_ins.sort();
    stand_ins.dedup();
    Read {
        value,
        problems,
        stand_ins,
    }
}

/// The keys each mapping type needs, by the type's name, from the JSON Schema the model derives
/// (the same serde attributes decide both: a key with a default or an `Option` is not needed).
fn required_keys<T: schemars::JsonSchema>() -> HashMap<String, Vec<String>> {
    let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
    let value = schema.as_value();
    let keys = |s: &serde_json::Value| -> Vec<String> {
        s.get("required")
            .and_then(|r| r.as_array())
            .map(|r| {
                r.iter()
                    .filter_map(|k| k.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = HashMap::new();
    out.insert(T::schema_name().into_owned(), keys(value));
    if let Some(defs) = value.get("$defs").and_then(|d| d.as_object()) {
        for (name, s) in defs {
            out.insert(name.clone(), keys(s));
        }
    }
    out
}

struct Decoder<'t> {
    tree: &'t Tree,
    /// The text's lines, for the words of a message (each problem reads its own line only).
    lines: Vec<&'t str>,
    path: &'t Path,
    required: HashMap<String, Vec<String>>,
    problems: RefCell<Vec<Diagnostic>>,
    stand_ins: RefCell<Vec<Pos>>,
    /// Mappings that hold a stand-in.
    damaged: RefCell<BTreeSet<usize>>,
    /// Nodes whose problem is reported: a node used through several aliases is reported once.
    reported: RefCell<HashSet<usize>>,
    visits: Cell<usize>,
    bytes: Cell<usize>,
    /// Aliases expanded to more than leskit reads: the value is not used.
    over: Cell<bool>,
}

impl Decoder<'_> {
    fn report(&self, node: usize, d: Diagnostic) {
        if self.reported.borrow_mut().insert(node) {
            self.problems.borrow_mut().push(d);
        }
    }

    /// Counts a visit and `bytes` of text; past the limits, reports once and gives up.
    fn count(&self, pos: Pos, bytes: usize) -> bool {
        if self.over.get() {
            return false;
        }
        self.visits.set(self.visits.get() + 1);
        self.bytes.set(self.bytes.get() + bytes);
        if self.visits.get() > limits::MAX_NODES + limits::MAX_ALIAS_EVENTS
            || self.bytes.get() > limits::MAX_EXPANDED_BYTES
        {
            self.over.set(true);
            self.problems.borrow_mut().push(
                Diagnostic::error("E0107", "aliases expand to more than leskit reads")
                    .hint("write the repeated text out, or use fewer aliases (`*name`)")
                    .at(self.path, pos),
            );
            return false;
        }
        true
    }
}

/// What the deserializer gives up with: only when a visitor refuses even a stand-in.
#[derive(Debug)]
struct Stop {
    message: String,
    pos: Option<Pos>,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Stop {
            message: message.to_string(),
            pos: None,
        }
    }
}

/// A place in the tree being read: a node, or a stand-in (`node: None`) at `pos`. `owner` is
/// the innermost mapping of the file the place is in.
#[derive(Clone, Copy)]
struct At<'d, 't> {
    d: &'d Decoder<'t>,
    node: Option<usize>,
    pos: Pos,
    owner: Option<usize>,
}

/// YAML's null in plain style.
fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer as YAML 1.2 writes one: decimal with an optional sign, or `0x`/`0o`/`0b`.
fn parse_int(text: &str) -> Option<i128> {
    let t = text.trim();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (radix, digits) = if let Some(d) = digits.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = digits.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = digits.strip_prefix("0b") {
        (2, d)
    } else {
        (10, digits)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let n = i128::from_str_radix(digits, radix).ok()?;
    Some(if negative { -n } else { n })
}

impl<'d, 't> At<'d, 't> {
    /// Follows aliases (the place keeps the position it was used at) and counts the visit.
    fn enter(mut self) -> Self {
        while let Some(n) = self.node {
            match &self.d.tree.nodes[n].kind {
                Kind::Alias(target) => self.node = Some(*target),
                _ => break,
            }
        }
        let bytes = match self.node.map(|n| &self.d.tree.nodes[n].kind) {
            Some(Kind::Scalar { text, .. }) => text.len(),
            _ => 0,
        };
        if !self.d.count(self.pos, bytes) {
            self.node = None;
        }
        self
    }

    fn kind(&self) -> Option<&'t Kind> {
        self.node.map(|n| &self.d.tree.nodes[n].kind)
    }

    fn scalar(&self) -> Option<(&'t str, bool)> {
        match self.kind()? {
            Kind::Scalar { text, plain } => Some((text.as_str(), *plain)),
            _ => None,
        }
    }

    fn null(&self) -> bool {
        self.scalar().is_some_and(|(t, plain)| plain && is_null(t))
    }

    /// Reports `d` (about this place) and makes the place a stand-in.
    fn wrong(self, d: Diagnostic) -> Self {
        if let Some(n) = self.node {
            self.d.report(n, d.at(self.d.path, self.pos));
        }
        self.mark()
    }

    /// Makes the place a stand-in, whose problem is reported already.
    fn mark(self) -> Self {
        if self.node.is_some() {
            self.d.stand_ins.borrow_mut().push(self.pos);
            if let Some(owner) = self.owner {
                self.d.damaged.borrow_mut().insert(owner);
            }
        }
        At { node: None, ..self }
    }

    /// The place holds something else than `expected` (serde's name for a type).
    fn wrong_type(self, expected: &str) -> Self {
        if self.node.is_none() {
            return self;
        }
        let line = self
            .pos
            .line
            .checked_sub(1)
            .and_then(|n| self.d.lines.get(n as usize))
            .copied()
            .unwrap_or("");
        let on_its_line = Pos {
            line: 1,
            column: self.pos.column,
        };
        let d = yaml::type_error(expected, line, on_its_line);
        self.wrong(d)
    }

    fn at_child(&self, node: usize) -> Self {
        At {
            node: Some(node),
            pos: self.d.tree.nodes[node].pos,
            ..*self
        }
    }

    fn int<'de, V: Visitor<'de>>(
        self,
        visitor: V,
        expected: &str,
        min: i128,
        max: i128,
    ) -> Result<V::Value, Stop> {
        let at = self.enter();
        let n = match at.scalar() {
            Some((text, _)) => match parse_int(text) {
                Some(n) if (min..=max).contains(&n) => n,
                _ => {
                    at.wrong_type(expected);
                    0
                }
            },
            None => {
                at.wrong_type(expected);
                0
            }
        };
        let result = if min < 0 {
            visitor.visit_i64(i64::try_from(n).unwrap_or(0))
        } else {
            visitor.visit_u64(u64::try_from(n).unwrap_or(0))
        };
        result.map_err(|e| at.placed(e))
    }

    fn placed(&self, mut e: Stop) -> Stop {
        e.pos = e.pos.or(Some(self.pos));
        e
    }

    fn seq(self) -> SeqAcc<'d, 't> {
        let items = match self.kind() {
            Some(Kind::Seq(items)) => items.as_slice(),
            _ => &[],
        };
        SeqAcc {
            at: self,
            items: items.iter(),
        }
    }
}

macro_rules! ints {
    ($($method:ident: $ty:ty, $name:literal;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
                self.int(visitor, $name, i128::from(<$ty>::MIN), i128::from(<$ty>::MAX))
            }
        )*
    };
}

impl<'de, 'd, 't> de::Deserializer<'de> for At<'d, 't> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        let at = self.enter();
        let result = match at.kind() {
            None => visitor.visit_unit(),
            Some(Kind::Scalar { text, plain }) => {
                if *plain && is_null(text) {
                    visitor.visit_unit()
                } else if let Some(b) = plain.then(|| parse_bool(text)).flatten() {
                    visitor.visit_bool(b)
                } else if let Some(n) = plain.then(|| parse_int(text)).flatten() {
                    match i64::try_from(n) {
                        Ok(n) => visitor.visit_i64(n),
                        Err(_) => visitor.visit_string(text.clone()),
                    }
                } else {
                    visitor.visit_string(text.clone())
                }
            }
            Some(Kind::Seq(_)) => visitor.visit_seq(at.seq()),
            Some(Kind::Map(_)) => visitor.visit_map(StructAcc::new(at, &[], None)),
            Some(Kind::Alias(_)) => visitor.visit_unit(),
        };
        result.map_err(|e| at.placed(e))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        let at = self.enter();
        let b = match at.scalar() {
            Some((text, _)) => parse_bool(text).unwrap_or_else(|| {
                at.wrong(
                    Diagnostic::error("E0104", "expected `true` or `false`").hint(
                        "YAML 1.1 spellings such as `yes`, `no`, `on` and `off` are not accepted",
                    ),
                );
                false
            }),
            None => {
                at.wrong_type("bool");
                false
            }
        };
        visitor.visit_bool(b).map_err(|e| at.placed(e))
    }

    ints! {
        deserialize_i8: i8, "i8";
        deserialize_i16: i16, "i16";
        deserialize_i32: i32, "i32";
        deserialize_i64: i64, "i64";
        deserialize_u8: u8, "u8";
        deserialize_u16: u16, "u16";
        deserialize_u32: u32, "u32";
        deserialize_u64: u64, "u64";
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        let at = self.enter();
        let f = match at.scalar().and_then(|(t, _)| t.trim().parse::<f64>().ok()) {
            Some(f) => f,
            None => {
                at.wrong_type("f64");
                0.0
            }
        };
        visitor.visit_f64(f).map_err(|e| at.placed(e))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.deserialize_string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        let at = self.enter();
        let text = match at.scalar() {
            Some(_) if at.null() => {
                at.wrong(
                    Diagnostic::error("E0104", "expected a text, found nothing")
                        .hint("write a value after the colon, or remove the key"),
                );
                String::new()
            }
            Some((text, _)) => text.to_owned(),
            None => {
                at.wrong_type("string");
                String::new()
            }
        };
        visitor.visit_string(text).map_err(|e| at.placed(e))
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.deserialize_string(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.deserialize_string(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        let at = self.enter();
        let result = if at.node.is_none() || at.null() {
            visitor.visit_none()
        } else {
            // Entered already: the value itself is not counted twice.
            at.d.visits.set(at.d.visits.get().saturating_sub(1));
            visitor.visit_some(at)
        };
        result.map_err(|e| at.placed(e))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Stop> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Stop> {
        if name == SPANNED {
            visitor.visit_seq(SpannedAcc { at: self, step: 0 })
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        let mut at = self.enter();
        if !matches!(at.kind(), Some(Kind::Seq(_))) {
            at = at.wrong_type("sequence");
        }
        visitor.visit_seq(at.seq()).map_err(|e| at.placed(e))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Stop> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Stop> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        let mut at = self.enter();
        if !matches!(at.kind(), Some(Kind::Map(_))) {
            at = at.wrong_type("mapping");
        }
        visitor
            .visit_map(StructAcc::new(at, &[], None))
            .map_err(|e| at.placed(e))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        let mut at = self.enter();
        if !matches!(at.kind(), Some(Kind::Map(_))) {
            at = at.wrong_type("mapping");
        }
        let required = at.d.required.get(name).map(Vec::as_slice);
        visitor
            .visit_map(StructAcc::new(at, fields, Some(required.unwrap_or(&[]))))
            .map_err(|e| at.placed(e))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        let at = self.enter();
        let first = variants.first().copied().unwrap_or_default();
        let unknown = |word: &str| {
            let d = Diagnostic::error("E0105", format!("unknown value `{word}`"));
            match suggest(word, variants.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("expected one of {}", list(variants))),
            }
        };
        let mut bare = None;
        let (variant, value) = match at.kind() {
            None => (first, None),
            Some(Kind::Scalar { text, .. }) if !at.null() => {
                if variants.contains(&text.as_str()) {
                    bare = Some(at);
                    (text.as_str(), None)
                } else {
                    at.wrong(unknown(text));
                    (first, None)
                }
            }
            Some(Kind::Map(entries)) if !entries.is_empty() => {
                let (key, value) = entries[0];
                // `- tip: x` and `text: y` on the next line: one key per item.
                for &(extra, _) in &entries[1..] {
                    let k = at.at_child(extra);
                    let name = k.scalar().map_or("", |(t, _)| t);
                    k.wrong(
                        Diagnostic::error("E0102", format!("unknown key `{name}`")).hint(
                            "this mapping takes one key: start another list item (`- `) for it",
                        ),
                    );
                }
                let k = at.at_child(key);
                match k.scalar() {
                    Some((name, _)) if variants.contains(&name) => (
                        variants[variants.iter().position(|v| *v == name).unwrap_or(0)],
                        Some(at.at_child(value)),
                    ),
                    Some((name, _)) => {
                        k.wrong(unknown(name));
                        at.mark();
                        (first, None)
                    }
                    None => {
                        k.wrong_type("string");
                        (first, None)
                    }
                }
            }
            _ => {
                at.wrong_type(&format!("one of {}", list(variants)));
                (first, None)
            }
        };
        let value = value.unwrap_or(At { node: None, ..at });
        visitor
            .visit_enum(EnumAcc {
                variant: variant.to_owned(),
                value: VariantAcc { value, bare },
            })
            .map_err(|e| at.placed(e))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        self.deserialize_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_unit()
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

struct SeqAcc<'d, 't> {
    at: At<'d, 't>,
    items: std::slice::Iter<'t, usize>,
}

impl<'de> de::SeqAccess<'de> for SeqAcc<'_, '_> {
    type Error = Stop;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Stop> {
        match self.items.next() {
            Some(&n) => seed.deserialize(self.at.at_child(n)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A `Spanned` value: its line, its column, then the value.
struct SpannedAcc<'d, 't> {
    at: At<'d, 't>,
    step: u8,
}

impl<'de> de::SeqAccess<'de> for SpannedAcc<'_, '_> {
    type Error = Stop;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Stop> {
        self.step += 1;
        match self.step {
            1 => seed
                .deserialize(self.at.pos.line.into_deserializer())
                .map(Some),
            2 => seed
                .deserialize(self.at.pos.column.into_deserializer())
                .map(Some),
            3 => seed.deserialize(self.at).map(Some),
            _ => Ok(None),
        }
    }
}

/// The entries of a mapping as a struct (or map) reads them: unknown and duplicate keys left out
/// and reported, missing keys reported and stood in for.
struct StructAcc<'d, 't> {
    entries: std::vec::IntoIter<(String, At<'d, 't>)>,
    value: Option<At<'d, 't>>,
}

impl<'d, 't> StructAcc<'d, 't> {
    /// `fields` are the keys the struct takes and `required` those it needs; `None` for a plain
    /// map, which takes any key.
    fn new(at: At<'d, 't>, fields: &'static [&'static str], required: Option<&[String]>) -> Self {
        let d = at.d;
        let mut out: Vec<(String, At<'d, 't>)> = Vec::new();
        let entries: &[(usize, usize)] = match at.kind() {
            Some(Kind::Map(entries)) => entries,
            _ => &[],
        };
        // The values inside are in this mapping (a stand-in's stay in the one outside).
        let inner = At {
            owner: at.node.or(at.owner),
            ..at
        };
        let name_of = |k: usize| match &d.tree.nodes[k].kind {
            Kind::Scalar { text, .. } => Some(text.as_str()),
            _ => None,
        };
        let written: HashSet<&str> = entries.iter().filter_map(|&(k, _)| name_of(k)).collect();
        let mut taken: HashSet<String> = HashSet::new();
        for &(k, v) in entries {
            let key = inner.at_child(k);
            let Some(name) = name_of(k) else {
                key.wrong(
                    Diagnostic::error("E0102", "a key that is not a text")
                        .hint("write a name followed by a colon, such as `title:`"),
                );
                continue;
            };
            let mut name = name.to_owned();
            if required.is_some() && !fields.contains(&name.as_str()) {
                let meant = suggest(&name, fields.iter().copied());
                let d0 = Diagnostic::error("E0102", format!("unknown key `{name}`"));
                let d0 = match meant {
                    Some(s) => d0.hint(format!("did you mean `{s}`?")),
                    None => d0.hint(format!("expected one of {}", list(fields))),
                };
                d.report(k, d0.at(d.path, key.pos));
                // `titel:` for a missing `title:` is one mistake: its value is read as the
                // key's it was meant for.
                match meant {
                    Some(s)
                        if required.is_some_and(|r| r.iter().any(|f| f == s))
                            && !written.contains(s)
                            && !taken.contains(s) =>
                    {
                        name = s.to_owned();
                    }
                    _ => continue,
                }
            }
            if !taken.insert(name.clone()) {
                d.report(
                    k,
                    Diagnostic::error("E0106", format!("duplicate key `{name}`"))
                        .hint("a key may appear once in a mapping: remove or rename one of them")
                        .at(d.path, key.pos),
                );
                continue;
            }
            out.push((name, inner.at_child(v)));
        }
        let missing: Vec<&String> = required
            .unwrap_or(&[])
            .iter()
            .filter(|f| !taken.contains(f.as_str()))
            .collect();
        if let Some(n) = at.node
            && !missing.is_empty()
            && !d.reported.borrow().contains(&n)
        {
            // A line indented too little ended the mapping: that line is the one mistake.
            match yaml::under_indented(d.path, &d.lines, at.pos) {
                Some(problem) => d.problems.borrow_mut().push(problem),
                None => d.problems.borrow_mut().extend(missing.iter().map(|field| {
                    Diagnostic::error("E0103", format!("missing key `{field}`"))
                        .hint(format!("add `{field}:` to this mapping"))
                        .at(d.path, at.pos)
                })),
            }
            d.reported.borrow_mut().insert(n);
            d.stand_ins.borrow_mut().push(at.pos);
            d.damaged.borrow_mut().insert(n);
        }
        for field in missing {
            out.push((
                field.clone(),
                At {
                    node: None,
                    ..inner
                },
            ));
        }
        StructAcc {
            entries: out.into_iter(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for StructAcc<'_, '_> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        match self.entries.next() {
            Some((name, value)) => {
                self.value = Some(value);
                seed.deserialize(name.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        match self.value.take() {
            Some(at) => seed.deserialize(at),
            None => Err(de::Error::custom("a value without a key")),
        }
    }
}

struct EnumAcc<'d, 't> {
    variant: String,
    value: VariantAcc<'d, 't>,
}

impl<'de, 'd, 't> de::EnumAccess<'de> for EnumAcc<'d, 't> {
    type Error = Stop;
    type Variant = VariantAcc<'d, 't>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, VariantAcc<'d, 't>), Stop> {
        let v = seed.deserialize(de::value::StringDeserializer::<Stop>::new(self.variant))?;
        Ok((v, self.value))
    }
}

/// What a variant holds; `bare` is the place of a variant written as a word alone (`- tip`),
/// which is right for a variant without content only.
struct VariantAcc<'d, 't> {
    value: At<'d, 't>,
    bare: Option<At<'d, 't>>,
}

impl VariantAcc<'_, '_> {
    fn content_missing(&self) {
        if let Some(at) = self.bare {
            at.wrong_type("mapping");
        }
    }
}

impl<'de> de::VariantAccess<'de> for VariantAcc<'_, '_> {
    type Error = Stop;

    fn unit_variant(self) -> Result<(), Stop> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Stop> {
        self.content_missing();
        seed.deserialize(self.value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Stop> {
        self.content_missing();
        de::Deserializer::deserialize_seq(self.value, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        self.content_missing();
        de::Deserializer::deserialize_struct(self.value, "", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde::de::DeserializeOwned;

    use crate::model::{Contacts, Course, Module, Quiz, Signals, Sources};

    fn read(text: &str) -> super::Read<Module> {
        super::super::parse_all::<Module>(Path::new("m.yaml"), text)
    }

    fn problems(text: &str) -> (Vec<(&'static str, u32, u32)>, bool) {
        let read = read(text);
        let found = read
            .problems
            .iter()
            .map(|d| (d.code, d.line, d.column))
            .collect();
        (found, read.value.is_some())
    }

    const HEAD: &str = "id: m\ntitle: M\nversion: 1.0.0\nsource: s\n";

    #[test]
    fn every_wrong_value_is_reported_and_the_rest_is_read() {
        let read = read(&format!(
            "{HEAD}pass_mark: hoog\nallow_retry: yes\npages:\n  - id: a\n    title: [A]\n    kleur: rood\n    body: Tekst.\n"
        ));
        let found: Vec<_> = read
            .problems
            .iter()
            .map(|d| (d.code, d.line, d.column))
            .collect();
        assert_eq!(
            found,
            [
                ("E0104", 5, 12),
                ("E0104", 6, 14),
                ("E0104", 9, 12),
                ("E0102", 10, 5)
            ]
        );
        let m = read.value.expect("the rest is read");
        assert_eq!(m.pages[0].body.as_ref().unwrap().value, "Tekst.");
        assert_eq!(m.pages[0].body.as_ref().unwrap().pos.line, 11);
        // The stand-ins, and the page that holds one (its start, its first value).
        for line in [5, 6, 9, 8] {
            assert!(
                read.stand_ins.iter().any(|p| p.line == line),
                "{line}: {:?}",
                read.stand_ins
            );
        }
    }

    #[test]
    fn a_mapping_that_lacks_a_key_is_read_with_the_problems_after_it() {
        let (found, read) = problems(&format!(
            "{HEAD}pages:\n  - id: a\n    body: Tekst.\n  - id: b\n    title: B\n    blocks:\n      - tip: [x]\n      - quizz: q\n"
        ));
        assert_eq!(
            found,
            [("E0103", 6, 5), ("E0104", 11, 14), ("E0105", 12, 9)]
        );
        assert!(read, "the pages are kept, so links to them still resolve");
    }

    #[test]
    fn a_key_missing_at_the_top_does_not_end_the_reading() {
        let (found, read) =
            problems("id: m\nversion: 1.0.0\nsource: s\npages:\n  - id: a\n    title: [A]\n");
        assert_eq!(found, [("E0103", 1, 1), ("E0104", 6, 12)]);
        assert!(read);
    }

    #[test]
    fn a_misspelt_key_is_one_problem_and_its_value_is_read() {
        let read = read("id: m\ntitel: M\nversion: 1.0.0\nsource: s\npages: []\nx: 1\n");
        let found: Vec<_> = read
            .problems
            .iter()
            .map(|d| (d.code, d.line, d.column))
            .collect();
        assert_eq!(found, [("E0102", 2, 1), ("E0102", 6, 1)]);
        assert_eq!(read.value.unwrap().title.value, "M");
    }

    #[test]
    fn a_duplicate_key_and_an_unknown_word() {
        let (found, read) = problems(&format!(
            "{HEAD}title: N\nreviewed: {{ date: 2026-01-01, by: X, status: klaar }}\npages: []\n"
        ));
        assert_eq!(found, [("E0106", 5, 1), ("E0105", 6, 46)]);
        assert!(read);
    }

    #[test]
    fn two_hundred_wrong_values_are_two_hundred_problems() {
        let pages: String = (0..200)
            .map(|i| format!("  - id: p{i}\n    title: [x]\n"))
            .collect();
        let (found, read) = problems(&format!("{HEAD}pages:\n{pages}"));
        assert_eq!(found.len(), 200);
        assert!(found.iter().all(|f| f.0 == "E0104"));
        assert!(read);
    }

    #[test]
    fn a_node_used_through_many_aliases_is_reported_once() {
        let (found, _) = problems(&format!(
            "{HEAD}keywords: &k [[x], [y]]\nauthors: [*k, *k, *k]\npages: []\n"
        ));
        assert_eq!(
            found,
            [("E0104", 5, 15), ("E0104", 5, 20), ("E0104", 6, 11)],
            "{found:?}"
        );
    }

    /// Every YAML file of a folder, recursively.
    fn yaml_in(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_dir() {
                yaml_in(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }

    /// Whether `path` is a valid `T`, read the same both ways.
    fn same<T: DeserializeOwned + schemars::JsonSchema + std::fmt::Debug>(path: &Path) -> bool {
        // Some fixtures are not text on purpose.
        let Ok(text) = std::fs::read_to_string(path) else {
            return false;
        };
        let Ok(direct) = super::super::yaml::parse::<T>(path, &text) else {
            return false;
        };
        let tree = super::Tree::parse(&text).unwrap();
        let read = super::decode::<T>(path, &text, &tree);
        assert!(read.problems.is_empty(), "{path:?}: {:?}", read.problems);
        // Debug shows every value with its position.
        assert_eq!(
            format!("{:?}", read.value.unwrap()),
            format!("{direct:?}"),
            "{path:?}"
        );
        true
    }

    /// The tree gives every value, and every position, that the parser gives directly.
    #[test]
    fn the_tree_reads_every_valid_file_as_the_parser_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            "modules",
            "quizzes",
            "courses",
            "content",
            "examples",
            "tests/fixtures",
        ] {
            yaml_in(&root.join(dir), &mut files);
        }
        let mut compared = 0;
        for path in &files {
            let parent = path.parent().and_then(|p| p.file_name()).unwrap();
            compared += usize::from(
                match (
                    parent.to_str().unwrap(),
                    path.file_stem().unwrap().to_str().unwrap(),
                ) {
                    ("modules", _) => same::<Module>(path),
                    ("quizzes", _) => same::<Quiz>(path),
                    ("courses", _) => same::<Course>(path),
                    ("content", "contacts") => same::<Contacts>(path),
                    ("content", "sources") => same::<Sources>(path),
                    ("content", "signals") => same::<Signals>(path),
                    _ => false,
                },
            );
        }
        assert!(compared > 50, "only {compared} files compared");
    }
}
