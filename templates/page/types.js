/* The types of the page shell, for the type check (tsc --checkJs, see tsconfig.json); this file
 * is never part of a page. The page data mirrors the `lk-data` JSON that src/render/view.rs
 * writes (struct Data and what it holds): keep the two in step. */

/**
 * The `lk-data` JSON of a module's page (view.rs `Data`).
 * @typedef {object} PageData
 * @property {DataModule} module
 * @property {'scorm12' | 'scorm2004' | 'cmi5' | 'web'} standard
 * @property {Strings} strings the interface strings of the module's language (strings.json)
 * @property {{ id: string, anchor: string, title: string }[]} pages in order; `anchor` is the HTML
 *   id of the page's section, which in-page links name
 * @property {Record<string, Question[]>} quizzes each quiz's questions, by quiz id
 * @property {Record<string, { text: string, anchor: string | null }>} signals by signal id;
 *   `anchor` is that of the first page that lists it
 * @property {PageLimits} limits the limits the page enforces (policy.rs `PageLimits`)
 * @property {CourseNav} [course] only in a course package
 */

/**
 * policy.rs `PageLimits`.
 * @typedef {object} PageLimits
 * @property {number} attempts most attempts: at this one the page offers no retry
 * @property {number} interactionId the longest interaction id the page sends
 * @property {number | null} suspendData the longest saved state the run-time keeps; null where
 *   there is none
 */

/**
 * view.rs `DataModule`.
 * @typedef {object} DataModule
 * @property {string} id
 * @property {string} version
 * @property {string} title
 * @property {string} language
 * @property {number} passMark percent, what the manifest declares too
 * @property {boolean} allowRetry
 * @property {boolean} scored whether the module has points to score (a quiz)
 * @property {string} [organisation] the organisation named on the proof of participation
 *   (`organisation` in leskit.toml), when set
 */

/**
 * Where a module's SCO stands in a course package (view.rs `CourseNav`).
 * @typedef {object} CourseNav
 * @property {string} id
 * @property {string} title
 * @property {boolean} previous whether a SCO comes before this one
 * @property {boolean} next whether a SCO comes after this one
 * @property {boolean} nextNeedsThis whether the next SCO opens only once this one is done
 * @property {boolean} finalTest whether this SCO is the course's final test
 */

/**
 * A question (view.rs `DataQuestion`). Fields of other kinds are null or empty.
 * @typedef {object} Question
 * @property {string} id
 * @property {'single' | 'multiple' | 'true-false' | 'branching'} kind
 * @property {number} points
 * @property {'all-or-nothing' | 'partial' | null} [scoring] multiple only
 * @property {string} prompt
 * @property {QuestionOption[]} options single and multiple
 * @property {boolean | null} [answer] true-false only
 * @property {string | null} [trueFeedback]
 * @property {string | null} [falseFeedback]
 * @property {string | null} [explanation] HTML
 * @property {string[]} signals ids of the signals the question is about
 * @property {string} start branching: the first step's id
 * @property {Record<string, Step>} steps branching, by step id
 * @property {Record<string, Ending>} endings branching, by ending id
 */

/**
 * @typedef {object} QuestionOption
 * @property {string} id
 * @property {string} [text] HTML
 * @property {boolean} correct
 * @property {string | null} [feedback] HTML
 */

/**
 * A step of a scenario (view.rs `DataStep`).
 * @typedef {object} Step
 * @property {string} [text] HTML
 * @property {string} [plain] the text without markup
 * @property {{ id: string, text?: string, next: string, feedback?: string | null }[]} choices
 */

/**
 * An ending of a scenario (view.rs `DataEnding`).
 * @typedef {object} Ending
 * @property {'good' | 'partial' | 'poor'} outcome
 * @property {number} points
 * @property {string} [feedback] HTML
 */

/**
 * The interface strings (strings.json): every key the page uses, and others.
 * @typedef {Record<string, string>} Strings
 */

/**
 * An answer: single "b"; multiple ["a","c"]; true-false true/false; branching the list of
 * decisions "step>choice" in order.
 * @typedef {string | string[] | boolean} Answer
 */

/** @typedef {Record<string, Answer>} Answers by question key (`quiz.question`) */

/**
 * A question with its quiz and key (`quiz.question`).
 * @typedef {{ quiz?: string, key: string, q: Question }} Item
 */

/**
 * A module's score: points possible, percent (two decimals), open questions, passed.
 * @typedef {{ possible: number, score: number, open: number, passed: boolean }} Outcome
 */

/**
 * What the resume state holds.
 * @typedef {object} Saved
 * @property {number} attempt
 * @property {boolean} lastPage
 * @property {boolean} [completed]
 * @property {Record<string, boolean>} seen by page id
 * @property {Answers} answers
 * @property {number} [nextInteraction]
 */

/**
 * The session: everything the page knows and does, one object for every part.
 * @typedef {Saved & {
 *   page: number, completed: boolean, done: boolean, failedFinal: boolean, nextInteraction: number
 * }} SessionState
 */

/**
 * @typedef {{ id: string, index: number, correct?: boolean }} RecordOption
 * @typedef {RecordOption[] | boolean} RecordResponse
 */

/**
 * One interaction, before it is written in a standard's terms.
 * @typedef {object} InteractionRecord
 * @property {string} id
 * @property {'choice' | 'true-false'} type
 * @property {number} attempt
 * @property {number} latency ms
 * @property {Date} at
 * @property {string} description
 * @property {number} weighting
 * @property {{ id: string, text?: string }[]} choices
 * @property {RecordResponse} response
 * @property {RecordResponse[]} correct
 * @property {string} result 'correct', 'wrong' or the share earned
 */

/**
 * @typedef {{ title: string, version: string, course: string | null }} ProofSubject
 * @typedef {object} ProofFacts
 * @property {string} name
 * @property {ProofSubject} subject
 * @property {Date} date
 * @property {boolean} scored
 * @property {number} score
 * @property {number} passMark
 * @property {number} spent ms
 * @property {boolean} standalone
 * @property {string} language
 * @property {string} [organisation]
 */

/**
 * The run-time of one standard, as every part of the page sees it (adapters/).
 * @typedef {object} Adapter
 * @property {(page: Page, ready: () => void) => void} start connects; `ready` once the session
 *   can begin (the adapter may hand over to the browser's storage first, as `page.lms`)
 * @property {(element: string) => string} get a value the LMS holds, '' when none
 * @property {(element: string, value: string | number) => void} set queued for the next save
 * @property {(pageId: string) => void} place the learner is at this page (the LMS's location)
 * @property {() => void} save
 * @property {() => void} finish ends the session
 * @property {(rec: InteractionRecord) => void} record
 * @property {() => number | null} passMark the LMS's pass mark in percent, or null
 * @property {(o: Outcome, finished: boolean) => void} report status and score
 * @property {() => string} learnerName as the LMS gives it, '' when none
 * @property {(now: number) => number} spent ms spent in earlier sessions plus `now`
 * @property {() => boolean} canNavigate whether the LMS may take adl.nav requests now
 * @property {() => boolean} retryLater whether a retry must wait for a new session
 * @property {boolean} live
 * @property {boolean} review the LMS opened the attempt for review: nothing is written
 * @property {boolean} reviewData the review has the saved state to show
 * @property {boolean} standalone no LMS: progress is kept in the browser
 */

/**
 * @typedef {object} Page
 * @property {PageData} data
 * @property {Strings} S
 * @property {DataModule} mod
 * @property {HTMLElement[]} pages the page sections
 * @property {string[]} pageIds
 * @property {Item[]} questions
 * @property {SessionState} state
 * @property {number} startedAt
 * @property {number} startAt the page index to begin at
 * @property {Record<string, number>} shownAt when each question was shown, for latency
 * @property {Record<string, number>} scenarioTime time spent on each scenario's decisions
 * @property {Adapter} lms
 * @property {() => string} encode the state for the LMS
 * @property {(text: string) => void} restore
 * @property {(index: number, moveFocus: boolean) => void} show
 * @property {() => void} report
 * @property {() => void} save
 * @property {() => void} finish
 * @property {(on: boolean) => void} trouble
 * @property {() => number} passMark
 * @property {() => number} progress
 * @property {() => void} marks shows what is done: the progress bar, the ticks in the contents
 * @property {() => void} hold the cover (or the first page) waits while the LMS connects
 * @property {() => void} showCover the cover, with its button to where the learner goes
 *   (cover.mjs)
 * @property {() => void} leaveCover the cover gives way to a page
 * @property {(url: string) => void} exitButton
 * @property {() => void} restoreAnswers
 * @property {() => void} placeCases each quiz at its first case with an open question (cases.mjs)
 * @property {(form: HTMLElement) => Item} itemOf
 * @property {(form: HTMLElement, item: Item) => void} resetQuestion
 * @property {(form: HTMLElement) => boolean} revealResult after an answer: the results card in
 *   view and focused when no question is left open
 */
