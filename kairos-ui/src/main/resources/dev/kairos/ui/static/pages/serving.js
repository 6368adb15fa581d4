// Serving: live latency percentiles and throughput per endpoint, entity rows, errors, store reads.
import {h, api, empty, failure, lineChart, table, td, num, code} from '../lib.js';

const WINDOW_MS = 15 * 60 * 1000;

export async function render(root) {
  root.append(h('h1', {}, 'Serving'),
    h('p', {class: 'hint'}, 'Each point is one second of the server\'s own histograms: the percentiles of the ',
      'requests answered in that second, not averages since the start. Last 15 minutes; updated every second.'));
  const status = h('div', {id: 'serving-status'});
  const summary = h('div', {id: 'serving-summary'});
  const charts = h('div', {class: 'grid', id: 'serving-charts'});
  root.append(status, summary, charts);

  let points = [];
  let last = 0;
  let built = null; // the endpoint list the charts were built for
  let handles = [];
  let timer = null;
  let stopped = false;

  function columns() {
    const xs = points.map((p) => p.t / 1000);
    const endpoints = [...new Set(points.flatMap((p) => Object.keys(p.endpoints)))].sort();
    const kinds = [...new Set(points.flatMap((p) => Object.keys(p.errors)))].sort();
    const ep = (name, field) => points.map((p) => p.endpoints[name] ? p.endpoints[name][field] : (field === 'rps' ? 0 : null));
    const specs = [];
    for (const e of endpoints) {
      specs.push({name: 'latency-' + e, caption: `Latency of ${e} (ms)`, yLabel: 'ms', series: [
        {label: 'p50', values: ep(e, 'p50_ms')}, {label: 'p99', values: ep(e, 'p99_ms')},
        {label: 'p99.9', values: ep(e, 'p999_ms')}]});
    }
    specs.push({name: 'rps', caption: 'Requests per second by endpoint', yLabel: 'req/s',
      series: endpoints.map((e) => ({label: e, values: ep(e, 'rps')}))});
    specs.push({name: 'entity-rows', caption: 'Entity rows per second', yLabel: 'rows/s',
      series: [{label: 'entity rows/s', values: points.map((p) => p.entity_rows_per_s)}]});
    specs.push({name: 'errors', caption: 'Errors by kind (per second)', yLabel: 'errors',
      series: kinds.length ? kinds.map((k) => ({label: k, values: points.map((p) => p.errors[k] || 0)}))
        : [{label: 'errors', values: points.map(() => 0)}]});
    const st = (f) => points.map((p) => p.online_store ? p.online_store[f] : null);
    specs.push({name: 'online-store', caption: 'Online store read latency (ms)', yLabel: 'ms', series: [
      {label: 'p50', values: st('p50_ms')}, {label: 'p99', values: st('p99_ms')}, {label: 'p99.9', values: st('p999_ms')}]});
    return {xs, endpoints, kinds, specs};
  }

  function draw() {
    const {xs, endpoints, kinds, specs} = columns();
    const key = endpoints.join(',') + '|' + kinds.join(',') + '|' + (xs.length > 0);
    if (key !== built) {
      handles.forEach((c) => c.destroy());
      charts.replaceChildren();
      handles = specs.map((s) => lineChart(s.name, s.caption, xs, s.series, {yLabel: s.yLabel}));
      handles.forEach((c) => charts.append(c.fig));
      built = key;
    } else {
      specs.forEach((s, i) => handles[i].update(xs, s.series));
    }
    if (points.length === 0) {
      status.replaceChildren(empty('Collecting the first samples…', 'The server samples its meters once a second.'));
    } else if (endpoints.length === 0) {
      status.replaceChildren(empty('No requests in the last 15 minutes.',
        'Send some, e.g. ', code(`curl -s "${location.origin}/v1/features/SERVICE?user_id=1001"`),
        ' (the Lookup page does the same), and the charts fill in within a second.'));
    } else {
      status.replaceChildren();
    }
    const lastOf = (e) => [...points].reverse().find((p) => p.endpoints[e]);
    summary.replaceChildren(endpoints.length ? table(
      ['Endpoint', {label: 'Requests/s (last second with traffic)', cls: 'num'}, {label: 'p50 ms', cls: 'num'},
        {label: 'p99 ms', cls: 'num'}, {label: 'p99.9 ms', cls: 'num'}, {label: 'Requests in 15 min', cls: 'num'}],
      endpoints.map((e) => {
        const l = lastOf(e).endpoints[e];
        const total = points.reduce((s, p) => s + (p.endpoints[e] ? p.endpoints[e].rps * 1 : 0), 0);
        return h('tr', {'data-endpoint': e}, td(e, 'mono'), td(num(l.rps, 1), 'num'), td(num(l.p50_ms, 3), 'num'),
          td(num(l.p99_ms, 3), 'num'), td(num(l.p999_ms, 3), 'num'), td(num(Math.round(total)), 'num'));
      }), {id: 'serving-table'}) : '');
  }

  async function poll() {
    if (stopped) return;
    if (document.hidden) { // a background tab asks nothing; the history waits on the server
      timer = setTimeout(poll, 1000);
      return;
    }
    try {
      const r = await api('/v1/ui/serving?since=' + last);
      if (r.points.length) {
        points = points.concat(r.points);
        last = points[points.length - 1].t;
        const cutoff = last - WINDOW_MS;
        points = points.filter((p) => p.t > cutoff);
      }
      draw();
    } catch (e) {
      status.replaceChildren(failure('the serving metrics', e));
    }
    if (!stopped) timer = setTimeout(poll, 1000);
  }

  await poll();
  return {stop() { stopped = true; clearTimeout(timer); handles.forEach((c) => c.destroy()); }};
}
