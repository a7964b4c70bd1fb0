//! A leskit package described from its facts record (`leskit/facts.json`, written from the rules'
//! owners when the package was built): every figure is read from the record, none worked out
//! again.

use super::{
    Description, Interaction, SuspendData, Unit, first_sco_only_note, lms_advice, text::number,
};
use crate::package::{PackageFacts, UnitFacts};

/// The description of the package whose record is `f`, written as `file`.
pub fn describe(file: Option<String>, f: &PackageFacts) -> Description {
    let units: Vec<Unit> = f.units.iter().map(|u| unit(u, &f.target)).collect();
    let scored = Some(f.units.iter().any(|u| u.scored));
    let mut warnings = Vec::new();
    if f.multi_sco {
        warnings.push(first_sco_only_note(
            &format!("the course `{}` is a {} package", f.id, f.target),
            f.units.len(),
        ));
    }
    Description {
        file,
        title: Some(f.title.clone()),
        id: Some(f.id.clone()),
        version: Some(f.version.clone()),
        standard: Some(f.standard.clone()),
        duration_minutes: f.duration_minutes,
        lms: lms_advice(Some(&f.target), units.len(), scored),
        handout: f.handout.clone(),
        units,
        warnings,
        unknown: Vec::new(),
    }
}

fn unit(u: &UnitFacts, target: &str) -> Unit {
    let mut questions = Vec::new();
    for quiz in &u.quizzes {
        for q in &quiz.questions {
            // The LMS gets a scenario's decisions first, then the scenario as a whole.
            for s in &q.steps {
                questions.push(Interaction {
                    id: s.interaction.clone(),
                    kind: "decision".to_owned(),
                    weighting: 0,
                });
            }
            questions.push(Interaction {
                id: q.interaction.clone(),
                kind: q.kind.clone(),
                weighting: q.weighting,
            });
        }
    }
    let r = &u.reporting;
    let mut reporting = vec![format!("completion: {}", r.completion)];
    reporting.extend(r.success.as_ref().map(|s| format!("success: {s}")));
    reporting.extend(r.score.as_ref().map(|s| format!("score: {s}")));
    reporting.extend(
        r.mastery
            .as_ref()
            .map(|s| format!("pass mark in the manifest: {s}")),
    );
    reporting.extend(r.move_on.as_ref().map(|s| format!("moveOn: {s}")));
    reporting.push(match u.pass_mark {
        Some(mark) => format!(
            "completed once every question is answered and the last page was reached or the result seen; passed with a score of {}% or more{}, failed below it; {}",
            number(mark as f64),
            if target == "html" {
                ""
            } else {
                " (the LMS's own pass mark when it gives one)"
            },
            if u.allow_retry {
                format!("a learner who fails may retry, up to {} attempts", u.attempts)
            } else {
                "no retry is offered".to_owned()
            }
        ),
        None => "completed once the last page is reached; nothing to score".to_owned(),
    });
    Unit {
        id: u.id.clone(),
        title: u.title.clone(),
        launch: Some(u.launch.clone()),
        pass_mark: u.pass_mark.map(|m| m as f64),
        after: u.after.clone(),
        final_test: u.final_test,
        pages: Some(u.pages.len()),
        questions: Some(questions),
        suspend_data: Some(SuspendData {
            kept_in: u.saved_state.kept_in.clone(),
            worst_case: u.saved_state.worst_case,
            limit: u.saved_state.limit,
        }),
        reporting,
        handout: u.handout.clone(),
        proof: u.proof.offered.then(|| {
            format!(
                "once the unit is done the learner can print a proof of participation: their name, what was completed, the date, the score and pass mark, the time spent{}; it writes nothing to the LMS, which holds the official record",
                u.proof
                    .organisation
                    .as_ref()
                    .map_or(String::new(), |o| format!(" and the organisation ({o})"))
            )
        }),
    }
}
