/* leskit: a course package (several SCOs) read from its imsmanifest.xml as an LMS reads it, for
 * the preview's simulated LMS and the browser tests' course LMS (tests/browser/lms/course.html),
 * which share this one file.
 *
 * LeskitCourse.read(text) gives
 *   items: every SCO of the default organization, in order: {id, title, href, prerequisites,
 *          masteryscore} (prerequisites: the SCORM 1.2 adlcp:prerequisites, an AICC script of
 *          item identifiers joined by "&");
 *   tree:  the organization as scorm-again's SCORM 2004 sequencing settings (each item's control
 *          mode, precondition rules, rollup settings, objectives with their maps, delivery
 *          controls), for `settings.sequencing.activityTree`.
 * LeskitCourse.met12(item, status) says whether a SCORM 1.2 item's prerequisites are met, the way
 * many 1.2 LMSs honour them: an item is met once its lesson_status is passed or completed
 * (status: item id -> lesson_status). */
(function (root) {
  'use strict';

  function kids(el, name) {
    return Array.prototype.filter.call(el ? el.children : [], function (c) { return c.localName === name; });
  }
  function kid(el, name) { return kids(el, name)[0] || null; }
  function bool(el, name, dflt) {
    var v = el && el.getAttribute(name);
    return v === null || v === undefined || v === '' ? dflt : v === 'true';
  }
  function fail(message) { throw new Error(message); }

  function objective(el, primary) {
    var min = kid(el, 'minNormalizedMeasure');
    return {
      objectiveID: el.getAttribute('objectiveID'),
      isPrimary: primary,
      satisfiedByMeasure: bool(el, 'satisfiedByMeasure', false),
      minNormalizedMeasure: min ? parseFloat(min.textContent) : 1.0,
      // The defaults are the schema's: read both, write neither.
      mapInfo: kids(el, 'mapInfo').map(function (m) {
        return {
          targetObjectiveID: m.getAttribute('targetObjectiveID'),
          readSatisfiedStatus: bool(m, 'readSatisfiedStatus', true),
          readNormalizedMeasure: bool(m, 'readNormalizedMeasure', true),
          writeSatisfiedStatus: bool(m, 'writeSatisfiedStatus', false),
          writeNormalizedMeasure: bool(m, 'writeNormalizedMeasure', false)
        };
      })
    };
  }

  function rules(seq, name) {
    return kids(kid(seq, 'sequencingRules'), name).map(function (r) {
      var conditions = kid(r, 'ruleConditions');
      return {
        action: kid(r, 'ruleAction').getAttribute('action'),
        conditionCombination: (conditions && conditions.getAttribute('conditionCombination')) || 'all',
        conditions: kids(conditions, 'ruleCondition').map(function (c) {
          var out = { condition: c.getAttribute('condition') };
          if (c.getAttribute('operator') === 'not') { out.operator = 'not'; }
          if (c.getAttribute('referencedObjective')) { out.referencedObjective = c.getAttribute('referencedObjective'); }
          if (c.getAttribute('measureThreshold')) { out.parameters = { threshold: parseFloat(c.getAttribute('measureThreshold')) }; }
          return out;
        })
      };
    });
  }

  /* An <organization> or <item> as scorm-again's ActivitySettings. */
  function activity(el) {
    var seq = kid(el, 'sequencing');
    var a = { id: el.getAttribute('identifier'), title: kid(el, 'title').textContent };
    var control = kid(seq, 'controlMode');
    var rollup = kid(seq, 'rollupRules');
    a.sequencingControls = {
      choice: bool(control, 'choice', true),
      choiceExit: bool(control, 'choiceExit', true),
      flow: bool(control, 'flow', false),
      forwardOnly: bool(control, 'forwardOnly', false),
      rollupObjectiveSatisfied: bool(rollup, 'rollupObjectiveSatisfied', true),
      rollupProgressCompletion: bool(rollup, 'rollupProgressCompletion', true),
      objectiveMeasureWeight: rollup && rollup.getAttribute('objectiveMeasureWeight') !== null
        ? parseFloat(rollup.getAttribute('objectiveMeasureWeight')) : 1.0
    };
    if (kids(rollup, 'rollupRule').length) { fail('this LMS reads no <rollupRule> yet: ' + a.id); }
    var pre = rules(seq, 'preConditionRule'), exit = rules(seq, 'exitConditionRule'), post = rules(seq, 'postConditionRule');
    if (pre.length || exit.length || post.length) {
      a.sequencingRules = { preConditionRules: pre, exitConditionRules: exit, postConditionRules: post };
    }
    var objectives = kid(seq, 'objectives');
    if (objectives) {
      var primary = kid(objectives, 'primaryObjective');
      if (primary) { a.primaryObjective = objective(primary, true); }
      a.objectives = kids(objectives, 'objective').map(function (o) { return objective(o, false); });
    }
    var delivery = kid(seq, 'deliveryControls');
    a.deliveryControls = {
      tracked: bool(delivery, 'tracked', true),
      completionSetByContent: bool(delivery, 'completionSetByContent', false),
      objectiveSetByContent: bool(delivery, 'objectiveSetByContent', false)
    };
    var items = kids(el, 'item');
    if (items.length) { a.children = items.map(activity); }
    return a;
  }

  function read(text) {
    var doc = new DOMParser().parseFromString(text, 'application/xml');
    var manifest = doc.documentElement;
    var orgs = kid(manifest, 'organizations');
    var org = kids(orgs, 'organization').filter(function (o) {
      return o.getAttribute('identifier') === orgs.getAttribute('default');
    })[0] || kid(orgs, 'organization');
    if (!org) { fail('the manifest has no organization'); }
    var hrefs = {};
    kids(kid(manifest, 'resources'), 'resource').forEach(function (r) { hrefs[r.getAttribute('identifier')] = r.getAttribute('href'); });
    var items = [];
    (function collect(el) {
      kids(el, 'item').forEach(function (i) {
        var pre = kid(i, 'prerequisites'), mastery = kid(i, 'masteryscore');
        if (i.getAttribute('identifierref')) {
          items.push({
            id: i.getAttribute('identifier'),
            title: kid(i, 'title') ? kid(i, 'title').textContent : i.getAttribute('identifier'),
            href: hrefs[i.getAttribute('identifierref')],
            prerequisites: pre ? pre.textContent : null,
            masteryscore: mastery ? mastery.textContent : null
          });
        }
        collect(i);
      });
    })(org);
    return {
      org: org.getAttribute('identifier'),
      title: kid(org, 'title') ? kid(org, 'title').textContent : '',
      items: items,
      // Only a SCORM 2004 manifest has sequencing to read.
      tree: function () { return activity(org); }
    };
  }

  function met12(item, status) {
    return !item.prerequisites || item.prerequisites.split('&').every(function (p) {
      var s = status[p.trim()];
      return s === 'passed' || s === 'completed';
    });
  }

  var api = { read: read, met12: met12 };
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { root.LeskitCourse = api; }
}(typeof window !== 'undefined' ? window : this));
