// Freshness: per view the last materialization and the watermark; stream lag and freshness.
import {h, api, empty, failure, table, td, time, age, num, code} from '../lib.js';

export async function render(root) {
  root.append(h('h1', {}, 'Freshness'));
  let f;
  try {
    f = await api('/v1/ui/freshness');
  } catch (e) {
    root.append(e.status === 404 ? empty('No definitions applied yet.', 'Run ', code('kairos apply'), ' first.') : failure('freshness', e));
    return;
  }
  const now = Date.parse(f.now);
  root.append(h('p', {class: 'hint'}, 'As of ', time(f.now), '. A materialization copies the latest offline rows of an interval into the online store; the watermark is where the next incremental run starts.'));
  const never = f.views.filter((v) => v.online && !v.last_run && !v.watermark);
  if (never.length === f.views.length && f.views.length) {
    root.append(empty('No view was materialized yet.', 'Run ', code('kairos materialize-incremental NOW'),
      ' or ', code('kairos materialize START END'), ' to fill the online store.'));
  }
  root.append(table(['View', 'Kind', 'Last materialization (interval)', 'Rows', 'Finished', 'Age', 'Watermark', 'Latest event streamed'],
    f.views.map((v) => h('tr', {'data-view': v.view},
      td(v.view, 'mono'), td(h('span', {class: 'badge'}, v.kind + (v.online ? '' : ', offline only'))),
      td(v.last_run ? h('span', {}, time(v.last_run.start), ' → ', time(v.last_run.end)) : (v.online ? 'never' : '—')),
      td(v.last_run ? num(v.last_run.rows) : '—', 'num'),
      td(v.last_run ? time(v.last_run.finished_at) : '—'),
      td(v.last_run ? age(now - Date.parse(v.last_run.finished_at)) + ' ago' : '—'),
      td(v.watermark ? time(v.watermark) : '—'),
      td(v.stream_last_event_time ? h('span', {}, time(v.stream_last_event_time), ' (', age(now - Date.parse(v.stream_last_event_time)), ' behind)') : '—'))),
    {id: 'freshness-table'}));
  root.append(h('h2', {}, 'Streams'));
  if (!f.streams.length) {
    root.append(empty('No stream runs in this server.', 'Start one with ', code('kairos serve --stream'),
      ' (or ', code('kairos stream'), ' in its own process; its lag is then on that process\'s /metrics).'));
  } else {
    root.append(table(['Source', {label: 'Consumer lag (records)', cls: 'num'}, {label: 'Events', cls: 'num'},
      {label: 'Freshness p50 ms', cls: 'num'}, {label: 'p99 ms', cls: 'num'}, {label: 'p99.9 ms', cls: 'num'}],
      f.streams.map((s) => [s.source, td(num(s.lag_records), 'num'), td(num(s.events), 'num'),
        td(num(s.freshness_ms.p50, 1), 'num'), td(num(s.freshness_ms.p99, 1), 'num'), td(num(s.freshness_ms.p999, 1), 'num')])));
  }
}
