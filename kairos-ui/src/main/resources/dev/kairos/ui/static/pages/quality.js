// Data quality: validation runs per source and the quarantined batches with their reports.
import {h, api, empty, failure, table, td, time, num, code} from '../lib.js';

function failingList(failing) {
  if (!failing || !failing.length) return h('span', {class: 'muted'}, 'none');
  return h('ul', {}, failing.map((f) => h('li', {},
    h('span', {class: 'mono'}, f.expectation), f.kwargs && f.kwargs.column ? ` on ${f.kwargs.column}` : '',
    f.observed_value !== null && f.observed_value !== undefined ? [': observed ', h('span', {class: 'mono'}, JSON.stringify(f.observed_value))] : '',
    f.unexpected_count != null ? ` (${num(f.unexpected_count)} unexpected, ${num(f.unexpected_percent, 2)}%` +
      (f.example_lines && f.example_lines.length ? `, e.g. lines ${f.example_lines.slice(0, 5).join(', ')}` : '') + ')' : '')));
}

export async function render(root) {
  root.append(h('h1', {}, 'Data quality'));
  let q;
  try {
    q = await api('/v1/ui/quality');
  } catch (e) {
    root.append(failure('the validation runs', e));
    return;
  }
  root.append(h('h2', {}, 'Quarantined batches'));
  if (!q.quarantine.length) {
    root.append(empty('No batch was rejected.', 'A file that fails its source\'s suite is kept in data/quarantine with its report; nothing of it is ingested.'));
  } else {
    root.append(table(['Batch', 'Source', 'Rejected', 'Rows', 'Failing expectations', 'Report'],
      q.quarantine.map((b) => h('tr', {'data-batch': b.file},
        td(b.file, 'mono'), td(b.source), td(b.report ? time(b.report.run_time) : '—'),
        td(b.report ? num(b.report.rows) : '—', 'num'), td(b.report ? failingList(b.report.failing) : '—'),
        td(b.report_text ? h('details', {}, h('summary', {}, 'text report'), h('pre', {class: 'report'}, b.report_text)) : '—'))),
      {id: 'quarantine-table'}));
  }
  root.append(h('h2', {}, 'Validation runs'));
  if (!q.sources.length) {
    root.append(empty('No sources defined.', 'Add sources to features/*.yaml and run ', code('kairos apply'), '.'));
  }
  for (const s of q.sources) {
    root.append(h('h3', {}, 'Source ', h('span', {class: 'mono'}, s.source)));
    if (!s.validation && !s.runs.length) {
      root.append(empty(`Source ${s.source} declares no expectation suite, so its batches are not validated.`,
        'Profile a good file with ', code(`kairos profile FILE --output suites/${s.source}.json`),
        ' and add ', code(`validation: suites/${s.source}.json`), ' to the source.'));
      continue;
    }
    if (!s.runs.length) {
      root.append(empty(`No batch of ${s.source} was validated yet.`, 'Ingest one: ', code(`kairos ingest ${s.source} FILE`), '.'));
      continue;
    }
    root.append(table(['Run', 'Outcome', 'Batch', {label: 'Rows', cls: 'num'}, 'Expectations passed', 'Failing expectations (observed)'],
      s.runs.map((r) => h('tr', {'data-source': s.source, 'data-success': String(r.success)},
        td(time(r.run_time)), td(h('span', {class: 'badge ' + (r.success ? 'ok' : 'bad')}, r.success ? 'passed' : 'rejected')),
        td(r.batch, 'mono'), td(num(r.rows), 'num'),
        td(`${r.statistics.successful_expectations} of ${r.statistics.evaluated_expectations}`),
        td(r.read_error ? h('span', {}, 'unreadable: ', r.read_error) : failingList(r.failing))))));
  }
}
