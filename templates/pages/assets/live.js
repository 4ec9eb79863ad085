// Live updates of a question list ([data-live] names its event stream). The pages work without
// this script: every button is a form, and a reload shows the latest list.
const list = document.querySelector('[data-live]');
if (list && 'EventSource' in window) {
  const refreshAll = list.dataset.liveRefresh === 'all';
  let timer;

  // Re-reads this page and swaps in its list, so the server renders it as always (texts, buttons,
  // the reader's own votes). Spread out a little so a hall of phones does not ask at once.
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(reload, 300 + Math.random() * 700);
  };

  async function reload() {
    const response = await fetch(location.pathname + location.search, { credentials: 'same-origin' });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-live]');
    if (!fresh) return;
    // Keeps keyboard focus on the same button when its question is still there.
    const focused = list.contains(document.activeElement) ? document.activeElement : null;
    const item = focused?.closest('li[id]')?.id;
    const index = item ? [...document.getElementById(item).querySelectorAll('button')].indexOf(focused) : -1;
    list.replaceChildren(...fresh.childNodes);
    if (item && index >= 0) document.getElementById(item)?.querySelectorAll('button')[index]?.focus();
  }

  // The public order: pinned first, then most votes, then oldest.
  const before = (a, b) =>
    (b.dataset.pinned === 'true') - (a.dataset.pinned === 'true') ||
    Number(b.dataset.votes) - Number(a.dataset.votes) ||
    a.dataset.created.localeCompare(b.dataset.created);

  // A vote changes a count and maybe the order: done here, without asking the server.
  function voted(question) {
    const item = document.getElementById(`q-${question.id}`);
    if (!item || refreshAll) return refresh();
    item.dataset.votes = question.votes;
    item.querySelector('[data-votes-count]').textContent = question.votes;
    const siblings = [...item.parentElement.children];
    const sorted = [...siblings].sort(before);
    if (sorted.some((element, position) => element !== siblings[position])) item.parentElement.append(...sorted);
  }

  const source = new EventSource(list.dataset.live);
  source.addEventListener('question.voted', (message) => voted(JSON.parse(message.data)));
  for (const kind of ['created', 'approved', 'answered', 'pinned', 'removed']) source.addEventListener(`question.${kind}`, refresh);
}
