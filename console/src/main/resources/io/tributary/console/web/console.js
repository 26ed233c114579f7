// Tributary console. Every value from the server is put in the page as text (textContent, text nodes,
// attribute values), never as markup: event data is hostile.
'use strict';

const state = { snapshot: null, view: 'flow', windowSort: { key: 'end', desc: true }, selectedWindow: null,
  tail: [], tailPaused: false, tailMax: 500, chart: null };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.substring(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

const fmt = {
  n: v => (v === null || v === undefined) ? '–' : Number(v).toLocaleString('en-US'),
  ns: v => {
    if (v === null || v === undefined) return '–';
    if (v >= 1e9) return (v / 1e9).toFixed(2) + ' s';
    if (v >= 1e6) return (v / 1e6).toFixed(2) + ' ms';
    if (v >= 1e3) return (v / 1e3).toFixed(1) + ' µs';
    return Math.round(v) + ' ns';
  },
  ms: v => (v === null || v === undefined) ? '–' : v < 1000 ? v + ' ms' : (v / 1000).toFixed(1) + ' s',
  secs: v => (v === null || v === undefined) ? 'not draining' : v === 0 ? 'caught up' : v < 120 ? v + ' s' : Math.round(v / 60) + ' min',
  time: ms => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
};

function sparkline(values) {
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', '0 0 240 28');
  svg.setAttribute('preserveAspectRatio', 'none');
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? 240 / (values.length - 1) : 0;
  const line = document.createElementNS(svgNs, 'polyline');
  line.setAttribute('points', values.map((v, i) => (i * step).toFixed(1) + ',' + (27 - 26 * v / max).toFixed(1)).join(' '));
  svg.append(line);
  return svg;
}

// ---- views ----

function renderFlow(s) {
  document.getElementById('flow-since').textContent = 'since ' + fmt.time(s.flow.since);
  fill(document.querySelector('#flow-table tbody'), s.flow.stages.map(st =>
    el('tr', { 'data-stage': st.id }, el('td', {}, st.label), el('td', { class: 'num total' }, fmt.n(st.total)),
      el('td', { class: 'num rate' }, st.rate), el('td', {}, sparkline(st.sparkline)))));
  fill(document.querySelector('#components-table tbody'), Object.entries(s.components).map(([name, health]) =>
    el('tr', { 'data-component': name }, el('td', {}, name), el('td', { class: health.startsWith('UP') ? 'ok' : 'bad' }, health))));
}

function renderLag(s) {
  fill(document.querySelector('#lag-table tbody'), s.lag.map(g =>
    el('tr', { 'data-role': g.role }, el('td', {}, g.role), el('td', {}, g.group),
      el('td', { class: 'num records' }, fmt.n(g.records)), el('td', { class: 'num' }, fmt.ms(g.timeLagMs)),
      el('td', { class: 'num drain' }, fmt.secs(g.drainSeconds)), el('td', {}, sparkline(g.trend)))));
  const parts = [];
  for (const g of s.lag) {
    for (const p of g.partitions) {
      parts.push(el('tr', {}, el('td', {}, g.group), el('td', {}, p.topic), el('td', { class: 'num' }, p.partition),
        el('td', { class: 'num' }, fmt.n(p.committed)), el('td', { class: 'num' }, fmt.n(p.end)),
        el('td', { class: 'num' }, fmt.n(p.records)), el('td', { class: 'num' }, fmt.ms(p.timeLagMs))));
    }
  }
  fill(document.querySelector('#lag-partitions tbody'), parts);
}

function renderDeadLetters(s) {
  const reasons = Object.entries(s.dlq.reasons);
  const max = Math.max(1, ...reasons.map(([, n]) => n));
  fill(document.querySelector('#dlq-reasons tbody'), reasons.map(([reason, n]) =>
    el('tr', { 'data-reason': reason }, el('td', { class: 'reason' }, reason), el('td', { class: 'num count' }, fmt.n(n)),
      el('td', {}, el('meter', { min: 0, max: max, value: n })))));
  const filter = document.getElementById('dlq-filter');
  const chosen = filter.value;
  const known = new Set([...filter.options].map(o => o.value));
  for (const [reason] of reasons) {
    if (!known.has(reason)) filter.append(el('option', { value: reason }, reason));
  }
  fill(document.querySelector('#dlq-latest tbody'), s.dlq.latest.filter(d => !chosen || d.reason === chosen).map(d =>
    el('tr', { 'data-reason': d.reason }, el('td', {}, fmt.time(d.timeMs)), el('td', {}, d.reason, el('br'), el('small', {}, d.message)),
      el('td', {}, d.field), el('td', {}, d.sourceTopic + ' ' + d.sourcePartition + '@' + d.sourceOffset),
      el('td', { class: 'preview' }, d.preview),
      el('td', {}, el('button', { type: 'button', title: d.kcat, onclick: () => copy(d.kcat) }, 'copy kcat command')))));
}

function copy(text) {
  if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => window.prompt('kcat command', text));
  else window.prompt('kcat command', text);
}

function renderSampling(s) {
  fill(document.querySelector('#rules-table tbody'), s.sampling.rules.map(r =>
    el('tr', { 'data-target': r.target }, el('td', {}, r.target), el('td', { class: 'num' }, r.rate),
      el('td', { class: 'num' }, r.minPerWindow), el('td', {}, r.alwaysKeep ? 'yes' : 'no'),
      el('td', {}, el('button', { type: 'button', onclick: () => editRule(r) }, 'edit'), ' ',
        el('button', { type: 'button', class: 'delete', onclick: () => deleteRule(r.target) }, 'delete')))));
  document.getElementById('sampling-window').textContent = s.sampling.window ? '(' + s.sampling.window + ' windows)' : '(no closed window yet)';
  fill(document.querySelector('#sampling-observed tbody'), s.sampling.observed.map(o =>
    el('tr', { 'data-type': o.type }, el('td', {}, o.type), el('td', {}, fmt.time(o.start)),
      el('td', { class: 'num' }, fmt.n(o.kept)), el('td', { class: 'num' }, fmt.n(o.total)),
      el('td', { class: 'num' }, (100 * o.ratio).toFixed(1) + ' %'))));
}

function editRule(r) {
  document.getElementById('rule-target').value = r.target;
  document.getElementById('rule-rate').value = r.rate;
  document.getElementById('rule-min').value = r.minPerWindow;
  document.getElementById('rule-always').checked = r.alwaysKeep;
}

async function change(method, url, body) {
  const response = await fetch(url, { method: method, headers: { 'Content-Type': 'application/json', 'X-Tributary-Console': '1' },
    body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const json = await response.json();
  if (!response.ok) throw new Error(json.error || response.statusText);
  return json;
}

function ruleMessage(text, error) {
  const m = document.getElementById('rule-message');
  m.textContent = text;
  m.className = 'message' + (error ? ' error' : '');
}

async function saveRule(event) {
  event.preventDefault();
  const min = document.getElementById('rule-min').value;
  const rule = { target: document.getElementById('rule-target').value.trim(), rate: Number(document.getElementById('rule-rate').value),
    minPerWindow: min === '' ? 0 : Number(min), alwaysKeep: document.getElementById('rule-always').checked };
  try {
    const rules = await change('POST', 'api/sampling/rules', rule);
    ruleMessage('saved ' + rule.target, false);
    if (state.snapshot) { state.snapshot.sampling.rules = rules; renderSampling(state.snapshot); }
  } catch (e) {
    ruleMessage(e.message, true);
  }
}

async function deleteRule(target) {
  try {
    const rules = await change('DELETE', 'api/sampling/rules?target=' + encodeURIComponent(target));
    ruleMessage('deleted ' + target, false);
    if (state.snapshot) { state.snapshot.sampling.rules = rules; renderSampling(state.snapshot); }
  } catch (e) {
    ruleMessage(e.message, true);
  }
}

function renderWindows(s) {
  const q = document.getElementById('windows-search').value.trim().toLowerCase();
  const { key, desc } = state.windowSort;
  const rows = s.windows.filter(w => !q || w.id.toLowerCase().includes(q)).sort((a, b) => {
    const x = a[key], y = b[key];
    const c = (x === null) - (y === null) || (typeof x === 'string' ? x.localeCompare(y) : x - y);
    return desc ? -c : c;
  });
  fill(document.querySelector('#windows-table tbody'), rows.map(w =>
    el('tr', { 'data-id': w.id, class: 'clickable' + (w.id === state.selectedWindow ? ' selected' : ''), onclick: () => chartWindow(w.id) },
      el('td', { class: 'key' }, w.window + ' ' + w.service + ' / ' + w.type + ' / ' + w.name),
      el('td', {}, fmt.time(w.end)), el('td', { class: 'num count' }, fmt.n(w.count)), el('td', { class: 'num' }, fmt.n(w.errors)),
      el('td', { class: 'num' }, [w.s1xx, w.s2xx, w.s3xx, w.s4xx, w.s5xx].join('/')),
      el('td', { class: 'num' }, fmt.ns(w.p50)), el('td', { class: 'num' }, fmt.ns(w.p90)), el('td', { class: 'num p99' }, fmt.ns(w.p99)),
      el('td', { class: 'num' }, fmt.ns(w.max)), el('td', { class: 'num' }, fmt.n(w.late)))));
}

async function chartWindow(id) {
  state.selectedWindow = id;
  const response = await fetch('api/windows/history?id=' + encodeURIComponent(id), { credentials: 'same-origin' });
  const history = await response.json();
  document.getElementById('window-chart-title').textContent = 'p99 and count of ' + id;
  const data = [history.map(w => w.end / 1000), history.map(w => w.p99 === null ? null : w.p99 / 1e6), history.map(w => w.count)];
  const target = document.getElementById('window-chart');
  if (state.chart) state.chart.destroy();
  target.replaceChildren();
  if (window.uPlot) {
    state.chart = new uPlot({ width: Math.min(900, target.clientWidth || 900), height: 260,
      series: [{}, { label: 'p99 (ms)', stroke: '#2563eb' }, { label: 'count', stroke: '#15803d', scale: 'count' }],
      axes: [{}, { label: 'p99 ms' }, { side: 1, scale: 'count', label: 'count' }] }, data, target);
  }
  target.setAttribute('data-points', String(history.length));
  if (state.snapshot) renderWindows(state.snapshot);
}

function renderSessions(s) {
  const service = document.getElementById('sessions-service').value.trim();
  const tag = document.getElementById('sessions-tag').value.trim();
  fill(document.querySelector('#sessions-table tbody'), s.sessions
    .filter(x => (!service || x.service === service) && (!tag || (x.tag || '') === tag)).map(x =>
      el('tr', { 'data-session': x.sessionId },
        el('td', {}, el('a', { href: '#tail', class: 'session-link', onclick: () => tailSession(x.sessionId) }, x.sessionId)),
        el('td', {}, x.service), el('td', {}, x.tag || ''), el('td', {}, fmt.time(x.startNs / 1e6)),
        el('td', { class: 'num' }, fmt.ns(x.durationNs)), el('td', { class: 'num' }, fmt.n(x.events)),
        el('td', { class: 'num' }, fmt.n(x.calls)), el('td', { class: 'num' }, fmt.n(x.exceptions)),
        el('td', { class: 'num' }, fmt.n(x.httpCalls)), el('td', { class: 'num' }, fmt.n(x.errorStatuses)))));
}

function tailSession(id) {
  document.getElementById('tail-session').value = id;
  renderTail();
}

function renderExports(s) {
  const files = s.exports.files;
  const summary = document.getElementById('files-summary');
  if (!files) {
    summary.textContent = 'This console was not told where the files are (tributary console --exports DIR|s3://...).';
    document.getElementById('verify-button').disabled = true;
  } else {
    summary.textContent = files.location + ': ' + fmt.n(files.flushes) + ' flushes, ' + fmt.n(files.events) + ' events, '
      + fmt.n(files.bytes) + ' bytes' + (files.problem ? ' — ' + files.problem : '');
    renderVerify(files.verify);
    fill(document.querySelector('#ledger-table tbody'), files.latest.map(f =>
      el('tr', {}, el('td', {}, f.exportedAt), el('td', {}, f.topic), el('td', { class: 'num' }, f.partition),
        el('td', { class: 'num' }, f.startOffset + '–' + f.endOffset), el('td', { class: 'num' }, f.files),
        el('td', { class: 'num events' }, fmt.n(f.events)), el('td', { class: 'num' }, fmt.n(f.bytes)),
        el('td', {}, f.format + '/' + f.compression))));
  }
  fill(document.querySelector('#exporters-table tbody'), s.exports.exporters.map(e =>
    el('tr', { 'data-exporter': e.exporter }, el('td', {}, e.component), el('td', {}, e.exporter), el('td', { class: 'num' }, fmt.n(e.written)),
      el('td', { class: 'num' }, fmt.n(e.deadLettered)), el('td', { class: 'num' }, fmt.n(e.retries)),
      el('td', { class: 'num' }, fmt.n(e.pausedPartitions)),
      el('td', {}, Object.entries(e.responses).map(([k, v]) => k + ': ' + v).join(', ')), el('td', {}, e.health))));
}

function renderVerify(v) {
  const result = document.getElementById('verify-result');
  result.setAttribute('data-state', v.state);
  const text = { never: 'not verified yet', running: 'verifying…', failed: 'verify failed: ' + v.error,
    ok: 'OK: ' + v.manifests + ' manifests, ' + v.files + ' files, ' + v.events + ' events (finished ' + v.finished + ')',
    problems: v.problemCount + ' problems in ' + v.manifests + ' manifests (finished ' + v.finished + ')' }[v.state];
  result.textContent = text;
  result.className = v.state === 'ok' ? 'ok' : (v.state === 'problems' || v.state === 'failed') ? 'bad' : '';
  fill(document.getElementById('verify-problems'), (v.problems || []).map(p => el('li', {}, p)));
}

async function verifyNow() {
  try {
    renderVerify(await change('POST', 'api/exports/verify'));
  } catch (e) {
    document.getElementById('verify-result').textContent = e.message;
  }
}

function addTail(entries) {
  if (state.tailPaused || !entries.length) return;
  state.tail.push(...entries);
  if (state.tail.length > state.tailMax) state.tail.splice(0, state.tail.length - state.tailMax);
  const types = document.getElementById('tail-type');
  const known = new Set([...types.options].map(o => o.value));
  for (const e of entries) {
    if (!known.has(e.type)) { types.append(el('option', { value: e.type }, e.type)); known.add(e.type); }
  }
  renderTail();
}

function renderTail() {
  const type = document.getElementById('tail-type').value;
  const service = document.getElementById('tail-service').value.trim();
  const session = document.getElementById('tail-session').value.trim();
  const rows = state.tail.filter(e => (!type || e.type === type) && (!service || e.service === service)
    && (!session || e.sessionId === session)).slice().reverse();
  document.getElementById('tail-count').textContent = rows.length + ' of ' + state.tail.length + ' buffered'
    + (state.tailPaused ? ' (paused)' : '');
  fill(document.querySelector('#tail-table tbody'), rows.map(e =>
    el('tr', { 'data-seq': e.seq }, el('td', {}, fmt.time(e.timeMs)), el('td', {}, e.type), el('td', {}, e.service),
      el('td', {}, e.sessionId || ''), el('td', { class: 'event' }, JSON.stringify(e.event)))));
}

// ---- plumbing ----

function render(s) {
  state.snapshot = s;
  const status = document.getElementById('status');
  status.textContent = s.health;
  status.className = 'status' + (s.health.startsWith('UP') ? '' : ' down');
  renderFlow(s);
  renderLag(s);
  renderDeadLetters(s);
  renderSampling(s);
  renderWindows(s);
  renderSessions(s);
  renderExports(s);
  addTail(s.tail || []);
}

function show(view) {
  state.view = view;
  for (const section of document.querySelectorAll('.view')) section.classList.toggle('active', section.id === 'view-' + view);
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', link.dataset.view === view);
}

function connect() {
  const source = new EventSource('events?tail=0');
  source.addEventListener('snapshot', event => render(JSON.parse(event.data)));
  source.addEventListener('failure', event => {
    const status = document.getElementById('status');
    status.textContent = 'console error: ' + JSON.parse(event.data).error;
    status.className = 'status down';
  });
  source.onerror = () => {
    const status = document.getElementById('status');
    status.textContent = 'disconnected, retrying…';
    status.className = 'status down';
  };
}

document.addEventListener('DOMContentLoaded', () => {
  const fromHash = () => show((location.hash || '#flow').substring(1));
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.getElementById('rule-form').addEventListener('submit', saveRule);
  document.getElementById('verify-button').addEventListener('click', verifyNow);
  document.getElementById('dlq-filter').addEventListener('change', () => state.snapshot && renderDeadLetters(state.snapshot));
  document.getElementById('windows-search').addEventListener('input', () => state.snapshot && renderWindows(state.snapshot));
  for (const th of document.querySelectorAll('#windows-table th[data-sort]')) {
    th.addEventListener('click', () => {
      const key = th.dataset.sort;
      state.windowSort = { key: key, desc: state.windowSort.key === key ? !state.windowSort.desc : true };
      if (state.snapshot) renderWindows(state.snapshot);
    });
  }
  for (const id of ['sessions-service', 'sessions-tag']) {
    document.getElementById(id).addEventListener('input', () => state.snapshot && renderSessions(state.snapshot));
  }
  for (const id of ['tail-type', 'tail-service', 'tail-session']) {
    document.getElementById(id).addEventListener(id === 'tail-type' ? 'change' : 'input', renderTail);
  }
  document.getElementById('tail-pause').addEventListener('click', event => {
    state.tailPaused = !state.tailPaused;
    event.target.textContent = state.tailPaused ? 'Resume' : 'Pause';
    renderTail();
  });
  connect();
});
