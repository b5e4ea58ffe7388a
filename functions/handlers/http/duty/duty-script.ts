/**
 * The duty page's script, as the browser runs it: plain ES2020, no framework, no build
 * step. It reads the page's words from the `duty-config` JSON block, keeps the bearer
 * token in sessionStorage, and reads and writes only through the public JSON API
 * (GET /v1/obligations, GET /v1/incidents/{id}, POST /v1/notices), so the page holds no
 * state of its own the API does not. Everything it shows is set with textContent, never
 * as HTML: card fields are the senders' free text.
 *
 * Written as a string (not a TypeScript function turned into text) so that what the
 * browser runs is exactly what is here; the page's CSP admits it by its SHA-256 alone.
 * No template literals inside, so the outer one is a plain string.
 */
export const DUTY_SCRIPT = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('duty-config').textContent);
  var T = config.texts;
  var L = config.labels;
  var TOKEN_KEY = 'ncc-duty:token';
  var REFRESH_KEY = 'ncc-duty:refresh';
  var FILTER_KEY = 'ncc-duty:filters';
  var HOUR = 3600000;
  // Asia/Almaty has been UTC+5 since 2024-03-01, as the gateway writes it (dueAtNational);
  // computed here, not with Intl, because a browser with older time-zone data says +06.
  var NATIONAL_OFFSET = 5 * HOUR;
  var PAGE_LIMIT = 200;
  var MAX_PAGES = 5;
  var NCC_SCOPE = 'ncc-gateway/ncc';

  var state = {
    token: null,
    claims: null,
    obligations: [],
    truncated: false,
    shownKey: '',
    loading: false,
    timer: null,
    soonTimer: null,
    noticeKey: null,
    incident: null,
    waiving: null
  };

  function byId(id) { return document.getElementById(id); }

  function fill(template, values) {
    return template.replace(/\\{(\\w+)\\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') node.textContent = String(value);
      else if (name === 'className') node.className = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function label(catalogue, code) {
    var labels = L[catalogue] || {};
    return Object.prototype.hasOwnProperty.call(labels, String(code)) ? labels[String(code)] : String(code);
  }

  function national(ms) {
    return new Date(ms + NATIONAL_OFFSET).toISOString().slice(0, 19).replace('T', ' ');
  }

  function nationalText(text) {
    // dueAtNational is 2026-12-07T19:00:00+05:00: shown without the T and the offset.
    return String(text || '').slice(0, 19).replace('T', ' ');
  }

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  function duration(ms) {
    var total = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(total / 86400);
    var rest = total % 86400;
    var text = pad(Math.floor(rest / 3600)) + ':' + pad(Math.floor((rest % 3600) / 60)) + ':' + pad(rest % 60);
    return days > 0 ? fill(T.days, { n: days }) + ' ' + text : text;
  }

  function clockText(dueMs, now) {
    return dueMs > now ? fill(T.dueIn, { time: duration(dueMs - now) }) : fill(T.overdueBy, { time: duration(now - dueMs) });
  }

  function setStatus(text, failed) {
    var status = byId('status');
    status.textContent = text;
    status.className = failed ? 'status failed' : 'status';
  }

  // ---- the token ----------------------------------------------------------------------

  function claimsOf(token) {
    var parts = token.split('.');
    if (parts.length !== 3) return null;
    try {
      var json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
      var bytes = new Uint8Array(json.length);
      for (var i = 0; i < json.length; i++) bytes[i] = json.charCodeAt(i);
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (error) {
      return null;
    }
  }

  function isNcc(claims) {
    return String(claims.scope || '').split(' ').indexOf(NCC_SCOPE) >= 0;
  }

  function showSignIn(message) {
    state.token = null;
    state.claims = null;
    state.obligations = [];
    sessionStorage.removeItem(TOKEN_KEY);
    if (state.timer) clearTimeout(state.timer);
    byId('duty').hidden = true;
    byId('sign-in').hidden = false;
    byId('sign-in-error').textContent = message || '';
    byId('token').value = '';
    byId('token').focus();
  }

  function useToken(token) {
    var claims = claimsOf(token);
    if (!claims) return T.tokenMalformed;
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) return T.tokenExpired;
    if (!isNcc(claims)) return T.notNcc;
    state.token = token;
    state.claims = claims;
    sessionStorage.setItem(TOKEN_KEY, token);
    byId('sign-in').hidden = true;
    byId('sign-in-error').textContent = '';
    byId('duty').hidden = false;
    byId('signed-in').textContent = fill(T.signedInAs, {
      party: claims.client_id || claims.sub || '?',
      until: typeof claims.exp === 'number' ? national(claims.exp * 1000) : '?'
    });
    refresh();
    openFromHash();
    return null;
  }

  // ---- the API ------------------------------------------------------------------------

  function problemText(problem, status) {
    if (!problem || typeof problem !== 'object') return 'HTTP ' + status;
    var text = problem.detail || problem.title || 'HTTP ' + status;
    var issues = Array.isArray(problem.errors) ? problem.errors : [];
    return issues.length === 0 ? text : text + ' ' + issues.map(function (issue) {
      return (issue.pointer ? issue.pointer + ': ' : '') + issue.message;
    }).join('; ');
  }

  function api(method, path, body, headers) {
    var sent = {
      authorization: 'Bearer ' + state.token,
      accept: 'application/json',
      'accept-language': config.lang
    };
    Object.keys(headers || {}).forEach(function (name) { sent[name] = headers[name]; });
    if (body !== undefined) sent['content-type'] = 'application/json';
    return fetch(path, {
      method: method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit'
    }).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (error) { json = null; }
        if (response.status === 401) {
          showSignIn(T.tokenExpired);
          throw Object.assign(new Error(T.tokenExpired), { status: 401 });
        }
        if (!response.ok) throw Object.assign(new Error(problemText(json, response.status)), { status: response.status, problem: json });
        return json;
      });
    }, function () {
      throw Object.assign(new Error(T.networkError), { status: 0 });
    });
  }

  function listAll(query) {
    var items = [];
    var truncated = false;
    function page(cursor, n) {
      var path = '/v1/obligations?' + query + '&limit=' + PAGE_LIMIT + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      return api('GET', path).then(function (result) {
        items = items.concat(result.items || []);
        if (!result.nextCursor) return undefined;
        if (n + 1 >= MAX_PAGES) { truncated = true; return undefined; }
        return page(result.nextCursor, n + 1);
      });
    }
    return page(null, 0).then(function () { return { items: items, truncated: truncated }; });
  }

  // ---- the lists ----------------------------------------------------------------------

  function refresh() {
    if (!state.token || state.loading) return;
    state.loading = true;
    if (state.timer) clearTimeout(state.timer);
    setStatus(T.loading, false);
    var now = new Date().toISOString();
    // What falls due within the hour, what the sweep recorded as missed, and what is past
    // due but not yet swept (the sweep runs every minute): the duty officer sees a clock
    // run out when it does, not at the next sweep.
    Promise.all([
      listAll('dueWithin=PT1H'),
      listAll('overdue=true'),
      listAll('state=open&to=' + encodeURIComponent(now))
    ]).then(function (results) {
      var seen = {};
      results.forEach(function (result) {
        result.items.forEach(function (o) { seen[o.id] = o; });
      });
      state.obligations = Object.keys(seen).map(function (id) { return seen[id]; });
      state.truncated = results.some(function (result) { return result.truncated; });
      render();
      setStatus(fill(T.updatedAt, { time: national(Date.now()) }), false);
    }).catch(function (error) {
      if (error.status !== 401) setStatus(fill(T.refreshFailed, { error: error.message }), true);
    }).then(function () {
      state.loading = false;
      scheduleRefresh();
    });
  }

  function scheduleRefresh() {
    if (state.timer) clearTimeout(state.timer);
    var seconds = Number(byId('auto-refresh').value);
    if (state.token && seconds > 0) state.timer = setTimeout(refresh, seconds * 1000);
  }

  /** A clock ran out on screen: ask again shortly, once the sweep has had its chance. */
  function refreshSoon() {
    if (state.soonTimer) return;
    state.soonTimer = setTimeout(function () { state.soonTimer = null; refresh(); }, 5000);
  }

  function filters() {
    return { party: byId('filter-party').value, kind: byId('filter-kind').value };
  }

  function partition(now) {
    var f = filters();
    var overdue = [];
    var due = [];
    state.obligations.forEach(function (o) {
      if (f.party && o.owedBy !== f.party) return;
      if (f.kind && o.kind !== f.kind) return;
      var dueMs = Date.parse(o.dueAt);
      if (o.state === 'missed' || (o.state === 'open' && dueMs <= now)) overdue.push(o);
      else if (o.state === 'open' && dueMs <= now + HOUR) due.push(o);
    });
    function order(a, b) {
      return a.owedBy < b.owedBy ? -1 : a.owedBy > b.owedBy ? 1
        : a.kind < b.kind ? -1 : a.kind > b.kind ? 1
        : Date.parse(a.dueAt) - Date.parse(b.dueAt);
    }
    overdue.sort(order);
    due.sort(order);
    return { overdue: overdue, due: due };
  }

  function keyOf(parts) {
    return parts.overdue.map(function (o) { return o.id + o.state; }).join(',') + '|' + parts.due.map(function (o) { return o.id; }).join(',');
  }

  function subjectCell(o) {
    if (/^inc_/.test(o.subjectId)) {
      return el('td', {}, [el('a', { href: '#incident=' + encodeURIComponent(o.subjectId), text: o.subjectId, className: 'id' })]);
    }
    return el('td', {}, [el('span', { text: o.subjectId, className: 'id' })]);
  }

  function clockCell(o, now) {
    var dueMs = Date.parse(o.dueAt);
    var open = o.state === 'open';
    return el('td', {}, [el('span', {
      className: 'clock ' + (dueMs > now ? 'running' : 'late'),
      'data-due': open || o.state === 'missed' ? String(dueMs) : null,
      text: clockText(dueMs, now)
    })]);
  }

  /** A national time, without the date when it is today's. */
  function shortNational(ms) {
    var text = national(ms);
    return text.slice(0, 10) === national(Date.now()).slice(0, 10) ? text.slice(11) : text.slice(0, 16);
  }

  /** Where a miss stands on the escalation ladder (level 1 went out with the miss). */
  function escalationNote(o) {
    var ladder = o.escalation;
    if (o.state !== 'missed' || !ladder) return null;
    if (ladder.level2At) return fill(T.level2Sent, { time: shortNational(Date.parse(ladder.level2At)) });
    if (ladder.acknowledgedAt) return fill(T.level1Acknowledged, { party: ladder.acknowledgedBy || '?' });
    if (ladder.level2DueAt) return fill(T.level2Due, { time: shortNational(Date.parse(ladder.level2DueAt)) });
    return null;
  }

  function stateCell(o, now) {
    var text = label('obligationState', o.state);
    if (o.state === 'open' && Date.parse(o.dueAt) <= now) text = text + ' — ' + T.awaitingSweep;
    var note = escalationNote(o);
    return el('td', { className: 'state-' + o.state }, [
      el('span', { text: text }),
      note ? el('span', { className: 'note', text: note }) : null
    ]);
  }

  function waiveCell(o) {
    if (o.state !== 'open' && o.state !== 'missed') return el('td', {});
    var button = el('button', {
      type: 'button',
      className: 'secondary small',
      'data-waive': o.id,
      'aria-label': T.waive + ' ' + label('obligationKind', o.kind) + ', ' + o.owedBy + ', ' + o.subjectId,
      text: T.waive
    });
    return el('td', {}, [button]);
  }

  function obligationTable(rows, headingId, now) {
    if (rows.length === 0) return el('p', { className: 'empty', text: T.nothing });
    var head = el('tr', {}, [T.colParty, T.colKind, T.colSubject, T.colDue, T.colClock, T.colState, T.colAction].map(function (text) {
      return el('th', { scope: 'col', text: text });
    }));
    var body = rows.map(function (o) {
      return el('tr', { 'data-obligation': o.id }, [
        el('th', { scope: 'row', text: o.owedBy }),
        el('td', { text: label('obligationKind', o.kind) }),
        subjectCell(o),
        el('td', {}, [el('time', { datetime: o.dueAt, text: nationalText(o.dueAtNational) })]),
        clockCell(o, now),
        stateCell(o, now),
        waiveCell(o)
      ]);
    });
    return el('table', { 'aria-labelledby': headingId }, [el('thead', {}, [head]), el('tbody', {}, body)]);
  }

  function summaryTable(parts) {
    var counts = {};
    function add(o, field) {
      counts[o.owedBy] = counts[o.owedBy] || { overdue: 0, due: 0 };
      counts[o.owedBy][field]++;
    }
    parts.overdue.forEach(function (o) { add(o, 'overdue'); });
    parts.due.forEach(function (o) { add(o, 'due'); });
    var parties = Object.keys(counts).sort(function (a, b) {
      return counts[b].overdue - counts[a].overdue || counts[b].due - counts[a].due || (a < b ? -1 : 1);
    });
    if (parties.length === 0) return el('p', { className: 'empty', text: T.nothing });
    var head = el('tr', {}, [
      el('th', { scope: 'col', text: T.colParty }),
      el('th', { scope: 'col', className: 'num', text: T.countOverdue }),
      el('th', { scope: 'col', className: 'num', text: T.countDue })
    ]);
    var rows = parties.map(function (party) {
      var button = el('button', { type: 'button', className: 'link', 'data-party': party, text: party });
      return el('tr', {}, [
        el('th', { scope: 'row' }, [button]),
        el('td', { className: counts[party].overdue > 0 ? 'num late' : 'num', text: String(counts[party].overdue) }),
        el('td', { className: 'num', text: String(counts[party].due) })
      ]);
    });
    return el('table', { 'aria-labelledby': 'by-soc-heading' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
  }

  function refreshPartyOptions() {
    var select = byId('filter-party');
    var chosen = select.value;
    var parties = {};
    state.obligations.forEach(function (o) { parties[o.owedBy] = true; });
    if (chosen) parties[chosen] = true;
    while (select.options.length > 1) select.remove(1);
    Object.keys(parties).sort().forEach(function (party) {
      select.appendChild(el('option', { value: party, text: party }));
    });
    select.value = chosen;
  }

  function render() {
    var now = Date.now();
    refreshPartyOptions();
    var parts = partition(now);
    state.shownKey = keyOf(parts);
    var bySoc = byId('by-soc');
    clear(bySoc);
    bySoc.appendChild(summaryTable(parts));
    var overdue = byId('overdue');
    clear(overdue);
    overdue.appendChild(obligationTable(parts.overdue, 'overdue-heading', now));
    var due = byId('due');
    clear(due);
    due.appendChild(obligationTable(parts.due, 'due-heading', now));
    byId('overdue-count').textContent = '(' + parts.overdue.length + ')';
    byId('due-count').textContent = '(' + parts.due.length + ')';
    byId('truncated').textContent = state.truncated ? fill(T.truncated, { n: PAGE_LIMIT * MAX_PAGES }) : '';
  }

  function tick() {
    var now = Date.now();
    byId('now-time').textContent = national(now);
    if (!state.token) return;
    if (state.claims && typeof state.claims.exp === 'number' && state.claims.exp * 1000 <= now) {
      showSignIn(T.tokenExpired);
      return;
    }
    var crossed = false;
    document.querySelectorAll('[data-due]').forEach(function (node) {
      var dueMs = Number(node.getAttribute('data-due'));
      var wasRunning = node.classList.contains('running');
      node.textContent = clockText(dueMs, now);
      if (wasRunning && dueMs <= now) {
        node.classList.remove('running');
        node.classList.add('late');
        crossed = true;
      }
    });
    if (keyOf(partition(now)) !== state.shownKey) render();
    if (crossed) refreshSoon();
  }

  // ---- one incident -------------------------------------------------------------------

  function flatten(value, pointer, out) {
    if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
      Object.keys(value).forEach(function (key) {
        flatten(value[key], pointer + '/' + String(key).replace(/~/g, '~0').replace(/\\//g, '~1'), out);
      });
    } else {
      out[pointer || '/'] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    return out;
  }

  function diffRows(before, after) {
    var a = flatten(before, '', {});
    var b = flatten(after, '', {});
    var pointers = Object.keys(a).concat(Object.keys(b).filter(function (p) { return !(p in a); })).sort();
    return pointers.filter(function (p) { return a[p] !== b[p]; }).map(function (p) {
      return { pointer: p, before: a[p], after: b[p] };
    });
  }

  function definition(term, value) {
    return [el('dt', { text: term }), el('dd', { text: value })];
  }

  function renderDiff(incident, toVersion) {
    var holder = byId('diff');
    clear(holder);
    var versions = incident.versions || [];
    var to = versions.filter(function (v) { return v.version === toVersion; })[0];
    var from = versions.filter(function (v) { return v.version === toVersion - 1; })[0];
    if (!to || !from) {
      holder.appendChild(el('p', { className: 'empty', text: T.firstVersion }));
      return;
    }
    holder.appendChild(el('h4', { id: 'diff-heading', text: fill(T.diffHeading, { from: from.version, to: to.version }) }));
    var rows = diffRows(from.card, to.card);
    if (rows.length === 0) {
      holder.appendChild(el('p', { className: 'empty', text: T.noChanges }));
      return;
    }
    var head = el('tr', {}, [T.colField, T.colBefore, T.colAfter].map(function (text) { return el('th', { scope: 'col', text: text }); }));
    holder.appendChild(el('table', { 'aria-labelledby': 'diff-heading', className: 'diff' }, [
      el('thead', {}, [head]),
      el('tbody', {}, rows.map(function (row) {
        return el('tr', {}, [
          el('th', { scope: 'row' }, [el('code', { text: row.pointer })]),
          el('td', { className: row.before === undefined ? 'absent' : 'removed', text: row.before === undefined ? T.absent : row.before }),
          el('td', { className: row.after === undefined ? 'absent' : 'added', text: row.after === undefined ? T.absent : row.after })
        ]);
      }))
    ]));
  }

  function renderIncident(incident) {
    state.incident = incident;
    var section = byId('incident');
    var body = byId('incident-body');
    clear(body);
    byId('incident-heading').textContent = fill(T.incidentHeading, { id: incident.id });
    var now = Date.now();
    var facts = el('dl', { className: 'facts' }, [].concat(
      definition(T.fieldSoc, incident.socId),
      definition(T.fieldStatus, incident.status === 'closed' ? T.statusClosed : T.statusOpen),
      definition(T.fieldSeverity, label('severity', incident.severity)),
      definition(T.fieldType, label('incidentType', incident.type)),
      definition(T.fieldConfirmedAt, String(incident.confirmedAt).replace('T', ' '))
    ));
    body.appendChild(facts);

    body.appendChild(el('h3', { id: 'clocks-heading', text: T.clocksHeading }));
    var clockRows = (incident.obligations || []).map(function (o) {
      return el('tr', {}, [
        el('th', { scope: 'row', text: label('obligationKind', o.kind) }),
        el('td', {}, [el('time', { datetime: o.dueAt, text: nationalText(o.dueAtNational) })]),
        o.state === 'open' || o.state === 'missed' ? clockCell(o, now) : el('td', { text: o.lateBy ? fill(T.overdueBy, { time: duration(o.lateBySeconds * 1000) }) : '' }),
        stateCell(o, now)
      ]);
    });
    body.appendChild(el('table', { 'aria-labelledby': 'clocks-heading' }, [
      el('thead', {}, [el('tr', {}, [T.colKind, T.colDue, T.colClock, T.colState].map(function (text) { return el('th', { scope: 'col', text: text }); }))]),
      el('tbody', {}, clockRows)
    ]));

    body.appendChild(el('h3', { id: 'versions-heading', text: T.versionsHeading }));
    var versions = incident.versions || [];
    body.appendChild(el('table', { 'aria-labelledby': 'versions-heading' }, [
      el('thead', {}, [el('tr', {}, [T.colVersion, T.colReceivedAt, 'SHA-256', T.colFormat].map(function (text) { return el('th', { scope: 'col', text: text }); }))]),
      el('tbody', {}, versions.map(function (v) {
        return el('tr', {}, [
          el('th', { scope: 'row', text: String(v.version) }),
          el('td', {}, [el('time', { datetime: v.receivedAt, text: String(v.receivedAt).replace('T', ' ') })]),
          el('td', {}, [el('code', { className: 'hash', text: v.sha256 })]),
          el('td', { text: v.format })
        ]);
      }))
    ]));

    var latest = versions.length > 0 ? versions[versions.length - 1].version : 1;
    if (versions.length > 1) {
      var select = el('select', { id: 'compare' }, versions.slice(1).map(function (v) {
        return el('option', { value: String(v.version), text: (v.version - 1) + ' → ' + v.version });
      }));
      select.value = String(latest);
      select.addEventListener('change', function () { renderDiff(incident, Number(select.value)); });
      body.appendChild(el('p', { className: 'inline-field' }, [el('label', { for: 'compare', text: T.compareVersion }), ' ', select]));
    }
    body.appendChild(el('div', { id: 'diff' }));
    renderDiff(incident, latest);
    section.hidden = false;
  }

  function openIncident(id) {
    api('GET', '/v1/incidents/' + encodeURIComponent(id)).then(function (incident) {
      renderIncident(incident);
      byId('incident-heading').focus();
    }).catch(function (error) {
      if (error.status !== 401) setStatus(fill(T.refreshFailed, { error: error.message }), true);
    });
  }

  function openFromHash() {
    var match = /^#incident=(inc_[0-9A-Za-z]+)$/.exec(location.hash);
    if (match && state.token) openIncident(match[1]);
    else if (!match) byId('incident').hidden = true;
  }

  // ---- waiving an obligation ----------------------------------------------------------

  function openWaiver(id) {
    var o = state.obligations.filter(function (x) { return x.id === id; })[0];
    if (!o) return;
    state.waiving = o;
    var kind = label('obligationKind', o.kind);
    byId('waive-heading').textContent = fill(T.waiveHeading, { kind: kind, party: o.owedBy });
    byId('waive-explain').textContent = fill(T.waiveExplain, { subject: o.subjectId });
    byId('waive-reason').value = '';
    clear(byId('waive-result'));
    byId('waive-dialog').showModal();
    byId('waive-reason').focus();
  }

  function submitWaiver(event) {
    event.preventDefault();
    var o = state.waiving;
    if (!o) return;
    var submit = byId('waive-submit');
    submit.disabled = true;
    // A waiver is idempotent on the server's side: a second one of the same obligation is a
    // 409 obligation_not_waivable, never a second audit entry.
    api('POST', '/v1/obligations/' + encodeURIComponent(o.id) + '/waive', { reason: byId('waive-reason').value })
      .then(function () {
        byId('waive-dialog').close();
        state.waiving = null;
        // Its own line: the refresh below rewrites the refresh status at once.
        byId('action-status').textContent = fill(T.waived, { kind: label('obligationKind', o.kind), party: o.owedBy });
        state.obligations = state.obligations.filter(function (x) { return x.id !== o.id; });
        render();
        refresh();
      })
      .catch(function (error) {
        if (error.status === 401) return;
        var result = byId('waive-result');
        clear(result);
        result.appendChild(el('p', { text: fill(T.refused, { error: error.message }) }));
      })
      .then(function () { submit.disabled = false; });
  }

  // ---- the notice composer ------------------------------------------------------------

  function randomKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }

  function noticeBody(form) {
    var extraText = form.elements.extra.value.trim();
    var extra = {};
    if (extraText) {
      try { extra = JSON.parse(extraText); } catch (error) { extra = null; }
      if (!extra || typeof extra !== 'object' || Array.isArray(extra)) return null;
    }
    var body = {};
    Object.keys(extra).forEach(function (key) { body[key] = extra[key]; });
    body.kind = form.elements.kind.value;
    body.registeredAt = form.elements.registeredAt.value;
    body.tlp = form.elements.tlp.value;
    body.description = form.elements.description.value;
    var note = form.elements.note.value.trim();
    if (note) body.note = note;
    var parties = form.elements.parties.value.split(',').map(function (p) { return p.trim(); }).filter(Boolean);
    var sectors = Array.prototype.filter.call(form.querySelectorAll('input[name=sector]'), function (box) { return box.checked; })
      .map(function (box) { return box.value; });
    body.recipients = {};
    if (parties.length > 0) body.recipients.parties = parties;
    if (sectors.length > 0) body.recipients.sectors = sectors;
    return body;
  }

  function showNoticeResult(text, failed, issues) {
    var result = byId('notice-result');
    clear(result);
    result.className = failed ? 'status failed' : 'status';
    result.appendChild(el('p', { text: text }));
    if (issues && issues.length > 0) {
      result.appendChild(el('ul', {}, issues.map(function (issue) {
        return el('li', {}, [issue.pointer ? el('code', { text: issue.pointer }) : null, issue.pointer ? ': ' : '', issue.message]);
      })));
    }
  }

  function submitNotice(event) {
    event.preventDefault();
    var form = event.target;
    var body = noticeBody(form);
    if (!body) {
      showNoticeResult(T.noticeBadExtra, true);
      return;
    }
    // One key per notice being composed: a retry after a lost answer (network error, 503
    // outcome_unknown) is a replay, never a second notice. A refusal the officer must edit
    // for gets a new key, or the edited body would be a 409 against the first.
    state.noticeKey = state.noticeKey || randomKey();
    var submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    api('POST', '/v1/notices', body, { 'idempotency-key': state.noticeKey }).then(function (receipt) {
      state.noticeKey = null;
      showNoticeResult(fill(T.noticeSent, { id: receipt.id, n: (receipt.obligations || []).length }), false,
        (receipt.warnings || []).map(function (w) { return { pointer: w.pointer, message: w.message }; }));
      form.reset();
      setDefaultDate();
      refresh();
    }).catch(function (error) {
      if (error.status === 401) return;
      if (error.status >= 400 && error.status < 500) state.noticeKey = null;
      var problem = error.problem || {};
      showNoticeResult(fill(T.refused, { error: problem.detail || error.message }), true, Array.isArray(problem.errors) ? problem.errors : []);
    }).then(function () { submit.disabled = false; });
  }

  function setDefaultDate() {
    byId('notice-registered-at').value = national(Date.now()).slice(0, 10);
  }

  // ---- wiring -------------------------------------------------------------------------

  function restoreSettings() {
    var refresh = sessionStorage.getItem(REFRESH_KEY);
    if (refresh !== null) byId('auto-refresh').value = refresh;
    try {
      var saved = JSON.parse(sessionStorage.getItem(FILTER_KEY) || '{}');
      if (saved.party) byId('filter-party').appendChild(el('option', { value: saved.party, text: saved.party }));
      byId('filter-party').value = saved.party || '';
      byId('filter-kind').value = saved.kind || '';
    } catch (error) {
      sessionStorage.removeItem(FILTER_KEY);
    }
  }

  function saveFilters() {
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(filters()));
    render();
  }

  byId('sign-in-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var token = byId('token').value.trim().replace(/^Bearer\\s+/i, '');
    var problem = useToken(token);
    if (problem) showSignIn(problem);
  });
  byId('sign-out').addEventListener('click', function () { showSignIn(''); });
  byId('refresh').addEventListener('click', refresh);
  byId('auto-refresh').addEventListener('change', function () {
    sessionStorage.setItem(REFRESH_KEY, byId('auto-refresh').value);
    scheduleRefresh();
  });
  byId('filter-party').addEventListener('change', saveFilters);
  byId('filter-kind').addEventListener('change', saveFilters);
  byId('by-soc').addEventListener('click', function (event) {
    var party = event.target && event.target.getAttribute && event.target.getAttribute('data-party');
    if (!party) return;
    byId('filter-party').value = party;
    saveFilters();
  });
  function onWaiveClick(event) {
    var id = event.target && event.target.getAttribute && event.target.getAttribute('data-waive');
    if (id) openWaiver(id);
  }
  byId('overdue').addEventListener('click', onWaiveClick);
  byId('due').addEventListener('click', onWaiveClick);
  byId('waive-form').addEventListener('submit', submitWaiver);
  byId('waive-cancel').addEventListener('click', function () {
    state.waiving = null;
    byId('waive-dialog').close();
  });
  byId('close-incident').addEventListener('click', function () {
    history.pushState(null, '', location.pathname + location.search);
    byId('incident').hidden = true;
  });
  window.addEventListener('hashchange', openFromHash);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') refresh();
  });
  byId('notice-form').addEventListener('submit', submitNotice);

  restoreSettings();
  setDefaultDate();
  tick();
  setInterval(tick, 1000);
  var saved = sessionStorage.getItem(TOKEN_KEY);
  var problem = saved ? useToken(saved) : null;
  if (!saved || problem) showSignIn(problem || '');
})();
`;
