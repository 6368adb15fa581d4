// Lookup: a user's online features (status and age), and the champion's score of a transaction.
import {h, api, capabilities, empty, failure, table, td, time, age, num, bars, code} from '../lib.js';

const fmt = (v) => v === null || v === undefined ? '—' : typeof v === 'number' ? num(v, 4) : String(v);

export async function render(root, params) {
  root.append(h('h1', {}, 'Lookup'));
  let reg;
  let models;
  let caps;
  try {
    [reg, models, caps] = await Promise.all([api('/v1/ui/registry'), api('/v1/ui/models'), capabilities()]);
  } catch (e) {
    root.append(e.status === 404 ? empty('No definitions applied yet.', 'Run ', code('kairos apply'), ' first.') : failure('the registry', e));
    return;
  }
  const userEntity = reg.entities.find((e) => e.name === 'user') || reg.entities[0];
  if (!userEntity) {
    root.append(empty('The registry defines no entity to look up.', 'Define one in features/entities.yaml and run ', code('kairos apply'), '.'));
    return;
  }
  const key = userEntity.join_keys[0];
  const userViews = reg.views.filter((v) => v.online && v.entities.length === 1 && v.entities[0] === userEntity.name);
  const refs = userViews.flatMap((v) => v.features.map((f) => `${v.name}:${f.name}`));

  const champion = models.models.map((m) => ({m, v: m.aliases.champion})).find((x) => x.v !== undefined);
  const service = champion ? reg.services.find((s) => s.name === champion.m.versions.find((v) => v.version === champion.v).service) : null;
  const serviceViews = service ? [...new Set(service.features.map((r) => r.split(':')[0]))].map((n) => reg.views.find((v) => v.name === n)).filter((v) => v) : [];
  const joinKeys = [...new Set(serviceViews.flatMap((v) => v.entities))].map((n) => reg.entities.find((e) => e.name === n))
    .flatMap((e) => e.join_keys.map((k) => ({name: k, type: e.type}))).filter((k) => k.name !== key);
  const requestFields = serviceViews.filter((v) => v.kind === 'request-time').flatMap((v) => v.request || []);
  const txFields = [...joinKeys, ...requestFields.filter((f) => !joinKeys.some((k) => k.name === f.name))];

  const userInput = h('input', {id: 'lookup-user', name: key, type: 'text', inputmode: 'numeric', required: true, value: params.get(key) || '', autocomplete: 'off'});
  const txInputs = txFields.map((f) => ({f, el: h('input', {id: 'tx-' + f.name, name: f.name, type: 'text', value: params.get(f.name) || ''})}));
  const out = h('div', {id: 'lookup-result'});
  const txForm = h('fieldset', {class: 'card', id: 'tx-fields'},
    h('legend', {}, 'Transaction to score (optional)'),
    champion ? h('p', {class: 'hint'}, `Scored by ${champion.m.name} v${champion.v} (alias champion) over service ${service ? service.name : '?'}. `,
      'Fields the user\'s last transaction has are filled in after a lookup; leave any empty to only look the features up.')
      : empty('No model promoted yet, so there is nothing to score with.', 'Run ', code('kairos models promote MODEL VERSION --alias champion'), ' (after ', code('kairos train'), ').'),
    h('div', {class: 'controls'}, txInputs.map(({f, el}) => h('label', {for: el.id}, `${f.name} (${f.type})`, el))));
  const form = h('form', {id: 'lookup-form'},
    h('div', {class: 'controls'}, h('label', {for: 'lookup-user'}, `User (${key})`, userInput)),
    (!champion || caps.predict) ? txForm : null,
    h('button', {type: 'submit', id: 'lookup-go'}, 'Look up'));
  root.append(form, out);

  const parse = (f, text) => (/INT|DOUBLE|FLOAT/.test(f.type) && text !== '' && !isNaN(Number(text))) ? Number(text) : text;

  async function lookup(e) {
    if (e) e.preventDefault();
    const id = userInput.value.trim();
    if (!/^-?\d+$/.test(id) && userEntity.type.startsWith('INT')) {
      out.replaceChildren(h('div', {class: 'error', role: 'alert'}, `${key} must be a whole number, not "${id}".`));
      return;
    }
    const idValue = userEntity.type.startsWith('INT') ? Number(id) : id;
    out.replaceChildren(h('p', {class: 'loading'}, 'Looking up…'));
    const parts = [];
    const scoreParts = [];
    let values = {};
    try {
      const r = await api('/get-online-features', {features: refs, entities: {[key]: [idValue]}, full_feature_names: true});
      const names = r.metadata.feature_names;
      const now = Date.now();
      const rows = [];
      names.forEach((n, i) => {
        if (i === 0) return; // the join key
        const res = r.results[i];
        const ref = refs[i - 1];
        values[ref.split(':')[1]] = res.values[0];
        const ts = res.event_timestamps[0];
        const known = res.statuses[0] !== 'NOT_FOUND';
        rows.push(h('tr', {'data-feature': ref},
          td(ref, 'mono'), td(fmt(res.values[0]), 'num mono'),
          td(h('span', {class: 'badge ' + (res.statuses[0] === 'PRESENT' ? 'ok' : res.statuses[0] === 'NOT_FOUND' ? 'bad' : 'warn')}, res.statuses[0])),
          td(known ? time(ts) : '—'), td(known ? age(now - Date.parse(ts)) : '—')));
      });
      const found = r.results.slice(1).some((x) => x.statuses[0] !== 'NOT_FOUND');
      parts.push(h('h2', {}, `Features of ${key} ${id}`));
      if (!found) parts.push(empty(`No online features for ${key} ${id}.`, 'Check the id, or materialize: ', code('kairos materialize-incremental NOW'), '.'));
      parts.push(table(['Feature', {label: 'Value', cls: 'num'}, 'Status', 'Event time', 'Age'], rows, {id: 'features-table'}));
    } catch (err) {
      out.replaceChildren(failure('the features', err));
      return;
    }
    for (const {f, el} of txInputs) {
      if (el.value === '' && values[f.name] !== undefined && values[f.name] !== null) el.value = String(values[f.name]);
    }
    const complete = champion && caps.predict && txInputs.every(({el}) => el.value.trim() !== '');
    if (champion && caps.predict && !complete) {
      scoreParts.push(empty('Not scored: the transaction is incomplete.', 'Fill in ',
        txInputs.filter(({el}) => el.value.trim() === '').map(({f}) => f.name).join(', '), ' above and press Look up again.'));
    }
    if (complete) {
      const entities = {[key]: [idValue]};
      const request = {};
      for (const {f, el} of txInputs) {
        if (joinKeys.some((k) => k.name === f.name)) entities[f.name] = [parse(f, el.value.trim())];
        else request[f.name] = [parse(f, el.value.trim())];
      }
      try {
        const p = await api('/v1/predict/' + encodeURIComponent(champion.m.name), {entities, request_data: request, top: 10});
        const pr = p.predictions[0];
        scoreParts.push(h('h2', {}, 'Score'), h('div', {class: 'kpis', id: 'score'},
          h('div', {class: 'kpi'}, h('div', {class: 'k'}, 'Fraud probability'), h('div', {class: 'v score', id: 'score-probability'}, pr.probability.toFixed(4))),
          h('div', {class: 'kpi'}, h('div', {class: 'k'}, 'Decision'), h('div', {class: 'v', id: 'score-decision'},
            h('span', {class: 'badge ' + (pr.decision ? 'bad' : 'ok')}, pr.decision ? 'FRAUD' : 'LEGIT'))),
          h('div', {class: 'kpi'}, h('div', {class: 'k'}, 'Threshold'), h('div', {class: 'v'}, p.threshold.toFixed(4))),
          h('div', {class: 'kpi'}, h('div', {class: 'k'}, 'Model'), h('div', {class: 'v'}, `${p.model} v${p.version} (${p.alias})`))));
        scoreParts.push(bars('contributions', 'Top contributions to the margin (SHAP values; positive pushes towards fraud)',
          pr.contributions.map((c) => ({label: c.feature, value: c.value}))));
        scoreParts.push(h('details', {}, h('summary', {}, `The ${pr.features.length} features the model read`),
          table(['Feature', {label: 'Value', cls: 'num'}, 'Status', 'Age'], pr.features.map((f) => [h('span', {class: 'mono'}, f.name),
            td(fmt(f.value), 'num mono'), f.status, age(f.age_seconds * 1000)]))));
      } catch (err) {
        scoreParts.push(failure('the score', err));
      }
    }
    out.replaceChildren(...scoreParts, ...parts);
  }
  form.addEventListener('submit', lookup);
  if (userInput.value) await lookup();
}
