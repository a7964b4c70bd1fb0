//! A [`Description`] as plain text: what `leskit describe` prints and what `leskit build` writes
//! beside each package (`<package>.txt`). Lines are at most [`WIDTH`] characters, so that the
//! report reads in any editor, in a ticket and on paper; the same description gives the same
//! bytes.

use super::{Description, Unit};

/// The longest line.
pub const WIDTH: usize = 100;

/// `n` as the report writes a figure: without decimals when it has none (`80`, `66.5`).
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').to_owned()
    }
}

/// `n` with a thin separator for thousands, as the docs write them (`4,096`).
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The guide's Markdown emphasis left out: the report is plain text.
fn plain(s: &str) -> String {
    s.replace('*', "")
}

/// `text` wrapped at [`WIDTH`], the first line after `first`, the others after `rest`.
fn wrap(out: &mut String, first: &str, rest: &str, text: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// A `label  value` line, the label padded to one width.
fn field(out: &mut String, label: &str, value: &str) {
    let first = format!("  {label:<17}");
    wrap(out, &first, &" ".repeat(first.len()), value);
}

fn heading(out: &mut String, text: &str) {
    out.push('\n');
    out.push_str(text);
    out.push('\n');
}

/// The report of `d`.
pub fn render(d: &Description) -> String {
    let mut out = String::new();
    let title = d.title.as_deref().unwrap_or("(no title)");
    out.push_str(title);
    out.push('\n');
    let what = match (&d.standard, d.units.len()) {
        (Some(s), 0 | 1) => format!("a {s} package"),
        (Some(s), n) => format!("a {s} package of {n} units"),
        (None, _) => "no SCORM or cmi5 package".to_owned(),
    };
    wrap(
        &mut out,
        "",
        "",
        &match &d.file {
            Some(f) => format!("{f}: {what}"),
            None => what,
        },
    );
    heading(&mut out, "Package");
    field(&mut out, "title", title);
    field(&mut out, "id", d.id.as_deref().unwrap_or("not given"));
    field(
        &mut out,
        "version",
        d.version.as_deref().unwrap_or("not given"),
    );
    field(
        &mut out,
        "standard",
        d.standard.as_deref().unwrap_or("not known"),
    );
    field(
        &mut out,
        "duration",
        &d.duration_minutes
            .map_or("not given".to_owned(), |m| format!("{m} minutes")),
    );
    if let Some(handout) = &d.handout {
        field(
            &mut out,
            "hand-out",
            &format!("{handout} (every module, for print)"),
        );
    }
    match d.units.as_slice() {
        [] => {}
        [unit] => {
            unit_fields(&mut out, unit);
            unit_details(&mut out, unit, "");
        }
        units => {
            for (i, unit) in units.iter().enumerate() {
                heading(
                    &mut out,
                    &format!("Unit {} of {}: {}", i + 1, units.len(), unit.title),
                );
                field(&mut out, "id", &unit.id);
                unit_fields(&mut out, unit);
                unit_details(&mut out, unit, "  ");
            }
        }
    }
    if !d.warnings.is_empty() {
        heading(&mut out, "Warnings");
        for w in &d.warnings {
            wrap(
                &mut out,
                "  ",
                "      ",
                &format!("{}[{}]: {}", w.severity, w.code, w.message),
            );
            for h in &w.hints {
                wrap(&mut out, "    help: ", "      ", h);
            }
        }
    }
    heading(&mut out, "LMS settings");
    if d.lms.is_empty() {
        wrap(
            &mut out,
            "  ",
            "  ",
            "none: the web export needs no LMS; put its folder on a web server or a shared drive, or open its index.html from disk",
        );
    }
    for l in &d.lms {
        let fits = match &d.standard {
            Some(s) if l.fits => format!(" (this package: {s}, as advised)"),
            Some(s) => format!(" (this package: {s}, not the advised standard)"),
            None => String::new(),
        };
        wrap(
            &mut out,
            "",
            "  ",
            &format!("{}: choose {}{fits}", l.name, l.choose),
        );
        if let Some(other) = &l.shares {
            wrap(
                &mut out,
                "  ",
                "    ",
                &format!(
                    "the settings of {other} above: {} shares its SCORM player",
                    l.name
                ),
            );
        } else {
            wrap(&mut out, "  upload: ", "    ", &plain(&l.upload));
            for s in &l.settings {
                wrap(
                    &mut out,
                    "  - ",
                    "      ",
                    &format!("{}: {}", plain(&s.setting), plain(&s.value)),
                );
                wrap(&mut out, "      ", "      ", &plain(&s.why));
            }
        }
        if let Some(course) = &l.course {
            wrap(&mut out, "  a course: ", "    ", course);
        }
    }
    if !d.unknown.is_empty() {
        heading(&mut out, "Not known from this package");
        for u in &d.unknown {
            wrap(&mut out, "  - ", "    ", u);
        }
    }
    out
}

fn unit_fields(out: &mut String, u: &Unit) {
    if u.final_test {
        field(out, "final test", "yes: its result is the course's");
    }
    if !u.after.is_empty() {
        field(out, "opens after", &u.after.join(", "));
    }
    field(
        out,
        "launch file",
        u.launch.as_deref().unwrap_or("not given"),
    );
    if let Some(pages) = u.pages {
        field(out, "pages", &pages.to_string());
    }
    field(
        out,
        "pass mark",
        &match (u.pass_mark, &u.questions) {
            (Some(m), _) => format!("{}%", number(m)),
            (None, Some(_)) => "none: nothing to score, reading it completes it".to_owned(),
            (None, None) => "none declared".to_owned(),
        },
    );
    if let Some(handout) = &u.handout {
        field(out, "hand-out", handout);
    }
}

/// What the LMS is told, the interactions, the saved state and the proof of one unit; the
/// headings after `indent`.
fn unit_details(out: &mut String, u: &Unit, indent: &str) {
    if !u.reporting.is_empty() {
        heading(out, &format!("{indent}Completion and success"));
        for line in &u.reporting {
            wrap(
                out,
                &format!("{indent}  - "),
                &format!("{indent}    "),
                line,
            );
        }
    }
    if let Some(questions) = &u.questions {
        let points: u32 = questions.iter().map(|q| q.weighting).sum();
        let decisions = questions.iter().filter(|q| q.kind == "decision").count();
        heading(
            out,
            &format!(
                "{indent}Interactions: {} ({} questions{}, {points} points in all)",
                questions.len(),
                questions.len() - decisions,
                match decisions {
                    0 => String::new(),
                    1 => " and 1 decision in a scenario".to_owned(),
                    n => format!(" and {n} decisions in scenarios"),
                }
            ),
        );
        if !questions.is_empty() {
            let width = questions
                .iter()
                .map(|q| q.id.chars().count())
                .max()
                .unwrap_or(0)
                .max("interaction id".len());
            out.push_str(&format!(
                "{indent}  {:width$}  {:10}  weighting\n",
                "interaction id", "type"
            ));
            for q in questions {
                out.push_str(&format!(
                    "{indent}  {:width$}  {:10}  {}\n",
                    q.id, q.kind, q.weighting
                ));
            }
            wrap(
                out,
                &format!("{indent}  "),
                &format!("{indent}  "),
                "From the second attempt on, `.r2` up to `.r99` is added to each id.",
            );
        }
    }
    if let Some(s) = &u.suspend_data {
        heading(out, &format!("{indent}Saved state"));
        let of = match s.limit {
            Some(limit) => format!(
                "{} characters at most, of the {} the standard keeps ({}%)",
                thousands(s.worst_case),
                thousands(limit),
                (s.worst_case * 100).div_ceil(limit)
            ),
            None => format!(
                "{} characters at most; kept without a limit a module reaches",
                thousands(s.worst_case),
            ),
        };
        let first = format!("{indent}  {:<17}", "kept in");
        wrap(out, &first, &" ".repeat(first.len()), &s.kept_in);
        let first = format!("{indent}  {:<17}", "worst case");
        wrap(out, &first, &" ".repeat(first.len()), &of);
    }
    if let Some(proof) = &u.proof {
        heading(out, &format!("{indent}Proof of participation"));
        wrap(out, &format!("{indent}  "), &format!("{indent}  "), proof);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_in_the_docs() {
        assert_eq!(number(80.0), "80");
        assert_eq!(number(66.5), "66.5");
        assert_eq!(thousands(4096), "4,096");
        assert_eq!(thousands(64_000), "64,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn long_lines_wrap_at_the_width() {
        let mut out = String::new();
        wrap(&mut out, "  - ", "    ", &"woord ".repeat(40));
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(out.lines().skip(1).all(|l| l.starts_with("    w")), "{out}");
    }
}
