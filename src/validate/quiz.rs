//! Rules for quizzes: the shape each question kind needs, and branching scenarios that always end.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::markdown::{Scope, check_markdown};
use super::module::check_signal;
use super::{Context, check_count, check_file_id, check_id, check_text, unique};
use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::limits;
use crate::model::{Block, Loaded, Project, Question, QuestionKind, Quiz, Spanned};
use crate::policy;

pub(super) fn check_quiz(
    project: &Project,
    loaded: &Loaded<Quiz>,
    cx: &Context,
    out: &mut Diagnostics,
) {
    let file = loaded.path.as_path();
    let q = &loaded.value;
    check_file_id(file, &q.id, "quiz", out);
    check_text(file, &q.title, "title", out);
    let scope = Scope {
        file,
        pages: None,
        asset_dir: None,
        allow_html: false,
        phone_numbers_allowed: false,
    };
    if let Some(intro) = &q.intro {
        check_text(file, intro, "introduction", out);
        check_markdown(&scope, intro, out);
    }
    if q.cases.is_empty() {
        out.push(
            Diagnostic::error("E0301", "the quiz has no cases")
                .at(file, q.id.pos)
                .hint("add a list under `cases:`"),
        );
    }
    check_count(
        file,
        q.id.pos,
        q.cases.len(),
        limits::MAX_CASES,
        "cases in a quiz",
        out,
    );
    unique(q.cases.iter().map(|c| (&loaded.path, &c.id)), "case", out);
    // Question ids are unique across the whole quiz: the LMS records them as `<quiz>.<question>`.
    unique(
        q.cases
            .iter()
            .flat_map(|c| c.questions.iter().map(|qu| (&loaded.path, &qu.id))),
        "question",
        out,
    );
    for case in &q.cases {
        check_id(file, &case.id, "case", out);
        check_text(file, &case.title, "case title", out);
        check_text(file, &case.text, "case text", out);
        check_markdown(&scope, &case.text, out);
        if case.questions.is_empty() {
            out.push(
                Diagnostic::error(
                    "E0301",
                    format!("the case `{}` has no questions", case.id.value),
                )
                .at(file, case.id.pos)
                .hint("add a list under `questions:`"),
            );
        }
        check_count(
            file,
            case.id.pos,
            case.questions.len(),
            limits::MAX_QUESTIONS,
            "questions in a case",
            out,
        );
        for question in &case.questions {
            check_question(project, file, &q.id, question, &scope, cx, out);
        }
    }
}

fn check_question(
    project: &Project,
    file: &Path,
    quiz_id: &str,
    q: &Question,
    scope: &Scope<'_>,
    cx: &Context,
    out: &mut Diagnostics,
) {
    check_id(file, &q.id, "question", out);
    // The LMS records a question as `<quiz>.<question>`, `.r<n>` added on a retry (scenario steps
    // add their own part and are checked with the steps).
    let id_len = policy::longest_interaction_id(quiz_id, &q.id.value, None);
    if q.kind.value != QuestionKind::Branching && id_len > limits::MAX_INTERACTION_ID_CHARS {
        out.push(
            Diagnostic::error(
                "E0307",
                format!(
                    "the LMS record `{quiz_id}.{}` would be too long",
                    q.id.value
                ),
            )
            .at(file, q.id.pos)
            .hint(format!(
                "shorten the quiz or question id: together they may have at most {} characters",
                limits::MAX_INTERACTION_ID_CHARS - policy::retry_suffix_chars()
            )),
        );
    }
    check_text(file, &q.prompt, "prompt", out);
    check_markdown(scope, &q.prompt, out);
    for text in [&q.explanation, &q.true_feedback, &q.false_feedback]
        .into_iter()
        .flatten()
    {
        check_text(file, text, "feedback", out);
        check_markdown(scope, text, out);
    }
    for id in &q.signals {
        check_signal(project, file, id, cx, out);
    }
    let kind = q.kind.value;
    let name = kind.name();
    // Fields that belong to other kinds are mistakes, not silently ignored settings.
    let mut misplaced =
        |present: bool, key: &str, pos: Option<crate::model::Pos>, belongs: &str| {
            if present {
                out.push(
                    Diagnostic::error(
                        "E0302",
                        format!("`{key}` does not belong to a `{name}` question"),
                    )
                    .at(file, pos.unwrap_or(q.kind.pos))
                    .hint(format!(
                        "`{key}` is for {belongs} questions: remove it, or change `kind`"
                    )),
                );
            }
        };
    let is = |k: QuestionKind| kind == k;
    let choice_kind = is(QuestionKind::Single) || is(QuestionKind::Multiple);
    misplaced(
        !choice_kind && !q.options.is_empty(),
        "options",
        q.options.first().map(|o| o.id.pos),
        "`single` and `multiple`",
    );
    misplaced(
        !is(QuestionKind::Multiple) && q.scoring.is_some(),
        "scoring",
        q.scoring.as_ref().map(|s| s.pos),
        "`multiple`",
    );
    misplaced(
        !is(QuestionKind::TrueFalse) && q.answer.is_some(),
        "answer",
        q.answer.as_ref().map(|a| a.pos),
        "`true-false`",
    );
    misplaced(
        !is(QuestionKind::TrueFalse) && q.true_feedback.is_some(),
        "true_feedback",
        q.true_feedback.as_ref().map(|a| a.pos),
        "`true-false`",
    );
    misplaced(
        !is(QuestionKind::TrueFalse) && q.false_feedback.is_some(),
        "false_feedback",
        q.false_feedback.as_ref().map(|a| a.pos),
        "`true-false`",
    );
    let branching = is(QuestionKind::Branching);
    misplaced(
        !branching && q.start.is_some(),
        "start",
        q.start.as_ref().map(|s| s.pos),
        "`branching`",
    );
    misplaced(
        !branching && !q.steps.is_empty(),
        "steps",
        q.steps.first().map(|s| s.id.pos),
        "`branching`",
    );
    misplaced(
        !branching && !q.endings.is_empty(),
        "endings",
        q.endings.first().map(|s| s.id.pos),
        "`branching`",
    );
    misplaced(
        branching && q.points.is_some(),
        "points",
        q.points.as_ref().map(|p| p.pos),
        "non-branching (a scenario's endings carry its points)",
    );

    let missing = |key: &str, example: &str| {
        Diagnostic::error("E0303", format!("a `{name}` question needs `{key}`"))
            .at(file, q.id.pos)
            .hint(format!("add `{key}: {example}`"))
    };
    match kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            if q.options.len() < 2 {
                out.push(
                    Diagnostic::error(
                        "E0304",
                        format!("a `{name}` question needs at least two options"),
                    )
                    .at(file, q.id.pos)
                    .hint("add options under `options:`"),
                );
            }
            check_count(
                file,
                q.id.pos,
                q.options.len(),
                limits::MAX_OPTIONS,
                "options",
                out,
            );
            let path_buf = file.to_path_buf();
            unique(q.options.iter().map(|o| (&path_buf, &o.id)), "option", out);
            let correct = q.options.iter().filter(|o| o.correct.value).count();
            if kind == QuestionKind::Single && correct != 1 && q.options.len() >= 2 {
                out.push(Diagnostic::error("E0305", format!("a `single` question needs exactly one right option, this one has {correct}"))
                    .at(file, q.id.pos)
                    .hint("mark exactly one option `correct: true`, or use `kind: multiple`"));
            }
            if kind == QuestionKind::Multiple && correct == 0 && q.options.len() >= 2 {
                out.push(
                    Diagnostic::error(
                        "E0305",
                        "a `multiple` question needs at least one right option",
                    )
                    .at(file, q.id.pos)
                    .hint("mark the options to choose with `correct: true`"),
                );
            }
            for o in &q.options {
                check_id(file, &o.id, "option", out);
                check_text(file, &o.text, "option text", out);
                check_markdown(scope, &o.text, out);
                if let Some(f) = &o.feedback {
                    check_text(file, f, "feedback", out);
                    check_markdown(scope, f, out);
                }
            }
        }
        QuestionKind::TrueFalse => {
            if q.answer.is_none() {
                out.push(missing("answer", "true"));
            }
        }
        QuestionKind::Branching => check_scenario(file, quiz_id, q, scope, out),
    }
}

/// A branching scenario must start somewhere, lead every choice somewhere that exists, reach
/// every step, and end on every path (no loops: a learner must always reach an ending, and the
/// recorded path stays bounded).
fn check_scenario(
    file: &Path,
    quiz_id: &str,
    q: &Question,
    scope: &Scope<'_>,
    out: &mut Diagnostics,
) {
    let path_buf = file.to_path_buf();
    if q.steps.is_empty() {
        out.push(
            Diagnostic::error("E0303", "a `branching` question needs `steps`")
                .at(file, q.id.pos)
                .hint("add the steps of the scenario under `steps:`"),
        );
    }
    if q.endings.is_empty() {
        out.push(
            Diagnostic::error("E0303", "a `branching` question needs `endings`")
                .at(file, q.id.pos)
                .hint("add at least one ending under `endings:`"),
        );
    }
    check_count(
        file,
        q.id.pos,
        q.steps.len(),
        limits::MAX_OPTIONS,
        "steps",
        out,
    );
    check_count(
        file,
        q.id.pos,
        q.endings.len(),
        limits::MAX_OPTIONS,
        "endings",
        out,
    );
    unique(
        q.steps
            .iter()
            .map(|s| &s.id)
            .chain(q.endings.iter().map(|e| &e.id))
            .map(|id| (&path_buf, id)),
        "step or ending",
        out,
    );
    let steps: HashMap<&str, &crate::model::Step> =
        q.steps.iter().map(|s| (s.id.value.as_str(), s)).collect();
    let endings: HashSet<&str> = q.endings.iter().map(|e| e.id.value.as_str()).collect();
    let targets: Vec<&str> = steps.keys().chain(endings.iter()).copied().collect();
    let unknown = |id: &Spanned<String>, what: &str| {
        let d = Diagnostic::error(
            "E0306",
            format!("{what} `{}` is neither a step nor an ending", id.value),
        )
        .at(file, id.pos);
        match suggest(&id.value, targets.iter().copied()) {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None => d.hint("name a step or ending of this scenario"),
        }
    };
    let start = match &q.start {
        None => {
            if !q.steps.is_empty() {
                out.push(
                    Diagnostic::error("E0303", "a `branching` question needs `start`")
                        .at(file, q.id.pos)
                        .hint(format!(
                            "add `start: {}` (the first step)",
                            q.steps[0].id.value
                        )),
                );
            }
            None
        }
        Some(s) if steps.contains_key(s.value.as_str()) => Some(s.value.as_str()),
        Some(s) if endings.contains(s.value.as_str()) => {
            out.push(
                Diagnostic::error(
                    "E0306",
                    format!("the start `{}` is an ending, not a step", s.value),
                )
                .at(file, s.pos)
                .hint("a scenario starts with a step that offers choices"),
            );
            None
        }
        Some(s) => {
            out.push(unknown(s, "the start"));
            None
        }
    };
    let mut dangling = false;
    for step in &q.steps {
        check_id(file, &step.id, "step", out);
        check_text(file, &step.text, "step text", out);
        check_markdown(scope, &step.text, out);
        check_dialogue(file, step, scope, out);
        if step.choices.is_empty() {
            out.push(
                Diagnostic::error(
                    "E0304",
                    format!("the step `{}` has no choices", step.id.value),
                )
                .at(file, step.id.pos)
                .hint("add `choices:`, or make it an ending"),
            );
        }
        check_count(
            file,
            step.id.pos,
            step.choices.len(),
            limits::MAX_OPTIONS,
            "choices",
            out,
        );
        unique(
            step.choices.iter().map(|c| (&path_buf, &c.id)),
            "choice",
            out,
        );
        for choice in &step.choices {
            check_id(file, &choice.id, "choice", out);
            check_text(file, &choice.text, "choice text", out);
            check_markdown(scope, &choice.text, out);
            if let Some(f) = &choice.feedback {
                check_text(file, f, "feedback", out);
                check_markdown(scope, f, out);
            }
            if !steps.contains_key(choice.next.value.as_str())
                && !endings.contains(choice.next.value.as_str())
            {
                out.push(unknown(&choice.next, "the next step"));
                dangling = true;
            }
        }
        let id_len = policy::longest_interaction_id(quiz_id, &q.id.value, Some(&step.id.value));
        if id_len > limits::MAX_INTERACTION_ID_CHARS {
            out.push(Diagnostic::error("E0307", format!("the LMS record `{quiz_id}.{}.{}` would be too long", q.id.value, step.id.value))
                .at(file, step.id.pos)
                .hint(format!("shorten the quiz, question or step id: together they may have at most {} characters", limits::MAX_INTERACTION_ID_CHARS - policy::retry_suffix_chars())));
        }
    }
    for ending in &q.endings {
        check_id(file, &ending.id, "ending", out);
        check_text(file, &ending.feedback, "ending feedback", out);
        check_markdown(scope, &ending.feedback, out);
    }
    // With a choice leading nowhere, what is unreachable is only a consequence: report the cause.
    let Some(start) = start.filter(|_| !dangling) else {
        return;
    };

    // Depth-first walk from the start: colour nodes to find loops, mark what is reached.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    let mut reached: HashSet<&str> = HashSet::new();
    let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
    marks.insert(start, Mark::Active);
    reached.insert(start);
    while let Some((id, next_choice)) = stack.pop() {
        let step = steps[id];
        if let Some(choice) = step.choices.get(next_choice) {
            stack.push((id, next_choice + 1));
            let to = choice.next.value.as_str();
            if endings.contains(to) {
                reached.insert(to);
            } else if steps.contains_key(to) {
                match marks.get(to) {
                    Some(Mark::Active) => out.push(
                        Diagnostic::error(
                            "E0308",
                            format!(
                                "the choice `{}` leads back to `{to}`, so this path never ends",
                                choice.id.value
                            ),
                        )
                        .at(file, choice.next.pos)
                        .hint("scenarios go forward: lead the choice to a later step or an ending"),
                    ),
                    Some(Mark::Done) => {}
                    None => {
                        marks.insert(to, Mark::Active);
                        reached.insert(to);
                        stack.push((to, 0));
                    }
                }
            }
        } else {
            marks.insert(id, Mark::Done);
        }
    }
    for step in &q.steps {
        if !reached.contains(step.id.value.as_str()) {
            out.push(
                Diagnostic::error(
                    "E0309",
                    format!(
                        "the step `{}` cannot be reached from `{start}`",
                        step.id.value
                    ),
                )
                .at(file, step.id.pos)
                .hint("lead a choice to it with `next:`, or remove it"),
            );
        }
    }
    for ending in &q.endings {
        if !reached.contains(ending.id.value.as_str()) {
            out.push(
                Diagnostic::error(
                    "E0309",
                    format!(
                        "the ending `{}` cannot be reached from `{start}`",
                        ending.id.value
                    ),
                )
                .at(file, ending.id.pos)
                .hint("lead a choice to it with `next:`, or remove it"),
            );
        }
    }
}

/// A step's line of dialogue: `says` and `speaker` go together, as the bubble and the name above
/// it; either alone would show a line nobody says, or a name that says nothing.
fn check_dialogue(
    file: &Path,
    step: &crate::model::Step,
    scope: &Scope<'_>,
    out: &mut Diagnostics,
) {
    if let Some(speaker) = &step.speaker {
        check_text(file, speaker, "speaker", out);
    }
    if let Some(says) = &step.says {
        check_text(file, says, "line of dialogue", out);
        check_markdown(scope, says, out);
    }
    match (&step.speaker, &step.says) {
        (None, Some(says)) => out.push(
            Diagnostic::error(
                "E0311",
                format!("the step `{}` has a line (`says`) but nobody who says it", step.id.value),
            )
            .at(file, says.pos)
            .hint("add `speaker:` beside `says:`, the name shown above the line, such as `speaker: Yasmina (15)` or `speaker: Collega`"),
        ),
        (Some(speaker), None) => out.push(
            Diagnostic::error(
                "E0311",
                format!("the step `{}` has a speaker but no line (`says`)", step.id.value),
            )
            .at(file, speaker.pos)
            .hint("add `says:` with what they say, or remove `speaker:`"),
        ),
        _ => {}
    }
}

/// A quiz no module shows is probably a forgotten `quiz:` block.
pub(super) fn check_unused_quizzes(project: &Project, cx: &Context, out: &mut Diagnostics) {
    if cx.failed_in(&project.root.join("modules")) {
        return;
    }
    let used: HashSet<&str> = project
        .modules
        .iter()
        .flat_map(|m| m.value.pages.iter().flat_map(|p| p.blocks.iter()))
        .filter_map(|b| {
            if let Block::Quiz(id) = b {
                Some(id.value.as_str())
            } else {
                None
            }
        })
        .collect();
    for q in &project.quizzes {
        if !used.contains(q.value.id.value.as_str()) {
            let final_test = project.courses.iter().any(|c| {
                c.value
                    .rules
                    .final_test
                    .as_ref()
                    .is_some_and(|f| f.value == q.value.id.value)
            });
            if !final_test {
                out.push(
                    Diagnostic::warning(
                        "W0301",
                        format!("no module shows the quiz `{}`", q.value.id.value),
                    )
                    .at(&q.path, q.value.id.pos)
                    .hint(format!(
                        "add `- quiz: {}` to a page's blocks",
                        q.value.id.value
                    )),
                );
            }
        }
    }
}
