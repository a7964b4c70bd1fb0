//! The facts record of a package ([`PackageFacts`](super::PackageFacts), written as `leskit/facts.json`): a unit's
//! facts from the project, the rules' owner (`policy`) and the format's own words.

use super::facts::{
    ChoiceFacts, EndingFacts, Identifiers, OptionFacts, PageFacts, Proof, QuestionFacts, QuizFacts,
    SavedState, StepFacts, UnitFacts, fingerprint,
};
use super::format::Format;
use crate::model::{Module, Project};

/// What a unit's facts are made of, besides the format's words and identifiers.
pub(super) struct UnitSource<'a> {
    pub module: &'a Module,
    /// Its launch page in the package.
    pub launch: String,
    /// Its hand-out in the package, if it has one.
    pub handout: Option<String>,
    pub final_test: bool,
    pub after: Vec<String>,
}

/// A unit's facts from the project, the rules' owner (`policy`) and the format.
pub(super) fn unit_facts(
    project: &Project,
    src: UnitSource<'_>,
    format: &dyn Format,
    identifiers: Identifiers,
) -> UnitFacts {
    use crate::policy;
    let m = src.module;
    let scored = policy::scored(project, m);
    let pass_mark = scored.then_some(m.pass_mark.value);
    let store = format.runtime().state_store;
    let keeping = format.saved_state();
    let quizzes = policy::module_quizzes(project, m)
        .into_values()
        .map(|quiz| QuizFacts {
            id: quiz.id.value.clone(),
            title: quiz.title.value.clone(),
            questions: quiz
                .cases
                .iter()
                .flat_map(|c| c.questions.iter())
                .map(|q| question_facts(&quiz.id.value, q))
                .collect(),
        })
        .collect();
    UnitFacts {
        id: m.id.value.clone(),
        title: m.title.value.clone(),
        version: m.version.value.clone(),
        description: m.description.as_ref().map(|d| d.value.clone()),
        launch: src.launch,
        identifiers,
        final_test: src.final_test,
        after: src.after,
        duration_minutes: m.duration_minutes.as_ref().map(|d| d.value),
        scored,
        pass_mark,
        allow_retry: m.allow_retry.value,
        attempts: policy::MAX_ATTEMPTS,
        reporting: format.reporting(pass_mark),
        saved_state: SavedState {
            kept_in: keeping.kept_in.to_owned(),
            per_version: keeping.per_version,
            limit: store.limit,
            worst_case: policy::worst_case_state(project, m, store),
        },
        handout: src.handout,
        proof: Proof {
            offered: true,
            organisation: project
                .settings
                .as_ref()
                .and_then(|s| s.value.organisation.as_ref())
                .map(|o| o.value.trim().to_owned()),
        },
        pages: m
            .pages
            .iter()
            .map(|p| PageFacts {
                id: p.id.value.clone(),
                title: p.title.value.clone(),
                text: fingerprint(
                    &serde_json::to_string(&(&p.body, &p.blocks)).expect("a page serialises"),
                ),
            })
            .collect(),
        quizzes,
    }
}

fn question_facts(quiz: &str, q: &crate::model::Question) -> QuestionFacts {
    use crate::policy;
    let id = &q.id.value;
    QuestionFacts {
        id: id.clone(),
        key: format!("{quiz}.{id}"),
        shape: policy::answer_shape(q),
        kind: q.kind.value.name().to_owned(),
        interaction: policy::interaction_id(quiz, id, None, 1),
        weighting: policy::points_possible(q),
        scoring: policy::scoring(q).map(str::to_owned),
        prompt: q.prompt.value.clone(),
        answer: q.answer.as_ref().map(|a| a.value),
        options: q
            .options
            .iter()
            .map(|o| OptionFacts {
                id: o.id.value.clone(),
                text: o.text.value.clone(),
                correct: o.correct.value,
            })
            .collect(),
        start: q.start.as_ref().map(|s| s.value.clone()),
        steps: q
            .steps
            .iter()
            .map(|s| StepFacts {
                id: s.id.value.clone(),
                text: s.text.value.clone(),
                interaction: policy::interaction_id(quiz, id, Some(&s.id.value), 1),
                choices: s
                    .choices
                    .iter()
                    .map(|c| ChoiceFacts {
                        id: c.id.value.clone(),
                        text: c.text.value.clone(),
                        next: c.next.value.clone(),
                    })
                    .collect(),
            })
            .collect(),
        endings: q
            .endings
            .iter()
            .map(|e| EndingFacts {
                id: e.id.value.clone(),
                outcome: e.outcome.value.name().to_owned(),
                points: e.points.value,
            })
            .collect(),
    }
}
