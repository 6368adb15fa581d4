// Ask: a question to the risk agent (POST /v1/agent/ask), its answer and the tool calls behind it.
import {h, api, capabilities, empty, failure, table, code} from '../lib.js';

export async function render(root) {
  root.append(h('h1', {}, 'Ask the risk agent'));
  const caps = await capabilities();
  if (!caps.agent) {
    root.append(empty('This server has no risk agent.', 'Add an agent section to kairos.yaml (',
      code('agent: {provider: ollama, url: http://127.0.0.1:11434, model: llama3.1}'), ') and restart kairos serve.'));
    return;
  }
  const q = h('textarea', {id: 'ask-question', rows: 3, cols: 80, required: true, placeholder: 'Is user 1001 risky?'});
  const out = h('div', {id: 'ask-result', 'aria-live': 'polite'});
  const button = h('button', {type: 'submit', id: 'ask-go'}, 'Ask');
  const form = h('form', {id: 'ask-form'}, h('label', {for: 'ask-question'}, 'Question'), h('br'), q, h('br'), button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    out.replaceChildren(h('p', {class: 'loading'}, 'Asking… (a few model calls; this can take a while)'));
    try {
      const a = await api('/v1/agent/ask', {question: q.value});
      out.replaceChildren(h('section', {class: 'card'},
        h('p', {class: 'answer', id: 'ask-answer'}, a.answer),
        h('p', {class: 'muted'}, `verdict ${a.verdict || '—'} · ${a.grounded ? 'grounded' : 'NOT grounded'}`,
          a.refused ? ' · refused' : '', ` · ${a.attempts} attempt(s) · ${a.model}`)),
      h('h2', {}, 'Tool calls'), a.tool_calls.length ? table(['Tool', 'Arguments', 'Result'], a.tool_calls.map((t) => [
        h('span', {class: 'mono'}, t.tool), h('span', {class: 'mono'}, JSON.stringify(t.arguments)),
        h('pre', {class: 'report'}, JSON.stringify(t.result, null, 1))])) : h('p', {class: 'muted'}, 'No tool was called.'));
    } catch (err) {
      out.replaceChildren(failure('an answer', err));
    } finally {
      button.disabled = false;
    }
  });
  root.append(form, out);
}
