//! Values that remember where they were written.

use std::ops::Deref;

/// A 1-based line and column in a source file; `line == 0` means "not written in the file"
/// (a default value), and diagnostics then point at the file as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const UNKNOWN: Pos = Pos { line: 0, column: 0 };

    pub fn is_known(self) -> bool {
        self.line > 0
    }
}

/// A value with the position of the YAML node it came from.
///
/// Its `Deserialize` implementation lives in `crate::load`, the one place that knows how the YAML
/// parser reports positions. For the JSON Schema it is transparent: `Spanned<T>` is just `T`.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Spanned<T> {
    /// A value that was not written in the file (a default).
    pub fn unplaced(value: T) -> Self {
        Spanned {
            value,
            pos: Pos::UNKNOWN,
        }
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    /// Two values are equal when their contents are: where they were written does not matter.
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Default> Default for Spanned<T> {
    fn default() -> Self {
        Spanned::unplaced(T::default())
    }
}

impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
