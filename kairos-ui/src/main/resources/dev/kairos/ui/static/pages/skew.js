// Skew: the stored training/serving skew checks per service, as a chart over time.
import {h, api, capabilities, empty, failure, lineChart, table, td, time, num, code} from '../lib.js';

export async function render(root) {
  root.append(h('h1', {}, 'Training/serving skew'));
  const caps = await capabilities();
  if (!caps.skew) {
    root.append(empty('This server keeps no skew checks.', 'Log a feature service (', code('logging: {sample_rate: 0.1}'),
      ') and run ', code('kairos skew --service NAME'), '.'));
    return;
  }
  let r;
  try {
    r = await api('/v1/skew?limit=200');
  } catch (e) {
    root.append(failure('the skew checks', e));
    return;
  }
  if (!r.services.length) {
    root.append(empty('No skew check was run yet.', 'Serve some requests of a logged service, then run ',
      code('kairos skew --service fraud_detection_v1'), '; each run adds a point here.'));
    return;
  }
  for (const s of r.services) {
    const checks = s.checks;
    const latest = checks[checks.length - 1];
    root.append(h('h2', {}, 'Service ', h('span', {class: 'mono'}, s.service)));
    root.append(h('div', {class: 'grid'}, lineChart('skew-' + s.service, 'Mismatch rate per check (%)',
      checks.map((c) => Date.parse(c.checked_at) / 1000),
      [{label: 'mismatch rate %', values: checks.map((c) => c.mismatch_rate * 100)}], {yLabel: '%'}).fig));
    const hours = latest.hours || [];
    root.append(h('div', {class: 'grid'}, lineChart('skew-hours-' + s.service,
      'Latest check by request hour: logged rows and rows with a mismatch',
      hours.map((x) => Date.parse(x.hour) / 1000),
      [{label: 'rows', values: hours.map((x) => x.rows)}, {label: 'mismatches', values: hours.map((x) => x.mismatches)}],
      {yLabel: 'rows'}).fig));
    root.append(h('h3', {}, 'Latest check'), h('p', {class: 'skew-latest', 'data-service': s.service,
      'data-rows': String(latest.rows), 'data-mismatches': String(latest.mismatches), 'data-checks': String(checks.length)},
      'Checked ', time(latest.checked_at), ` over ${num(latest.rows)} logged rows: `,
      `${num(latest.mismatches)} mismatches, ${num(latest.late)} late.`),
    table(['Feature', {label: 'Compared', cls: 'num'}, {label: 'Mismatches', cls: 'num'}, {label: 'sMAPE', cls: 'num'}],
      latest.features.map((f) => h('tr', {'data-feature': f.feature}, td(f.feature, 'mono'), td(num(f.total), 'num'),
        td(num(f.mismatches), 'num'), td(f.smape == null ? '—' : num(f.smape, 4), 'num')))));
  }
}
