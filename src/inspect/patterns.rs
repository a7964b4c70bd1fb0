//! What the inspection reads from the one table of LMS value patterns,
//! `src/preview/assets/cmi-patterns.js`, which the preview, the page shell's tests and the test
//! LMS share: the elements each standard has, and the longest value each holds. The table stays
//! JavaScript; this reads its element list as data, so there is no second copy to keep in step
//! (a unit test fails if the table's layout changes so that nothing is read).

use super::Standard;

const TABLE: &str = include_str!("../preview/assets/cmi-patterns.js");

/// One element of the table: its name (indexes written `.n`) and, when its value is text of a
/// fixed longest length (`up(4096)`), that length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub name: &'static str,
    pub max_chars: Option<usize>,
}

/// The elements the table names for `standard` (none for cmi5, which has no such run-time).
pub fn elements(standard: Standard) -> Vec<Element> {
    let key = match standard {
        Standard::Scorm12 => "scorm12: {",
        Standard::Scorm2004 => "scorm2004: {",
        Standard::Cmi5 => return Vec::new(),
    };
    let Some(table) = TABLE.split_once("P.ELEMENTS = {").map(|(_, t)| t) else {
        return Vec::new();
    };
    let Some((_, section)) = table.split_once(key) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in section.lines().skip(1) {
        let line = line.trim();
        if line.starts_with('}') {
            break;
        }
        let Some(rest) = line.strip_prefix('\'') else {
            continue;
        };
        let Some((name, rule)) = rest.split_once('\'') else {
            continue;
        };
        let max_chars = rule
            .split_once("format: up(")
            .and_then(|(_, n)| n.split_once(')'))
            .and_then(|(n, _)| n.parse().ok());
        out.push(Element { name, max_chars });
    }
    out
}

/// The longest `cmi.suspend_data` the standard's strictest run-times keep.
pub fn suspend_data_limit(standard: Standard) -> Option<usize> {
    elements(standard)
        .into_iter()
        .find(|e| e.name == "cmi.suspend_data")
        .and_then(|e| e.max_chars)
}

/// Elements (without indexes) that only `standard` has: a script naming one is written for it.
pub fn only_in(standard: Standard) -> Vec<&'static str> {
    let other = match standard {
        Standard::Scorm12 => Standard::Scorm2004,
        Standard::Scorm2004 => Standard::Scorm12,
        Standard::Cmi5 => return Vec::new(),
    };
    let theirs: Vec<&str> = elements(other).iter().map(|e| e.name).collect();
    elements(standard)
        .into_iter()
        .map(|e| e.name)
        .filter(|n| !n.contains(".n") && !theirs.contains(n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_limits_from_the_shared_table() {
        assert_eq!(suspend_data_limit(Standard::Scorm12), Some(4096));
        assert_eq!(suspend_data_limit(Standard::Scorm2004), Some(64000));
        assert!(elements(Standard::Scorm12).len() >= 15);
        assert!(elements(Standard::Scorm2004).len() >= 20);
    }

    #[test]
    fn each_standard_has_elements_of_its_own() {
        let v12 = only_in(Standard::Scorm12);
        let v2004 = only_in(Standard::Scorm2004);
        assert!(v12.contains(&"cmi.core.lesson_status"), "{v12:?}");
        assert!(v2004.contains(&"cmi.completion_status"), "{v2004:?}");
        assert!(!v12.contains(&"cmi.suspend_data") && !v2004.contains(&"cmi.suspend_data"));
    }
}
