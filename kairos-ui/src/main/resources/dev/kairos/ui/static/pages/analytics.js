// Analytics: the daily risk summary and week-over-week growth, filtered by category and country.
import {h, api, capabilities, empty, failure, lineChart, table, td, num, code} from '../lib.js';

export async function render(root, params) {
  root.append(h('h1', {}, 'Analytics'));
  const caps = await capabilities();
  if (!caps.analytics) {
    root.append(empty('This server serves no analytics.', 'Add an analytics section to kairos.yaml (see the README), run ',
      code('kairos analytics refresh'), ' and restart kairos serve.'));
    return;
  }
  const category = params.get('category') || '';
  const country = params.get('country') || '';
  let all;
  let daily;
  let weekly;
  try {
    const filter = (category ? '&category=' + encodeURIComponent(category) : '') + (country ? '&country=' + encodeURIComponent(country) : '');
    [all, daily, weekly] = await Promise.all([
      api('/v1/analytics/daily-risk?limit=100000'),
      api('/v1/analytics/daily-risk?limit=100000' + filter),
      api('/v1/analytics/weekly-growth?limit=100000' + filter),
    ]);
  } catch (e) {
    root.append(failure('the analytics views', e));
    return;
  }
  const cats = [...new Set(all.rows.map((r) => r.category).filter((x) => x))].sort();
  const countries = [...new Set(all.rows.map((r) => r.country).filter((x) => x))].sort();
  const catSel = h('select', {id: 'filter-category'}, h('option', {value: ''}, 'All categories'),
    cats.map((c) => h('option', {value: c, selected: c === category}, c)));
  const ctySel = h('select', {id: 'filter-country'}, h('option', {value: ''}, 'All countries'),
    countries.map((c) => h('option', {value: c, selected: c === country}, c)));
  const apply = (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (catSel.value) q.set('category', catSel.value);
    if (ctySel.value) q.set('country', ctySel.value);
    location.hash = '#/analytics' + (q.toString() ? '?' + q : '');
  };
  root.append(h('form', {class: 'controls', onsubmit: apply},
    h('label', {for: 'filter-category'}, 'Merchant category', catSel),
    h('label', {for: 'filter-country'}, 'Country', ctySel),
    h('button', {type: 'submit', id: 'filter-go'}, 'Apply filters')));

  const pick = (rows) => rows.filter((r) => (r.category || '') === category && (r.country || '') === country);
  const days = pick(daily.rows).sort((a, b) => a.day.localeCompare(b.day));
  const weeks = pick(weekly.rows).sort((a, b) => a.week_start.localeCompare(b.week_start));
  const label = `${category || 'all categories'}, ${country || 'all countries'}`;
  if (!days.length) {
    root.append(empty(`No transactions for ${label}.`, 'Pick other filters, or run ', code('kairos analytics refresh'), ' after ingesting.'));
    return;
  }
  const dx = days.map((r) => Date.parse(r.day + 'T00:00:00Z') / 1000);
  root.append(h('h2', {}, `Daily risk summary (${label})`), h('div', {class: 'grid'},
    lineChart('daily-transactions', 'Transactions and frauds per day (UTC days)', dx,
      [{label: 'transactions', values: days.map((r) => r.transactions)}, {label: 'frauds', values: days.map((r) => r.fraud_count)}]).fig,
    lineChart('daily-fraud-rate', 'Fraud rate per day (%)', dx,
      [{label: 'fraud rate %', values: days.map((r) => r.fraud_rate == null ? null : r.fraud_rate * 100)}], {yLabel: '%'}).fig));
  const wx = weeks.map((r) => Date.parse(r.week_start + 'T00:00:00Z') / 1000);
  root.append(h('h2', {}, `Week-over-week growth (${label})`), h('div', {class: 'grid'},
    lineChart('weekly-growth', 'Change against the previous week (%)', wx, [
      {label: 'transactions', values: weeks.map((r) => r.transactions_change_pct)},
      {label: 'amount', values: weeks.map((r) => r.amount_reporting_change_pct)},
      {label: 'fraud count', values: weeks.map((r) => r.fraud_count_change_pct)},
      {label: 'fraud rate', values: weeks.map((r) => r.fraud_rate_change_pct)}], {yLabel: '%'}).fig));
  root.append(table(['Week (from Monday, UTC)', {label: 'Transactions', cls: 'num'}, {label: 'Change %', cls: 'num'},
    {label: 'Amount (reporting)', cls: 'num'}, {label: 'Frauds', cls: 'num'}, {label: 'Fraud rate %', cls: 'num'}, {label: 'Change (points)', cls: 'num'}],
  weeks.map((r) => [r.week_start, td(num(r.transactions), 'num'), td(num(r.transactions_change_pct, 1), 'num'),
    td(num(r.amount_reporting, 0), 'num'), td(num(r.fraud_count), 'num'), td(num(r.fraud_rate * 100, 2), 'num'),
    td(r.fraud_rate_change == null ? '—' : num(r.fraud_rate_change * 100, 2), 'num')]), {id: 'weekly-table'}));
}
