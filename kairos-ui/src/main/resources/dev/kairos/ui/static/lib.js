// Shared helpers of the dashboard's pages: element building, JSON calls, times, states, charts.
import uPlot from './vendor/uplot/uPlot.esm.js';

/** Builds an element: h('td', {class: 'num'}, 'text', child, ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** An error of a JSON endpoint: its HTTP status and the server's reason. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET (or POST with a JSON body) a Kairos endpoint; rejects with an ApiError carrying the reason. */
export async function api(path, body) {
  const init = body === undefined ? {} : {
    method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body),
  };
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'the server did not answer (' + e.message + '); is kairos serve running?');
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
  if (!res.ok) throw new ApiError(res.status, (json && json.error) || text || res.statusText);
  return json;
}

let capabilitiesPromise = null;
/** Which optional routes the server mounts (analytics, predict, skew, agent); asked once. */
export function capabilities() {
  if (!capabilitiesPromise) capabilitiesPromise = api('/v1/ui/capabilities');
  return capabilitiesPromise;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** "2026-12-05 12:00:01 UTC" from an instant (ISO text, epoch ms or Date). */
export function utc(t) {
  const d = t instanceof Date ? t : new Date(t);
  if (isNaN(d)) return String(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} `
    + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** "2026-12-05 13:00:01 local" */
export function local(t) {
  const d = t instanceof Date ? t : new Date(t);
  if (isNaN(d)) return String(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `
    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} local`;
}

/** A <time> showing UTC and local time, or a dash for no time. */
export function time(t) {
  if (t === null || t === undefined || t === '') return h('span', {class: 'muted'}, '—');
  const d = new Date(t);
  if (isNaN(d)) return h('span', {}, String(t));
  return h('time', {datetime: d.toISOString(), title: local(d)}, utc(d), h('br'),
    h('span', {class: 'muted'}, local(d)));
}

/** How long ago, e.g. "3 h 12 min". */
export function age(ms) {
  if (ms === null || ms === undefined || !isFinite(ms)) return '—';
  const s = Math.round(Math.abs(ms) / 1000);
  const sign = ms < 0 ? 'in ' : '';
  if (s < 60) return sign + s + ' s';
  if (s < 3600) return sign + Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  if (s < 86400 * 2) return sign + Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  return sign + Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
}

export function num(v, digits = 2) {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: 0});
}

/** An empty state: what is missing and what to do about it (may contain <code> parts). */
export function empty(message, ...todo) {
  return h('div', {class: 'empty', role: 'status'}, h('strong', {}, message),
    todo.length ? h('p', {}, ...todo) : null);
}

/** An error state with the server's reason. */
export function failure(what, err) {
  const reason = err instanceof ApiError ? err.message : String(err && err.message || err);
  return h('div', {class: 'error', role: 'alert'}, h('strong', {}, 'Could not load ' + what + ': '),
    reason, h('p', {}, 'Check that kairos serve is running on this address and look at its log; ',
      'reload the page to try again.'));
}

export const code = (text) => h('code', {}, text);

/** A table from column headers and rows of cells (strings, numbers or nodes). */
export function table(headers, rows, attrs = {}) {
  return h('div', {class: 'table-wrap'}, h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map((c) =>
      typeof c === 'string' ? h('th', {scope: 'col'}, c) : h('th', {scope: 'col', class: c.cls}, c.label)))),
    h('tbody', {}, rows.map((r) => r instanceof Node ? r : h('tr', {}, r.map((c) =>
      c instanceof Node && c.tagName === 'TD' ? c : h('td', {}, c)))))));
}

export const td = (v, cls) => h('td', {class: cls}, v);

const PALETTE = ['#2457c5', '#d1495b', '#edae49', '#00798c', '#66a182', '#8d6a9f', '#30638e', '#e07a5f'];

/**
 * A uPlot line chart in a <figure>: x is time in seconds (or a category index with xLabels),
 * series is [{label, values}]. The figure carries data-nonzero, the count of non-zero values.
 */
export function lineChart(name, caption, xs, series, opts = {}) {
  const fig = h('figure', {class: 'chart', 'data-chart': name},
    h('figcaption', {}, caption));
  let nonzero = 0;
  for (const s of series) for (const v of s.values) if (v !== null && v !== undefined && v !== 0) nonzero++;
  fig.dataset.nonzero = String(nonzero);
  fig.dataset.points = String(xs.length);
  if (xs.length === 0) {
    fig.append(h('p', {class: 'muted'}, opts.emptyText || 'No data yet.'));
    return {fig, update() {}, destroy() {}};
  }
  const plotEl = h('div', {role: 'img', 'aria-label': caption});
  fig.append(plotEl);
  const width = () => Math.max(320, (fig.clientWidth || opts.width || 600) - 18);
  const u = new uPlot({
    width: width(), height: opts.height || 220,
    scales: {x: {time: opts.time !== false}},
    axes: [
      opts.xLabels ? {values: (u, splits) => splits.map((i) => opts.xLabels[Math.round(i)] ?? '')} : {},
      {label: opts.yLabel || '', size: 60},
    ],
    series: [{}, ...series.map((s, i) => ({
      label: s.label, stroke: s.color || PALETTE[i % PALETTE.length], width: 1.5, spanGaps: false,
      points: {show: xs.length < 40},
    }))],
  }, [xs, ...series.map((s) => s.values)], plotEl);
  // uPlot spans a single time point over 1,000 days (its default assumes milliseconds): centre one
  // point (a single check, one hour) in an hour instead.
  const single = (x) => {
    if (x.length === 1) {
      const pad = opts.time === false ? 0.5 : 1800;
      u.setScale('x', {min: x[0] - pad, max: x[0] + pad});
    }
  };
  single(xs);
  requestAnimationFrame(() => { u.setSize({width: width(), height: opts.height || 220}); single(xs); });
  return {
    fig,
    update(newXs, newSeries) {
      let nz = 0;
      for (const s of newSeries) for (const v of s.values) if (v !== null && v !== undefined && v !== 0) nz++;
      fig.dataset.nonzero = String(nz);
      fig.dataset.points = String(newXs.length);
      u.setData([newXs, ...newSeries.map((s) => s.values)]);
      single(newXs);
    },
    destroy() { u.destroy(); },
  };
}

/** A horizontal bar chart of signed values (e.g. SHAP contributions) in plain HTML. */
export function bars(name, caption, items) {
  const max = Math.max(1e-9, ...items.map((i) => Math.abs(i.value)));
  return h('figure', {class: 'chart', 'data-chart': name, 'data-nonzero': items.filter((i) => i.value).length},
    h('figcaption', {}, caption),
    h('div', {class: 'bars', role: 'list'}, items.map((i) => [
      h('span', {class: 'mono', role: 'listitem'}, i.label),
      h('div', {class: 'bar-track', 'aria-hidden': 'true'}, h('div', {class: 'bar-axis'}),
        h('div', {class: 'bar ' + (i.value >= 0 ? 'pos' : 'neg'),
          style: `width:${(Math.abs(i.value) / max) * 50}%`})),
      h('span', {class: 'num mono'}, (i.value >= 0 ? '+' : '') + i.value.toFixed(3)),
    ])));
}
