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
  if (caps.skew_check) await checkForm(root);
  let r;
  try {
    r = await api('/v1/skew?limit=200');
  } catch (e) {
    root.append(failure('the skew checks', e));
    return;
  }
  if (!r.services.length) {
    root.append(empty('No skew check was run yet.', 'Serve some requests of a logged service, then run a check with the button above or ',
      code('kairos skew --server URL --service fraud_detection_v1'), '; each run adds a point here.'));
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

/** "Run a check now": POST /v1/skew/check for a logged service over the last hours, then redraw. */
async function checkForm(root) {
  let reg;
  try {
    reg = await api('/v1/ui/registry');
  } catch (e) {
    return; // no definitions yet: nothing is logged
  }
  const logged = reg.services.filter((s) => s.log_sample_rate > 0).map((s) => s.name);
  if (!logged.length) return;
  const service = h('select', {id: 'check-service'}, logged.map((n) => h('option', {value: n}, n)));
  const hours = h('select', {id: 'check-hours'}, [1, 6, 24, 168].map((x) =>
    h('option', {value: String(x), selected: x === 24}, x === 168 ? 'the last 7 days' : `the last ${x} h`)));
  const go = h('button', {type: 'submit', id: 'check-go'}, 'Run a check now');
  const status = h('div', {id: 'check-status', role: 'status'});
  async function run(e) {
    e.preventDefault();
    go.disabled = true;
    status.replaceChildren(h('p', {class: 'hint'}, `Checking ${service.value}: recomputing every logged row of the range…`));
    try {
      // The range ends at the server's clock, which stamped the logged requests, not this browser's.
      await api('/v1/skew/check', {service: service.value, hours: Number(hours.value)});
      if (root.isConnected) location.hash = '#/skew?checked=' + Date.now(); // else the user moved on
    } catch (err) {
      status.replaceChildren(failure('the check', err));
      go.disabled = false;
    }
  }
  root.append(h('form', {class: 'controls', onsubmit: run},
    h('label', {for: 'check-service'}, 'Logged service', service),
    h('label', {for: 'check-hours'}, 'Requests of', hours), go), status);
}
