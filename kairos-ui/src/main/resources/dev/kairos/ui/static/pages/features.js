// Features: the registry (entities, sources, views, services) at a version, and the diff of two.
import {h, api, empty, failure, table, td, time, code} from '../lib.js';

/** "PT720H" -> "30d", "PT90M" -> "90m": the way the definitions write a TTL. */
function ttl(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso);
  if (!m) return iso;
  const s = (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0);
  if (s % 86400 === 0) return s / 86400 + 'd';
  if (s % 3600 === 0) return s / 3600 + 'h';
  if (s % 60 === 0) return s / 60 + 'm';
  return s + 's';
}

function featureList(features) {
  const list = h('ul', {class: 'features'}, features.map((f) => h('li', {}, h('span', {class: 'mono'}, f.name), ' ',
    h('span', {class: 'muted'}, f.type), f.window ? ` · ${f.function}(${f.column}) over ${f.window}` : '',
    f.expression ? h('div', {class: 'mono muted'}, f.expression) : '')));
  if (features.length <= 6) return list;
  return h('details', {}, h('summary', {}, `${features.length} features`), list);
}

export async function render(root, params) {
  root.append(h('h1', {}, 'Features'));
  let reg;
  try {
    reg = await api('/v1/ui/registry' + (params.get('version') ? '?version=' + encodeURIComponent(params.get('version')) : ''));
  } catch (e) {
    if (e.status === 404) {
      root.append(empty('No definitions applied yet.', 'Write features/*.yaml and run ', code('kairos apply'),
        ' in the repository; this page follows the registry without a restart.'));
    } else {
      root.append(failure('the registry', e));
    }
    return;
  }
  const latest = reg.versions.length ? reg.versions[0].version : reg.version;
  const pick = h('select', {id: 'registry-version'}, reg.versions.map((v) =>
    h('option', {value: v.version, selected: v.version === reg.version, title: v.summary || ''},
      `v${v.version} · ${v.applied_at.slice(0, 19).replace('T', ' ')} UTC · ${(v.summary || '').split(':')[0]}`)));
  pick.addEventListener('change', () => { location.hash = '#/features?version=' + pick.value; });
  root.append(h('form', {class: 'controls', onsubmit: (e) => e.preventDefault()},
    h('label', {for: 'registry-version'}, 'Registry version', pick)),
  h('p', {class: 'hint'}, `Project ${reg.project}, version ${reg.version}`, reg.version === latest ? ' (the latest).' : ` (the latest is ${latest}).`));

  root.append(h('h2', {}, `Feature views (${reg.views.length})`), table(
    ['View', 'Kind', 'Entities', 'Source', 'Features', 'TTL', 'Owner', 'Tags'],
    reg.views.map((v) => h('tr', {'data-view': v.name},
      td([h('span', {class: 'mono'}, v.name), v.description ? h('div', {class: 'muted small'}, v.description) : ''], 'name'),
      td(h('span', {class: 'badge'}, v.kind)), td(v.entities.join(', ') || '—'),
      td(v.source || (v.request ? 'request: ' + v.request.map((f) => f.name).join(', ') : '—')),
      td(featureList(v.features)),
      td(v.ttl ? ttl(v.ttl) : (v.kind === 'request-time' ? '—' : 'none')),
      td(v.owner || '—'), td(Object.entries(v.tags || {}).map(([k, x]) => h('div', {}, `${k}=${x}`))))),
    {id: 'views-table'}));

  root.append(h('h2', {}, `Entities (${reg.entities.length})`), table(['Entity', 'Join keys', 'Type', 'Description'],
    reg.entities.map((e) => [e.name, h('span', {class: 'mono'}, e.join_keys.join(', ')), e.type, e.description || ''])));
  root.append(h('h2', {}, `Sources (${reg.sources.length})`), table(['Source', 'Table', 'Fields', 'Timestamp', 'Validation', 'Stream', 'Description'],
    reg.sources.map((s) => [h('span', {class: 'mono'}, s.name), s.table,
      h('span', {class: 'mono'}, s.fields.map((f) => `${f.name}:${f.type}`).join(', ')), s.timestamp_field,
      s.validation || '—', s.stream || '—', s.description || ''])));
  root.append(h('h2', {}, `Feature services (${reg.services.length})`), table(['Service', 'Features', 'Logged', 'Description'],
    reg.services.map((s) => [h('span', {class: 'mono'}, s.name), h('span', {class: 'mono'}, s.features.join(', ')),
      s.log_sample_rate ? `${Math.round(s.log_sample_rate * 100)}% of keys` : 'off', s.description || ''])));

  root.append(h('h2', {}, 'Versions'), table(['Version', 'Applied', 'Summary'],
    reg.versions.map((v) => [String(v.version), time(v.applied_at), v.summary || ''])));

  const from = h('select', {id: 'diff-from'}, reg.versions.map((v) => h('option', {value: v.version, selected: v.version === Math.max(1, latest - 1)}, 'v' + v.version)));
  const to = h('select', {id: 'diff-to'}, reg.versions.map((v) => h('option', {value: v.version, selected: v.version === latest}, 'v' + v.version)));
  const out = h('div', {id: 'diff-result'});
  async function compare(e) {
    if (e) e.preventDefault();
    try {
      const d = await api(`/v1/ui/registry/diff?from=${from.value}&to=${to.value}`);
      out.replaceChildren(d.changes.length === 0
        ? empty(`No changes from v${d.from} to v${d.to}.`)
        : table(['Change', 'Kind', 'Name', 'Fields', 'Breaking'], d.changes.map((c) => [
          c.action, c.kind, h('span', {class: 'mono'}, c.name),
          h('ul', {}, (c.fields || []).map((f) => h('li', {class: 'mono'},
            f.before == null ? `+ ${f.field} ${f.after}` : f.after == null ? `- ${f.field} ${f.before}` : `${f.field}: ${f.before} → ${f.after}`))),
          c.breaking ? h('span', {class: 'badge bad'}, 'breaking' + (c.reason ? ': ' + c.reason : '')) : 'no'])));
    } catch (err) {
      out.replaceChildren(failure('the diff', err));
    }
  }
  root.append(h('h2', {}, 'Compare two versions'),
    h('form', {class: 'controls', onsubmit: compare},
      h('label', {for: 'diff-from'}, 'From', from), h('label', {for: 'diff-to'}, 'To', to),
      h('button', {type: 'submit', id: 'diff-go'}, 'Compare')), out);
  if (reg.versions.length > 1) await compare();
}
