//! `leskit explain <CODE>`: a diagnostic code's section of `docs/diagnostics.md`, which is
//! embedded in the binary, so the explanation a terminal shows is the one the docs give.

/// The whole of `docs/diagnostics.md`.
pub const DIAGNOSTICS_MD: &str = include_str!("../docs/diagnostics.md");

/// Every code with its title (`E0102`, `unknown key`), from the registry, which lists them in the
/// order of the docs.
pub fn codes() -> Vec<(&'static str, &'static str)> {
    crate::diag::codes::CODES
        .iter()
        .map(|c| (c.code, c.title))
        .collect()
}

/// The section of `code` (any case): its heading and text up to the next heading, without
/// trailing blank lines. `None` for a code the docs do not know.
pub fn explain(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    let mut lines = DIAGNOSTICS_MD.lines();
    let heading = lines.find(|l| {
        l.strip_prefix("### ")
            .and_then(|h| h.split_once(" — "))
            .is_some_and(|(c, _)| c == code)
    })?;
    let mut text = format!("{}\n", heading.trim_start_matches('#').trim());
    // Read on a terminal: a fenced example is indented instead of fenced.
    let mut fenced = false;
    for line in lines.take_while(|l| !l.starts_with("## ") && !l.starts_with("### ")) {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            text.push_str("    ");
        }
        text.push_str(line);
        text.push('\n');
    }
    let end = text.trim_end().len();
    text.truncate(end);
    text.push('\n');
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_runs_to_the_next_heading() {
        let text = explain("e0102").unwrap();
        assert!(text.starts_with("E0102 — unknown key\n"), "{text}");
        assert!(text.contains("feedbak"), "{text}");
        assert!(!text.contains("E0103"), "{text}");
        assert_eq!(explain("E9999"), None);
    }

    #[test]
    fn the_codes_are_listed_in_order_of_the_docs() {
        let known: Vec<&str> = codes().iter().map(|(c, _)| *c).collect();
        assert!(
            known.contains(&"E0101") && known.contains(&"W0205"),
            "{known:?}"
        );
    }
}
