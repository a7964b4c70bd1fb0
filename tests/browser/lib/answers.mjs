// Right and wrong answers to any module's quizzes, worked out from the module data the page
// shell reads (lk-data), so that a test can take every bundled module without a table of its
// own. Answers are in the form lib/learner.mjs's answer() takes.
import { answer, setContents } from './learner.mjs';

/** The best path through a scenario: from each step a choice that keeps the best ending in reach. */
function best(q, at, memo = {}) {
  if (q.endings[at]) return q.endings[at].points;
  if (memo[at] !== undefined) return memo[at];
  memo[at] = Math.max(0, ...q.steps[at].choices.map((c) => best(q, c.next, memo)));
  return memo[at];
}

function path(q, pick) {
  const out = [];
  for (let at = q.start; q.steps[at]; ) {
    const c = pick(q, at);
    out.push(c.id);
    at = c.next;
  }
  return out;
}

export function rightAnswer(q) {
  if (q.kind === 'single') return q.options.find((o) => o.correct).id;
  if (q.kind === 'multiple') return q.options.filter((o) => o.correct).map((o) => o.id);
  if (q.kind === 'true-false') return String(q.answer);
  return path(q, (q, at) => q.steps[at].choices.find((c) => best(q, c.next) === best(q, at)));
}

/** A wrong answer (none of the points where the kind allows, fewer than all otherwise). */
export function wrongAnswer(q) {
  if (q.kind === 'single') return q.options.find((o) => !o.correct).id;
  if (q.kind === 'multiple') return [q.options.find((o) => !o.correct).id];
  if (q.kind === 'true-false') return String(!q.answer);
  return path(q, (q, at) => {
    const choices = q.steps[at].choices;
    return choices.find((c) => best(q, c.next) < best(q, at)) ?? choices[0];
  });
}

/** [{ quiz, q }] in the page's order. */
export function questionsOf(data) {
  return Object.entries(data.quizzes).flatMap(([quiz, list]) => list.map((q) => ({ quiz, q })));
}

/** Shows the page with `quiz` on it, through the contents as a learner may. */
export async function showQuiz(sco, quiz) {
  const id = await sco.evaluate((quiz) => {
    const page = document.querySelector(`.lk-quiz[data-quiz="${quiz}"]`).closest('section.lk-page');
    return page.hidden ? page.id : null;
  }, quiz);
  if (id) await showPage(sco, id.replace(/^p-/, ''));
}

/** Shows the page `id` through the contents. */
export async function showPage(sco, id) {
  await setContents(sco, true);
  await sco.locator(`.lk-toc a[href="#p-${id}"]`).click();
  await sco.waitForFunction((id) => !document.getElementById(`p-${id}`).hidden, id);
}

/** Answers every question in `items` with `pick(q)`, each on its quiz's page. */
export async function answerEach(sco, items, pick) {
  for (const { quiz, q } of items) {
    await showQuiz(sco, quiz);
    await answer(sco, quiz, q.id, pick(q));
  }
}

/**
 * The interaction ids one attempt writes for `items` answered with `pick`, in order: one per
 * question, and for a scenario one per decision on its path, then one for the whole question. `attempt`
 * adds the `.r<n>` suffix from 2 on.
 */
export function interactionIds(items, pick, attempt = 1) {
  const suffix = attempt > 1 ? `.r${attempt}` : '';
  const ids = [];
  for (const { quiz, q } of items) {
    if (q.kind === 'branching') {
      let at = q.start;
      for (const choice of pick(q)) {
        ids.push(`${quiz}.${q.id}.${at}${suffix}`);
        at = q.steps[at].choices.find((c) => c.id === choice).next;
      }
    }
    ids.push(`${quiz}.${q.id}${suffix}`); // a scenario's own record follows its decisions
  }
  return ids;
}
