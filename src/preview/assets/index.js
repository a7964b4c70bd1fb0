/* leskit preview: the index of the whole project, every module and course with its version, the
 * standards leskit.toml builds and its warnings; each links to its simulated LMS. Updated after
 * every save from the server's event stream. */
(function () {
  'use strict';

  var LABEL = { scorm12: 'SCORM 1.2', scorm2004: 'SCORM 2004', cmi5: 'cmi5', html: 'web export' };
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  window.leskitIndex = { version: 0 };

  function row(item, state) {
    var tr = el('tr', { 'data-kind': item.kind, 'data-id': item.id });
    var th = el('th', { scope: 'row' });
    var link = el('a', { href: item.href + '?target=' + encodeURIComponent(state.target) }, item.title);
    th.appendChild(link);
    if (item.kind === 'course' && item.modules.length) {
      th.appendChild(el('div', { 'class': 'hint' }, item.modules.length + ' SCOs: ' + item.modules.join(', ')));
    }
    tr.appendChild(th);
    tr.appendChild(el('td', { 'class': 'mono' }, item.id));
    tr.appendChild(el('td', {}, item.version));
    var standards = state.targets.map(function (t) { return LABEL[t] || t; }).join(', ');
    if (item.kind === 'course' && state.targets.indexOf('cmi5') >= 0) {
      standards += ' (cmi5: previewed module by module, as SCORM)';
    }
    tr.appendChild(el('td', {}, standards));
    var count = el('span', { 'class': 'count' + (item.warnings ? ' bad' : ''), 'data-warnings': String(item.warnings) }, String(item.warnings));
    var td = el('td', {});
    td.appendChild(count);
    td.appendChild(el('span', { 'class': 'visually-hidden' }, item.warnings === 1 ? ' warning' : ' warnings'));
    tr.appendChild(td);
    return tr;
  }

  function apply(state) {
    window.leskitIndex = { version: state.version, items: state.items, ok: state.ok };
    var bodies = { module: $('modules').tBodies[0], course: $('courses').tBodies[0] };
    bodies.module.textContent = '';
    bodies.course.textContent = '';
    state.items.forEach(function (item) { bodies[item.kind].appendChild(row(item, state)); });
    var courses = state.items.filter(function (i) { return i.kind === 'course'; }).length;
    $('courses-section').hidden = courses === 0;
    if (!state.items.some(function (i) { return i.kind === 'module'; })) {
      var tr = el('tr');
      tr.appendChild(el('td', { colspan: '5' }, 'No modules yet: write one with leskit new module <id>.'));
      bodies.module.appendChild(tr);
    }
    $('total').textContent = state.warnings + (state.warnings === 1 ? ' warning' : ' warnings') +
      ' in the project; leskit check lists them, and the terminal shows those of every file you save.';
    var errors = $('errors'), list = $('error-list');
    errors.hidden = state.ok;
    list.textContent = '';
    state.errors.forEach(function (p) {
      var li = el('li', { 'data-code': p.code || '' });
      var where = p.file ? p.file + (p.line ? ':' + p.line + ':' + p.column : '') : '';
      if (where) { li.appendChild(el('span', { 'class': 'where' }, where)); li.appendChild(document.createTextNode(' ')); }
      li.appendChild(el('span', { 'class': 'message' }, (p.code ? p.code + ': ' : '') + p.message));
      list.appendChild(li);
    });
  }

  function connect() {
    var live = $('live');
    var source = new EventSource('/events');
    source.addEventListener('state', function (e) {
      live.textContent = 'live';
      live.className = 'live';
      apply(JSON.parse(e.data));
    });
    source.onerror = function () {
      live.textContent = 'not connected: is leskit preview still running?';
      live.className = 'live off';
    };
  }

  fetch('/lms/project.json', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (state) {
    apply(state);
    if (document.readyState === 'complete') { connect(); } else { window.addEventListener('load', connect); }
  });
}());
