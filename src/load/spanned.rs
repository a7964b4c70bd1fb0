//! Positions for [`Spanned`] values, taken from the YAML parser, or from the tree a file with
//! problems is read through (`super::tree`).

use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

use crate::model::{Pos, Spanned};

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if super::tree::active() {
            return deserializer
                .deserialize_newtype_struct(super::tree::SPANNED, FromTree(PhantomData));
        }
        let inner = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let loc = inner.referenced;
        Ok(Spanned {
            value: inner.value,
            pos: Pos {
                line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
                column: u32::try_from(loc.column()).unwrap_or(u32::MAX),
            },
        })
    }
}

/// The tree gives a spanned value as its line, its column and the value.
struct FromTree<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for FromTree<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value with its position")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let missing = || de::Error::custom("a spanned value without its parts");
        let line = seq.next_element::<u32>()?.ok_or_else(missing)?;
        let column = seq.next_element::<u32>()?.ok_or_else(missing)?;
        let value = seq.next_element::<T>()?.ok_or_else(missing)?;
        Ok(Spanned {
            value,
            pos: Pos { line, column },
        })
    }
}
