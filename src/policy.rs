//! The learner-side rules, in one place: what a question is worth, whether a module is scored, a
//! scenario's best route, the ids the LMS records answers under, how many attempts a learner has,
//! and how long the state a page saves can grow.
//!
//! Validation, rendering and packaging ask here; the page shell (`templates/page/`) reads
//! the figures it needs from the data the build embeds (`limits` in `lk-data`), so that no rule is
//! written twice. The saved state itself is encoded by the page's core (`core.encodeState`);
//! [`worst_case_state`] follows that encoding, and a JavaScript unit test encodes the worst case of
//! real page data with the real core and compares it with this figure.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::limits;
use crate::model::{Block, Module, Project, Question, QuestionKind, Quiz};

/// Most attempts at a module's quizzes. At the last one the page offers no retry: the LMS
/// records each answer as `<id>.r<attempt>`, which must stay within
/// [`limits::MAX_INTERACTION_ID_CHARS`].
pub const MAX_ATTEMPTS: u32 = 99;

/// The most SCORM 1.2 keeps of `cmi.suspend_data` (a CMIString4096).
pub const SCORM12_SUSPEND_DATA_CHARS: usize = 4096;

/// The most of `cmi.suspend_data` every SCORM 2004 run-time must keep (4th edition: the smallest
/// permitted maximum of 64,000 characters).
pub const SCORM2004_SUSPEND_DATA_CHARS: usize = 64_000;

/// How a run-time keeps a page's saved state, as far as its size goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateStore {
    /// The run-time's name in messages.
    pub name: &'static str,
    /// The most characters the run-time keeps; `None` where leskit knows no limit a module can
    /// reach (cmi5 keeps the state in a document of the LMS's record store, the web export in the
    /// browser's local storage).
    pub limit: Option<usize>,
    /// Whether the state carries the page's count of the interactions it wrote (SCORM, for LMSs
    /// that answer "" for `cmi.interactions._count`).
    pub counts_interactions: bool,
}

impl StateStore {
    pub const SCORM12: StateStore = StateStore {
        name: "SCORM 1.2",
        limit: Some(SCORM12_SUSPEND_DATA_CHARS),
        counts_interactions: true,
    };
    pub const SCORM2004: StateStore = StateStore {
        name: "SCORM 2004",
        limit: Some(SCORM2004_SUSPEND_DATA_CHARS),
        counts_interactions: true,
    };
    /// cmi5 and the web export: no limit, no interaction count.
    pub const UNBOUNDED: StateStore = StateStore {
        name: "cmi5 or the web",
        limit: None,
        counts_interactions: false,
    };
}

/// The limits the page shell enforces, embedded in its data as `limits`.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageLimits {
    /// Most attempts: at this one the page offers no retry.
    pub attempts: u32,
    /// Longest interaction id the page sends.
    pub interaction_id: usize,
    /// Longest saved state the run-time keeps; `null` where there is none.
    pub suspend_data: Option<usize>,
}

impl PageLimits {
    pub fn new(store: StateStore) -> PageLimits {
        PageLimits {
            attempts: MAX_ATTEMPTS,
            interaction_id: limits::MAX_INTERACTION_ID_CHARS,
            suspend_data: store.limit,
        }
    }
}

/// The points a question is worth: its `points` (default 1), or for a scenario its best ending.
pub fn points_possible(q: &Question) -> u32 {
    match q.kind.value {
        QuestionKind::Branching => best_ending_points(q).unwrap_or(0),
        _ => q.points.as_ref().map_or(1, |p| p.value),
    }
}

/// The most points an ending of a scenario gives; `None` without endings.
pub fn best_ending_points(q: &Question) -> Option<u32> {
    q.endings.iter().map(|e| e.points.value).max()
}

/// How a question's points are counted, as the page data and the facts name it: `partial` or
/// `all-or-nothing` for a `multiple` question; `None` for the others.
pub fn scoring(q: &Question) -> Option<&'static str> {
    (q.kind.value == QuestionKind::Multiple).then(|| match q.scoring.as_ref().map(|s| s.value) {
        Some(crate::model::Scoring::Partial) => "partial",
        _ => "all-or-nothing",
    })
}

/// What a saved answer is tied to besides its question's key (`<quiz>.<question>`): the
/// question's kind and its option ids in order (`true,false` for a true-false question; for a
/// scenario each step id, in sorted order, followed by its choices as `step>choice>next`). The
/// page's core (`shape` in `templates/page/state.mjs`) hashes this text into one character of
/// the saved state; when it changes, a resumed session drops that answer (only that one).
/// `tests/js/facts.test.mjs` holds the two together on the bundled modules.
pub fn answer_shape(q: &Question) -> String {
    let ids: Vec<String> = match q.kind.value {
        QuestionKind::Single | QuestionKind::Multiple => {
            q.options.iter().map(|o| o.id.value.clone()).collect()
        }
        QuestionKind::TrueFalse => vec!["true".to_owned(), "false".to_owned()],
        QuestionKind::Branching => {
            let mut steps: Vec<&crate::model::Step> = q.steps.iter().collect();
            steps.sort_by(|a, b| a.id.value.cmp(&b.id.value));
            steps
                .iter()
                .flat_map(|s| {
                    std::iter::once(s.id.value.clone()).chain(
                        s.choices
                            .iter()
                            .map(|c| format!("{}>{}>{}", s.id.value, c.id.value, c.next.value)),
                    )
                })
                .collect()
        }
    };
    format!("{}:{}", q.kind.value.name(), ids.join(","))
}

/// The quizzes a module shows, each once, by id (a quiz shown twice is one set of answers).
pub fn module_quizzes<'a>(project: &'a Project, m: &Module) -> BTreeMap<&'a str, &'a Quiz> {
    m.pages
        .iter()
        .flat_map(|p| p.blocks.iter())
        .filter_map(|b| match b {
            Block::Quiz(id) => project
                .quiz(id)
                .map(|q| (q.value.id.value.as_str(), &q.value)),
            _ => None,
        })
        .collect()
}

/// Whether a module has points to score: a quiz with at least one point possible. Otherwise
/// reading it completes it, and its manifest declares no pass mark.
pub fn scored(project: &Project, m: &Module) -> bool {
    module_quizzes(project, m)
        .values()
        .flat_map(|q| questions(q))
        .any(|q| points_possible(q) > 0)
}

fn questions(q: &Quiz) -> impl Iterator<Item = &Question> {
    q.cases.iter().flat_map(|c| c.questions.iter())
}

/// The shortest series of decisions from a scenario's start to an ending worth the most points,
/// as (step id, index of the choice taken); `None` for a question that is not a scenario or has
/// no such route. Of two routes equally short, the one whose choices come first wins.
pub fn best_route(q: &Question) -> Option<Vec<(&str, usize)>> {
    if q.kind.value != QuestionKind::Branching {
        return None;
    }
    let best = best_ending_points(q)?;
    let steps: HashMap<&str, &crate::model::Step> =
        q.steps.iter().map(|s| (s.id.value.as_str(), s)).collect();
    // Breadth first from the start: the first best ending reached is reached in the fewest steps.
    // A route never needs more decisions than there are steps (scenarios have no loops: checked).
    let mut queue = std::collections::VecDeque::new();
    queue.push_back((q.start.as_ref()?.value.as_str(), Vec::new()));
    while let Some((at, route)) = queue.pop_front() {
        if route.len() > q.steps.len() {
            break;
        }
        for (j, choice) in steps.get(at)?.choices.iter().enumerate() {
            let mut route = route.clone();
            route.push((at, j));
            let next = choice.next.value.as_str();
            if steps.contains_key(next) {
                queue.push_back((next, route));
            } else if q
                .endings
                .iter()
                .any(|e| e.id.value == next && e.points.value == best)
            {
                return Some(route);
            }
        }
    }
    None
}

/// The most decisions a learner can take in a scenario: its longest path from the start. 0 for
/// another kind of question.
pub fn longest_route(q: &Question) -> usize {
    if q.kind.value != QuestionKind::Branching {
        return 0;
    }
    let steps: HashMap<&str, &crate::model::Step> =
        q.steps.iter().map(|s| (s.id.value.as_str(), s)).collect();
    // Depth first with a memo; a loop (which validation reports) is cut at the number of steps.
    fn walk<'a>(
        at: &'a str,
        steps: &HashMap<&'a str, &'a crate::model::Step>,
        memo: &mut HashMap<&'a str, usize>,
        depth: usize,
    ) -> usize {
        let Some(step) = steps.get(at) else {
            return 0; // an ending
        };
        if let Some(&n) = memo.get(at) {
            return n;
        }
        if depth >= steps.len() {
            return 0;
        }
        let n = step
            .choices
            .iter()
            .map(|c| 1 + walk(c.next.value.as_str(), steps, memo, depth + 1))
            .max()
            .unwrap_or(0);
        memo.insert(at, n);
        n
    }
    q.start.as_ref().map_or(0, |s| {
        walk(s.value.as_str(), &steps, &mut HashMap::new(), 0)
    })
}

/// The id the LMS records an answer under: `<quiz>.<question>` for a question (and a scenario as
/// a whole), `<quiz>.<question>.<step>` for a decision in a scenario, with `.r<attempt>` from the
/// second attempt on.
pub fn interaction_id(quiz: &str, question: &str, step: Option<&str>, attempt: u32) -> String {
    let mut id = format!("{quiz}.{question}");
    if let Some(step) = step {
        id.push('.');
        id.push_str(step);
    }
    if attempt > 1 {
        id.push_str(&format!(".r{attempt}"));
    }
    id
}

/// The characters the retry suffix takes at most: `.r99` at [`MAX_ATTEMPTS`].
pub fn retry_suffix_chars() -> usize {
    ".r".len() + MAX_ATTEMPTS.to_string().len()
}

/// The longest id an answer is recorded under, over every attempt up to the cap.
pub fn longest_interaction_id(quiz: &str, question: &str, step: Option<&str>) -> usize {
    interaction_id(quiz, question, step, 1).len() + retry_suffix_chars()
}

/// The characters of an answer in the saved state, at most (`core.encodeAnswer`): one for a
/// single choice and a true-false answer, the chosen options as a number in base 36 for a
/// multiple choice (every option chosen is the longest), one per decision for a scenario.
fn longest_answer(q: &Question) -> usize {
    match q.kind.value {
        QuestionKind::Single | QuestionKind::TrueFalse => 1,
        QuestionKind::Multiple => {
            let n = q.options.len().min(63) as u32;
            base36_len(if n == 0 { 0 } else { u64::MAX >> (64 - n) })
        }
        QuestionKind::Branching => longest_route(q),
    }
}

/// The interactions one attempt at a question writes at most: one for a question; one per
/// decision and one for the whole scenario at its ending.
fn interactions_per_attempt(q: &Question) -> usize {
    match q.kind.value {
        QuestionKind::Branching => longest_route(q) + 1,
        _ => 1,
    }
}

fn base36_len(mut n: u64) -> usize {
    let mut len = 1;
    while n >= 36 {
        n /= 36;
        len += 1;
    }
    len
}

/// The longest state the page can save for a module in a run-time that keeps it in `store`: the
/// length of `core.encodeState` with every page seen, every question answered with its longest
/// answer, at the last attempt, and (where the state counts them) every interaction of every
/// attempt written:
///
/// `3|<attempt>|<flags>|<2 characters per page>|<answers, joined by .>|<interactions, base 36>`
///
/// where each answer is a 4-character question key, a 1-character shape and the answer.
pub fn worst_case_state(project: &Project, m: &Module, store: StateStore) -> usize {
    let quizzes = module_quizzes(project, m);
    let questions: Vec<&Question> = quizzes.values().flat_map(|q| questions(q)).collect();
    let answers = questions
        .iter()
        .map(|q| 4 + 1 + longest_answer(q))
        .sum::<usize>()
        + questions.len().saturating_sub(1);
    let interactions = if store.counts_interactions {
        MAX_ATTEMPTS as u64
            * questions
                .iter()
                .map(|q| interactions_per_attempt(q) as u64)
                .sum::<u64>()
    } else {
        0
    };
    let parts = [
        "3".len(),
        MAX_ATTEMPTS.to_string().len(),
        1, // flags
        2 * m.pages.len(),
        answers,
        base36_len(interactions),
    ];
    parts.iter().sum::<usize>() + parts.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base36_lengths() {
        assert_eq!(base36_len(0), 1);
        assert_eq!(base36_len(35), 1);
        assert_eq!(base36_len(36), 2);
        assert_eq!(base36_len((1 << 26) - 1), 6, "26 options all chosen");
    }

    #[test]
    fn ids_carry_the_attempt_from_the_second_on() {
        assert_eq!(interaction_id("q", "een", None, 1), "q.een");
        assert_eq!(interaction_id("q", "een", Some("stap"), 2), "q.een.stap.r2");
        assert_eq!(
            longest_interaction_id("q", "een", None),
            interaction_id("q", "een", None, MAX_ATTEMPTS).len()
        );
    }
}
