//! The comparison of two facts records: every change, and what it does to learners half-way and
//! to the LMS's records.
//!
//! What survives is decided by how the page shell keys its saved state
//! (`templates/page/state.mjs`): a page by its id, an answer by `<quiz>.<question>` and the
//! question's shape ([`crate::policy::answer_shape`]: its kind and option ids in order), and the
//! LMS keys the learner's attempt by the package's and item's (AU's) identifiers and each answer
//! by its interaction id.

use serde::Serialize;

use crate::package::{PackageFacts, QuestionFacts, UnitFacts};

/// Whether something a learner or the LMS has survives a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    Yes,
    No,
}

/// One change between the old package and the new.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The unit (module, or SCO of a course) it is in; none for the package itself.
    pub unit: Option<String>,
    /// What changed: `package`, `unit`, `page`, `question`, `option`, `step`, `ending`.
    pub subject: &'static str,
    /// Its id in the new package (in the old one when it was removed): `quiz.question` for a
    /// question, `quiz.question/option` for an option.
    pub id: String,
    /// `added`, `removed`, `id changed`, `text changed`, `points changed`, …
    pub change: &'static str,
    /// What it was and is now, where one value says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// Whether a learner half-way keeps their answers (and pages seen).
    pub progress: Keep,
    /// Whether the LMS keeps the learner's records (the identifiers it keys them by).
    pub records: Keep,
    /// What it means, in words for a training department.
    pub says: String,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub kind: String,
    pub id: String,
    pub title: String,
    pub version: String,
    pub target: String,
    pub standard: String,
}

/// A yes or no with its reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub kept: bool,
    pub because: String,
}

/// Everything that changed, and the two verdicts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub old: Side,
    pub new: Side,
    pub changes: Vec<Change>,
    /// Whether learners half-way keep their progress.
    pub progress: Verdict,
    /// Whether the LMS keeps the learners' records.
    pub records: Verdict,
}

fn side(f: &PackageFacts) -> Side {
    Side {
        kind: f.kind.clone(),
        id: f.id.clone(),
        title: f.title.clone(),
        version: f.version.clone(),
        target: f.target.clone(),
        standard: f.standard.clone(),
    }
}

struct Out {
    unit: Option<String>,
    changes: Vec<Change>,
}

impl Out {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        subject: &'static str,
        id: &str,
        change: &'static str,
        values: Option<(String, String)>,
        progress: Keep,
        records: Keep,
        says: String,
    ) {
        let (was, now) = values.map_or((None, None), |(w, n)| (Some(w), Some(n)));
        self.changes.push(Change {
            unit: self.unit.clone(),
            subject,
            id: id.to_owned(),
            change,
            was,
            now,
            progress,
            records,
            says,
        });
    }
}

/// Compares the facts of the package in the LMS (`old`) with those of its replacement (`new`).
pub fn compare(old: &PackageFacts, new: &PackageFacts) -> Comparison {
    let mut out = Out {
        unit: None,
        changes: Vec::new(),
    };
    package(old, new, &mut out);
    // A module package has one unit: compare it whatever its id (a changed id is said above).
    // A module and a course are different activities (said above): their units are not compared.
    let pairs: Vec<(Option<&UnitFacts>, Option<&UnitFacts>)> = if old.kind != new.kind {
        Vec::new()
    } else if old.kind == "module" {
        vec![(old.units.first(), new.units.first())]
    } else {
        let mut pairs: Vec<_> = old
            .units
            .iter()
            .map(|o| (Some(o), new.units.iter().find(|n| n.id == o.id)))
            .collect();
        pairs.extend(
            new.units
                .iter()
                .filter(|n| !old.units.iter().any(|o| o.id == n.id))
                .map(|n| (None, Some(n))),
        );
        pairs
    };
    if old.kind == "course" && new.kind == "course" {
        let common = |of: &PackageFacts, other: &PackageFacts| -> Vec<String> {
            of.units
                .iter()
                .filter(|u| other.units.iter().any(|o| o.id == u.id))
                .map(|u| u.id.clone())
                .collect()
        };
        let (before, after) = (common(old, new), common(new, old));
        if before != after {
            out.push(
                "package",
                &new.id,
                "modules in another order",
                Some((before.join(", "), after.join(", "))),
                Keep::Yes,
                Keep::Yes,
                "learners keep their progress in every module; the LMS lists the modules in the new order".to_owned(),
            );
        }
    }
    for pair in pairs {
        match pair {
            (Some(o), Some(n)) => {
                out.unit = Some(n.id.clone());
                unit(o, n, old, new, &mut out);
            }
            (Some(o), None) => {
                out.unit = None;
                out.push(
                    "unit",
                    &o.id,
                    "removed",
                    None,
                    Keep::No,
                    Keep::Yes,
                    format!(
                        "the module `{}` is no longer in the course: learners half-way through it cannot finish it; the LMS keeps what they did in it",
                        o.id
                    ),
                );
            }
            (None, Some(n)) => {
                out.unit = None;
                out.push(
                    "unit",
                    &n.id,
                    "added",
                    None,
                    Keep::Yes,
                    Keep::Yes,
                    format!(
                        "the module `{}` is new in the course{}",
                        n.id,
                        if n.after.is_empty() {
                            String::new()
                        } else {
                            format!(" (it opens after {})", list(&n.after))
                        }
                    ),
                );
            }
            (None, None) => {}
        }
    }
    let progress = verdict(&out.changes, |c| c.progress, true);
    let records = verdict(&out.changes, |c| c.records, false);
    Comparison {
        old: side(old),
        new: side(new),
        changes: out.changes,
        progress,
        records,
    }
}

fn verdict(changes: &[Change], keep: impl Fn(&Change) -> Keep, progress: bool) -> Verdict {
    let lost: Vec<&Change> = changes.iter().filter(|c| keep(c) == Keep::No).collect();
    if lost.is_empty() {
        return Verdict {
            kept: true,
            because: if progress {
                "no change touches the ids their saved answers and pages are kept under".to_owned()
            } else {
                "every identifier the LMS keeps them under is unchanged".to_owned()
            },
        };
    }
    let mut reasons: Vec<String> = Vec::new();
    for c in &lost {
        let reason = reason(c, progress);
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    let shown = reasons.len().min(3);
    let mut because = reasons[..shown].join("; ");
    if reasons.len() > shown {
        because.push_str(&format!("; and {} more", reasons.len() - shown));
    }
    Verdict {
        kept: false,
        because,
    }
}

/// A lost change in a few words, for the verdict on progress (`progress`) or on records.
fn reason(c: &Change, progress: bool) -> String {
    let what = match c.subject {
        "package" => "the package".to_owned(),
        "unit" => format!("the module `{}`", c.id),
        "option" => format!(
            "the options of `{}`",
            c.id.split('/').next().unwrap_or(&c.id)
        ),
        "step" => format!("the scenario `{}`", c.id.split('/').next().unwrap_or(&c.id)),
        s => format!("the {s} `{}`", c.id),
    };
    let was = c.was.as_deref().unwrap_or("");
    match (c.subject, c.change, progress) {
        ("question", "id changed", true) => format!(
            "their answer to {what} is dropped, since its id changed (was `{was}`): they answer it again"
        ),
        ("question", "id changed", false) => format!(
            "{what} is recorded under a new interaction id (was `{was}`), so reports show its answers before and after apart"
        ),
        ("question", "kind changed", _) => {
            format!("their answer to {what} is dropped, since its kind changed")
        }
        ("unit", "removed", _) => format!(
            "learners half-way through the module `{}` cannot finish it: it is no longer in the course",
            c.id
        ),
        ("package", "standard changed", _) => format!(
            "the new package is {}, the one in the LMS {was}: an LMS keeps nothing from one standard in the other",
            c.now.as_deref().unwrap_or("")
        ),
        ("package", "kind changed", _) => format!(
            "the new package is a {}, the one in the LMS a {was}: another activity to the LMS",
            c.now.as_deref().unwrap_or("")
        ),
        ("package", "id changed", _) => format!(
            "the new package is `{}`, the one in the LMS `{was}`: another activity to the LMS",
            c.now.as_deref().unwrap_or("")
        ),
        ("package", "version changed", _) => format!(
            "the web export keeps progress in the browser per version, and this is version {}",
            c.now.as_deref().unwrap_or("")
        ),
        (_, "identifiers changed", _) => {
            format!("the identifiers of {what} changed: another activity to the LMS")
        }
        ("option", _, _) => format!("their answer is dropped where {what} changed"),
        ("step", _, true) => format!("their decisions are dropped where {what} changed"),
        ("step", _, false) => format!("{what} records a decision under another id"),
        (_, "id changed", _) => format!("{what} has a new id (was `{was}`)"),
        (_, change, _) => format!("{what}: {change}"),
    }
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        return "none".to_owned();
    }
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn package(old: &PackageFacts, new: &PackageFacts, out: &mut Out) {
    if old.target != new.target {
        out.push(
            "package",
            &new.id,
            "standard changed",
            Some((old.standard.clone(), new.standard.clone())),
            Keep::No,
            Keep::No,
            format!(
                "the package in the LMS is {}, the new one {}: an LMS keeps no records or saved progress from one standard in the other, so it becomes a new activity and every learner starts again",
                old.standard, new.standard
            ),
        );
    }
    if old.kind != new.kind {
        out.push(
            "package",
            &new.id,
            "kind changed",
            Some((old.kind.clone(), new.kind.clone())),
            Keep::No,
            Keep::No,
            format!(
                "the package in the LMS is a {}, the new one a {}: these are different activities, and learners start again",
                old.kind, new.kind
            ),
        );
    }
    if old.id != new.id {
        out.push(
            "package",
            &new.id,
            "id changed",
            Some((old.id.clone(), new.id.clone())),
            Keep::No,
            Keep::No,
            format!(
                "the package in the LMS is the {} `{}`, the new one `{}`: a different {} to the LMS, so it keeps no records or progress across; if that is meant, upload it as a new activity",
                old.kind, old.id, new.id, new.kind
            ),
        );
    } else if old.target == new.target && old.identifiers != new.identifiers {
        out.push(
            "package",
            &new.id,
            "identifiers changed",
            Some((
                ids(&old.identifiers).join(" "),
                ids(&new.identifiers).join(" "),
            )),
            Keep::No,
            Keep::No,
            "the package's identifiers in its manifest changed: the LMS takes it for another package and keeps no records across".to_owned(),
        );
    }
    if old.version != new.version
        && old.target == new.target
        && new.units.iter().any(|u| u.saved_state.per_version)
    {
        out.push(
            "package",
            &new.id,
            "version changed",
            Some((old.version.clone(), new.version.clone())),
            Keep::No,
            Keep::Yes,
            format!(
                "{} keeps progress in the browser per version: learners start version {} afresh",
                new.standard, new.version
            ),
        );
    }
}

fn ids(i: &crate::package::Identifiers) -> Vec<String> {
    [
        &i.manifest,
        &i.organization,
        &i.item,
        &i.resource,
        &i.course,
        &i.au,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .chain(i.objectives.iter().cloned())
    .collect()
}

fn unit(o: &UnitFacts, n: &UnitFacts, old: &PackageFacts, new: &PackageFacts, out: &mut Out) {
    let same_package = old.target == new.target && old.id == new.id && old.kind == new.kind;
    if same_package && o.identifiers != n.identifiers {
        out.push(
            "unit",
            &n.id,
            "identifiers changed",
            Some((ids(&o.identifiers).join(" "), ids(&n.identifiers).join(" "))),
            Keep::No,
            Keep::No,
            "its item (or AU) identifiers changed: the LMS takes it for another activity, keeps no records across, and learners start it again".to_owned(),
        );
    }
    if o.title != n.title {
        out.push(
            "unit",
            &n.id,
            "title changed",
            Some((o.title.clone(), n.title.clone())),
            Keep::Yes,
            Keep::Yes,
            "learners keep their progress; the LMS may show the old title until the activity is renamed there".to_owned(),
        );
    }
    if o.pass_mark != n.pass_mark {
        let show = |p: Option<i64>| p.map_or("none".to_owned(), |p| format!("{p}%"));
        out.push(
            "unit",
            &n.id,
            "pass mark changed",
            Some((show(o.pass_mark), show(n.pass_mark))),
            Keep::Yes,
            Keep::Yes,
            "learners keep their answers; results from now on are passed or failed against the new pass mark, results already in the LMS stay as they are".to_owned(),
        );
    }
    if o.allow_retry != n.allow_retry {
        out.push(
            "unit",
            &n.id,
            if n.allow_retry {
                "retry allowed"
            } else {
                "retry no longer allowed"
            },
            None,
            Keep::Yes,
            Keep::Yes,
            "learners keep their answers; only what the page offers after a failed attempt changes"
                .to_owned(),
        );
    }
    if o.after != n.after {
        out.push(
            "unit",
            &n.id,
            "prerequisites changed",
            Some((list(&o.after), list(&n.after))),
            Keep::Yes,
            Keep::Yes,
            "learners keep their progress; the module opens after other modules than before"
                .to_owned(),
        );
    }
    pages(o, n, out);
    questions(o, n, out);
}

fn pages(o: &UnitFacts, n: &UnitFacts, out: &mut Out) {
    let removed: Vec<_> = o
        .pages
        .iter()
        .filter(|p| !n.pages.iter().any(|q| q.id == p.id))
        .collect();
    let added: Vec<_> = n
        .pages
        .iter()
        .filter(|p| !o.pages.iter().any(|q| q.id == p.id))
        .collect();
    let mut renamed = Vec::new();
    for p in &removed {
        if let Some(q) = added
            .iter()
            .find(|q| q.text == p.text && !renamed.iter().any(|(_, r): &(&str, &str)| *r == q.id))
        {
            renamed.push((p.id.as_str(), q.id.as_str()));
        }
    }
    for p in &o.pages {
        if let Some(q) = n.pages.iter().find(|q| q.id == p.id) {
            if p.text != q.text {
                out.push(
                    "page",
                    &q.id,
                    "text changed",
                    None,
                    Keep::Yes,
                    Keep::Yes,
                    "learners keep their progress; those who read it before read the old text"
                        .to_owned(),
                );
            }
            if p.title != q.title {
                out.push(
                    "page",
                    &q.id,
                    "title changed",
                    Some((p.title.clone(), q.title.clone())),
                    Keep::Yes,
                    Keep::Yes,
                    "learners keep their progress".to_owned(),
                );
            }
        } else if let Some((_, to)) = renamed.iter().find(|(from, _)| *from == p.id) {
            out.push(
                "page",
                to,
                "id changed",
                Some((p.id.clone(), (*to).to_owned())),
                Keep::Yes,
                Keep::Yes,
                "learners keep their answers; the page counts as not yet seen, and a learner who stopped on it starts at the first page".to_owned(),
            );
        } else {
            out.push(
                "page",
                &p.id,
                "removed",
                None,
                Keep::Yes,
                Keep::Yes,
                "learners keep their progress; a learner who stopped on it starts at the first page".to_owned(),
            );
        }
    }
    for q in &added {
        if !renamed.iter().any(|(_, to)| *to == q.id) {
            out.push(
                "page",
                &q.id,
                "added",
                None,
                Keep::Yes,
                Keep::Yes,
                "learners keep their progress and find the page unseen".to_owned(),
            );
        }
    }
}

fn all_questions(u: &UnitFacts) -> Vec<&QuestionFacts> {
    u.quizzes.iter().flat_map(|q| q.questions.iter()).collect()
}

fn questions(o: &UnitFacts, n: &UnitFacts, out: &mut Out) {
    let old = all_questions(o);
    let new = all_questions(n);
    let removed: Vec<&QuestionFacts> = old
        .iter()
        .copied()
        .filter(|q| !new.iter().any(|r| r.key == q.key))
        .collect();
    let added: Vec<&QuestionFacts> = new
        .iter()
        .copied()
        .filter(|q| !old.iter().any(|r| r.key == q.key))
        .collect();
    // A question removed and one added with the same prompt and kind: its id changed.
    let mut renamed: Vec<(&QuestionFacts, &QuestionFacts)> = Vec::new();
    for q in &removed {
        if let Some(r) = added.iter().find(|r| {
            r.prompt == q.prompt && r.kind == q.kind && !renamed.iter().any(|(_, t)| t.key == r.key)
        }) {
            renamed.push((q, r));
        }
    }
    for q in &old {
        if let Some(r) = new.iter().find(|r| r.key == q.key) {
            question(q, r, out);
        } else if let Some((_, r)) = renamed.iter().find(|(f, _)| f.key == q.key) {
            out.push(
                "question",
                &r.key,
                "id changed",
                Some((q.key.clone(), r.key.clone())),
                Keep::No,
                Keep::No,
                format!(
                    "learners half-way lose their answer to it (the saved state keeps answers under the question's id) and answer it again; the LMS records it under `{}` instead of `{}`, so its reports show the two apart",
                    r.interaction, q.interaction
                ),
            );
            if q.shape == r.shape {
                question_content(q, r, out);
            }
        } else {
            out.push(
                "question",
                &q.key,
                "removed",
                None,
                Keep::Yes,
                Keep::Yes,
                format!(
                    "learners keep their other answers; their answer to it is dropped and there is nothing to redo. What the LMS recorded under `{}` stays; new attempts no longer write it, and the module's points are {} fewer",
                    q.interaction, q.weighting
                ),
            );
        }
    }
    for r in &added {
        if !renamed.iter().any(|(_, t)| t.key == r.key) {
            out.push(
                "question",
                &r.key,
                "added",
                None,
                Keep::Yes,
                Keep::Yes,
                format!(
                    "learners keep their answers and answer this one when they reach it; the LMS records it under `{}`, worth {}",
                    r.interaction,
                    points(r.weighting)
                ),
            );
        }
    }
}

fn points(n: u32) -> String {
    if n == 1 {
        "1 point".to_owned()
    } else {
        format!("{n} points")
    }
}

/// A question kept under its id: what changed in it.
fn question(q: &QuestionFacts, r: &QuestionFacts, out: &mut Out) {
    if q.kind != r.kind {
        out.push(
            "question",
            &r.key,
            "kind changed",
            Some((q.kind.clone(), r.kind.clone())),
            Keep::No,
            Keep::Yes,
            format!(
                "learners half-way lose their answer to it and answer it again; the LMS keeps recording it under `{}`",
                r.interaction
            ),
        );
        return;
    }
    if q.shape != r.shape {
        let before = out.changes.len();
        options(q, r, out);
        steps(q, r, out);
        if out.changes.len() == before {
            out.push(
                "question",
                &r.key,
                "options changed",
                Some((q.shape.clone(), r.shape.clone())),
                Keep::No,
                Keep::Yes,
                "learners half-way lose their answer to it and answer it again".to_owned(),
            );
        }
    }
    question_content(q, r, out);
}

/// Changes that keep a saved answer: texts, points, scoring, the right answer.
fn question_content(q: &QuestionFacts, r: &QuestionFacts, out: &mut Out) {
    let kept = "learners keep their answer";
    if q.prompt != r.prompt {
        out.push(
            "question",
            &r.key,
            "text changed",
            None,
            Keep::Yes,
            Keep::Yes,
            format!("{kept}, given to the old wording"),
        );
    }
    if q.weighting != r.weighting {
        out.push(
            "question",
            &r.key,
            "points changed",
            Some((q.weighting.to_string(), r.weighting.to_string())),
            Keep::Yes,
            Keep::Yes,
            format!(
                "{kept}; it counts {} in the score from now on (the interaction's weighting)",
                points(r.weighting)
            ),
        );
    }
    if q.scoring != r.scoring {
        out.push(
            "question",
            &r.key,
            "scoring changed",
            Some((
                q.scoring.clone().unwrap_or_default(),
                r.scoring.clone().unwrap_or_default(),
            )),
            Keep::Yes,
            Keep::Yes,
            format!("{kept}; it is scored the new way from now on"),
        );
    }
    if q.answer != r.answer {
        let show = |a: Option<bool>| a.map_or(String::new(), |a| a.to_string());
        out.push(
            "question",
            &r.key,
            "correct answer changed",
            Some((show(q.answer), show(r.answer))),
            Keep::Yes,
            Keep::Yes,
            format!("{kept}, and it is scored by the new right answer"),
        );
    }
    for a in &q.options {
        if let Some(b) = r.options.iter().find(|b| b.id == a.id) {
            let id = format!("{}/{}", r.key, b.id);
            if a.text != b.text {
                out.push(
                    "option",
                    &id,
                    "text changed",
                    Some((a.text.clone(), b.text.clone())),
                    Keep::Yes,
                    Keep::Yes,
                    format!("{kept}: a learner who chose it chose the old text"),
                );
            }
            if a.correct != b.correct {
                out.push(
                    "option",
                    &id,
                    if b.correct {
                        "now correct"
                    } else {
                        "no longer correct"
                    },
                    None,
                    Keep::Yes,
                    Keep::Yes,
                    format!("{kept}, and it is scored by the new right answers"),
                );
            }
        }
    }
    for s in &q.steps {
        if let Some(t) = r.steps.iter().find(|t| t.id == s.id)
            && s.text != t.text
        {
            out.push(
                "step",
                &format!("{}/{}", r.key, t.id),
                "text changed",
                None,
                Keep::Yes,
                Keep::Yes,
                format!("{kept}, given to the old wording"),
            );
        }
    }
    for e in &q.endings {
        if let Some(f) = r.endings.iter().find(|f| f.id == e.id)
            && (e.points != f.points || e.outcome != f.outcome)
        {
            out.push(
                "ending",
                &format!("{}/{}", r.key, f.id),
                "points changed",
                Some((
                    format!("{} {}", e.outcome, e.points),
                    format!("{} {}", f.outcome, f.points),
                )),
                Keep::Yes,
                Keep::Yes,
                format!("{kept}; the ending counts the new way from now on"),
            );
        }
    }
}

/// The options of a question kept under its id changed in a way that drops a saved answer.
fn options(q: &QuestionFacts, r: &QuestionFacts, out: &mut Out) {
    let dropped = "learners half-way lose their answer to this question (it is saved by its options' ids and order) and answer it again";
    let removed: Vec<_> = q
        .options
        .iter()
        .filter(|a| !r.options.iter().any(|b| b.id == a.id))
        .collect();
    let added: Vec<_> = r
        .options
        .iter()
        .filter(|b| !q.options.iter().any(|a| a.id == b.id))
        .collect();
    let mut said = false;
    for a in &removed {
        let id = format!("{}/{}", r.key, a.id);
        if let Some(b) = added.iter().find(|b| b.text == a.text) {
            out.push(
                "option",
                &format!("{}/{}", r.key, b.id),
                "id changed",
                Some((a.id.clone(), b.id.clone())),
                Keep::No,
                Keep::Yes,
                format!(
                    "{dropped}; the LMS keeps recording the question under `{}`",
                    r.interaction
                ),
            );
        } else {
            out.push(
                "option",
                &id,
                "removed",
                None,
                Keep::No,
                Keep::Yes,
                dropped.to_owned(),
            );
        }
        said = true;
    }
    for b in &added {
        if !removed.iter().any(|a| a.text == b.text) {
            out.push(
                "option",
                &format!("{}/{}", r.key, b.id),
                "added",
                None,
                Keep::No,
                Keep::Yes,
                dropped.to_owned(),
            );
            said = true;
        }
    }
    let order = |o: &[crate::package::OptionFacts]| -> Vec<String> {
        o.iter()
            .filter(|x| {
                q.options.iter().any(|a| a.id == x.id) && r.options.iter().any(|b| b.id == x.id)
            })
            .map(|x| x.id.clone())
            .collect()
    };
    if !said && !q.options.is_empty() && order(&q.options) != order(&r.options) {
        out.push(
            "option",
            &format!("{}/", r.key),
            "order changed",
            Some((order(&q.options).join(", "), order(&r.options).join(", "))),
            Keep::No,
            Keep::Yes,
            dropped.to_owned(),
        );
    }
}

/// The steps of a scenario kept under its id changed in a way that drops a saved answer.
fn steps(q: &QuestionFacts, r: &QuestionFacts, out: &mut Out) {
    if q.steps.is_empty() && r.steps.is_empty() {
        return;
    }
    let dropped = "learners half-way lose their decisions in this scenario and take it again";
    for s in &q.steps {
        match r.steps.iter().find(|t| t.id == s.id) {
            None => out.push(
                "step",
                &format!("{}/{}", r.key, s.id),
                "removed",
                None,
                Keep::No,
                Keep::No,
                format!(
                    "{dropped}; what the LMS recorded under `{}` stays, new attempts no longer write it",
                    s.interaction
                ),
            ),
            Some(t) => {
                let choices = |x: &crate::package::StepFacts| -> Vec<String> {
                    x.choices
                        .iter()
                        .map(|c| format!("{}>{}", c.id, c.next))
                        .collect()
                };
                if choices(s) != choices(t) {
                    out.push(
                        "step",
                        &format!("{}/{}", r.key, t.id),
                        "choices changed",
                        Some((choices(s).join(", "), choices(t).join(", "))),
                        Keep::No,
                        Keep::Yes,
                        dropped.to_owned(),
                    );
                }
            }
        }
    }
    for t in &r.steps {
        if !q.steps.iter().any(|s| s.id == t.id) {
            out.push(
                "step",
                &format!("{}/{}", r.key, t.id),
                "added",
                None,
                Keep::No,
                Keep::Yes,
                format!(
                    "{dropped}; the LMS records the new decision under `{}`",
                    t.interaction
                ),
            );
        }
    }
}
