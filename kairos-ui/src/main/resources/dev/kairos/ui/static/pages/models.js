// Models: training runs with metrics and plots, a comparison of two runs, versions and aliases.
import {h, api, empty, failure, table, td, time, num, code} from '../lib.js';

const KEY_METRICS = ['test.roc_auc', 'test.pr_auc', 'test.precision', 'test.recall', 'test.f1', 'test.rows'];
const short = (id) => id.slice(0, 8);

export async function render(root, params) {
  root.append(h('h1', {}, 'Models'));
  let m;
  try {
    m = await api('/v1/ui/models');
  } catch (e) {
    root.append(failure('the runs and models', e));
    return;
  }
  root.append(h('h2', {}, 'Model versions and aliases'));
  if (!m.models.length) {
    root.append(empty('No model registered yet.', 'Train one: ',
      code('kairos train --service fraud_detection_v1 --labels tx.csv --label is_fraud --model fraud'), '.'));
  } else {
    for (const model of m.models) {
      if (!Object.keys(model.aliases).length) {
        root.append(empty(`No version of ${model.name} is promoted yet, so nothing scores with it.`, 'Run ',
          code(`kairos models promote ${model.name} ${model.versions[0].version} --alias champion`), '.'));
      }
      root.append(table(['Model', 'Version', 'Aliases', 'Created', 'Service', 'Threshold', 'Inputs', 'Run'],
        model.versions.map((v) => h('tr', {'data-model': model.name, 'data-version': v.version},
          td(model.name, 'mono'), td(String(v.version), 'num'),
          td(v.aliases.length ? v.aliases.map((a) => h('span', {class: 'badge ok'}, a)) : '—'),
          td(time(v.created_at)), td(v.service, 'mono'), td(`${num(v.threshold, 4)} (${v.threshold_rule})`),
          td(String(v.inputs), 'num'), td(short(v.run_id), 'mono'))), {id: 'versions-table'}));
    }
  }

  root.append(h('h2', {}, 'Training runs'));
  if (!m.runs.length) {
    root.append(empty('No training runs yet.', 'Run ', code('kairos train --service SERVICE --labels FILE --label COLUMN --model NAME'), '.'));
    return;
  }
  root.append(table(['Run', 'Model', 'Status', 'Started', 'Service (registry version)',
    ...KEY_METRICS.map((k) => ({label: k, cls: 'num'}))],
  m.runs.map((r) => h('tr', {'data-run': r.id},
    td(short(r.id), 'mono'), td(r.model || '—'), td(h('span', {class: 'badge ' + (r.status === 'FINISHED' ? 'ok' : r.status === 'FAILED' ? 'bad' : 'warn')}, r.status)),
    td(time(r.start_time)), td(r.lineage ? `${r.lineage.service} (v${r.lineage.registry_version})` : '—'),
    ...KEY_METRICS.map((k) => td(num(r.metrics[k], 4), 'num')))), {id: 'runs-table'}));

  const options = (sel) => m.runs.map((r) => h('option', {value: r.id, selected: r.id === sel}, `${short(r.id)} · ${r.model || ''} · ${r.start_time.slice(0, 19)}Z`));
  const plotRun = h('select', {id: 'plot-run'}, options(params.get('run') || m.runs[0].id));
  const plots = h('div', {class: 'grid', id: 'plots'});
  function showPlots() {
    const r = m.runs.find((x) => x.id === plotRun.value);
    plots.replaceChildren(...(r.plots.length ? r.plots.map((p) => h('figure', {class: 'chart'},
      h('figcaption', {}, {roc: 'ROC curve (test split)', pr: 'Precision-recall (test split)', importance: 'Feature importance (gain)'}[p] || p),
      h('img', {class: 'plot', src: `/v1/ui/runs/${r.id}/plots/${p}`, alt: `${p} plot of run ${short(r.id)}`}))) :
      [empty('This run has no plots.', 'Plots are written by kairos train when a run finishes.')]));
  }
  plotRun.addEventListener('change', showPlots);
  root.append(h('h2', {}, 'Plots'), h('form', {class: 'controls', onsubmit: (e) => e.preventDefault()},
    h('label', {for: 'plot-run'}, 'Run', plotRun)), plots);
  showPlots();

  const a = h('select', {id: 'compare-a'}, options(m.runs[Math.min(1, m.runs.length - 1)].id));
  const b = h('select', {id: 'compare-b'}, options(m.runs[0].id));
  const out = h('div', {id: 'compare-result'});
  function compare(e) {
    if (e) e.preventDefault();
    const ra = m.runs.find((x) => x.id === a.value);
    const rb = m.runs.find((x) => x.id === b.value);
    const keys = [...new Set([...Object.keys(ra.metrics), ...Object.keys(rb.metrics)])].filter((k) => k.startsWith('test.') || k.startsWith('validation.')).sort();
    const pkeys = [...new Set([...Object.keys(ra.params), ...Object.keys(rb.params)])].sort();
    out.replaceChildren(table(['Metric', {label: short(ra.id), cls: 'num'}, {label: short(rb.id), cls: 'num'}, {label: 'Difference (B − A)', cls: 'num'}],
      keys.map((k) => [h('span', {class: 'mono'}, k), td(num(ra.metrics[k], 4), 'num'), td(num(rb.metrics[k], 4), 'num'),
        td(ra.metrics[k] != null && rb.metrics[k] != null ? num(rb.metrics[k] - ra.metrics[k], 4) : '—', 'num')])),
    h('h3', {}, 'Parameters'),
    table(['Parameter', short(ra.id), short(rb.id)], pkeys.map((k) => h('tr', {class: ra.params[k] !== rb.params[k] ? 'changed' : ''},
      td(k, 'mono'), td(ra.params[k] ?? '—'), td(rb.params[k] ?? '—')))));
  }
  root.append(h('h2', {}, 'Compare two runs'), h('form', {class: 'controls', onsubmit: compare},
    h('label', {for: 'compare-a'}, 'Run A', a), h('label', {for: 'compare-b'}, 'Run B', b),
    h('button', {type: 'submit', id: 'compare-go'}, 'Compare')), out);
  compare();
}
