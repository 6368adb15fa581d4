// The dashboard's router: one ES module per page under pages/, chosen by the location hash.
import {h, failure, utc, local} from './lib.js';

const PAGES = ['serving', 'features', 'freshness', 'quality', 'models', 'analytics', 'lookup', 'skew', 'ask'];
const main = document.getElementById('page');
let current = null;

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name, query] = hash.split('?');
  return {name: PAGES.includes(name) ? name : 'serving', params: new URLSearchParams(query || '')};
}

async function show() {
  const {name, params} = route();
  if (current && current.stop) current.stop();
  current = null;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = 'Kairos · ' + document.querySelector(`#nav a[data-page="${name}"]`).textContent;
  main.replaceChildren(h('p', {class: 'loading'}, 'Loading…'));
  main.dataset.page = name;
  main.dataset.ready = 'false';
  try {
    const page = await import(`./pages/${name}.js`);
    const root = h('div', {class: 'page', id: 'page-' + name});
    current = (await page.render(root, params)) || null;
    main.replaceChildren(root);
  } catch (e) {
    main.replaceChildren(failure('this page', e));
  }
  main.dataset.ready = 'true';
}

function tick() {
  const now = new Date();
  document.getElementById('clock').textContent = utc(now) + ' · ' + local(now);
}

window.addEventListener('hashchange', () => { show(); main.focus(); });
tick();
setInterval(tick, 1000);
show();
