// Live updates of a question list ([data-live] names its event stream). The pages work without
// this script: every button is a form, and a reload shows the latest list.
const list = document.querySelector('[data-live]');
if (list && 'EventSource' in window) {
  const refreshAll = list.dataset.liveRefresh === 'all';
  // The Q&A page carries a template: each message's question is applied in place, so a hall of
  // phones never re-reads the page. The projector and a panelist's queue (one reader each) re-read it.
  const template = document.getElementById('question-template');
  let timer;

  // Re-reads this page and swaps in its list, so the server renders it as always (texts, buttons,
  // the reader's own votes). Spread out a little so several screens do not ask at once; one
  // re-read serves every message until it starts, so a storm of votes cannot put it off for ever.
  const refresh = () => {
    timer ??= setTimeout(reload, 300 + Math.random() * 700);
  };
  // Another script (moderation.js) asks for a re-read at once after an action of its own.
  list.addEventListener('live:reload', () => {
    clearTimeout(timer);
    reload();
  });

  async function reload() {
    timer = undefined;
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
    list.dispatchEvent(new Event('live:updated'));
  }

  // The public order: open before answered, then pinned first, most votes, oldest.
  const before = (a, b) =>
    (a.dataset.answered === 'true') - (b.dataset.answered === 'true') ||
    (b.dataset.pinned === 'true') - (a.dataset.pinned === 'true') ||
    Number(b.dataset.votes) - Number(a.dataset.votes) ||
    a.dataset.created.localeCompare(b.dataset.created);

  function reorder(parent) {
    const siblings = [...parent.children];
    const sorted = [...siblings].sort(before);
    if (sorted.some((element, position) => element !== siblings[position])) parent.append(...sorted);
  }

  // A vote changes a count and maybe the order: done here, without asking the server.
  function voted(question) {
    const item = document.getElementById(`q-${question.id}`);
    if (!item || refreshAll) return template ? place(question) : refresh();
    item.dataset.votes = question.votes;
    item.querySelector('[data-votes-count]').textContent = question.votes;
    reorder(item.parentElement);
  }

  // A question built from the template; user text goes in as text only.
  function fromTemplate(question) {
    const item = template.content.firstElementChild.cloneNode(true);
    item.id = `q-${question.id}`;
    item.dataset.created = question.createdAt;
    const body = item.querySelector('.body');
    body.id = `q-${question.id}-body`;
    body.textContent = question.body;
    const author = item.querySelector('[data-author]');
    author.textContent = question.authorName === null ? author.dataset.anonymous : author.dataset.by.replace('{name}', question.authorName);
    const form = item.querySelector('form');
    if (form) {
      form.action = `${template.dataset.path}/${question.id}/vote`;
      form.querySelector('button').setAttribute('aria-describedby', body.id);
    }
    return item;
  }

  function setBadge(item, name, shown) {
    const badge = item.querySelector(`[data-badge="${name}"]`);
    if (shown && !badge)
      item.querySelector('[data-author]').before(template.content.querySelector(`[data-badge="${name}"]`).cloneNode(true));
    if (!shown && badge) badge.remove();
  }

  // Adds the question or brings it up to date: votes, pinned, answered (no more voting then).
  function place(question) {
    let item = document.getElementById(`q-${question.id}`);
    if (!item) {
      item = fromTemplate(question);
      let ordered = list.querySelector('ol.questions');
      if (!ordered) {
        ordered = document.createElement('ol');
        ordered.className = 'questions';
        list.querySelector('[data-live-empty]')?.remove();
        list.prepend(ordered);
      }
      ordered.append(item);
    }
    item.dataset.pinned = question.pinned;
    item.dataset.answered = question.status === 'answered';
    item.dataset.votes = question.votes;
    item.querySelector('[data-votes-count]').textContent = question.votes;
    setBadge(item, 'pinned', question.pinned);
    setBadge(item, 'answered', question.status === 'answered');
    if (question.status !== 'approved') item.querySelector('form')?.remove();
    reorder(item.parentElement);
  }

  // A refused stream (the server full, or this address's share taken) closes for good: try again
  // later, spread out so a hall does not come back at once, and re-read what was missed meanwhile.
  let retryMs = 5000;
  const listen = (missedSome) => {
    const source = new EventSource(list.dataset.live);
    const on = (kind, apply) => source.addEventListener(`question.${kind}`, (message) => apply(JSON.parse(message.data)));
    on('voted', voted);
    for (const kind of ['approved', 'answered', 'pinned']) on(kind, template ? place : refresh);
    // A rejection (a moderator's act, and rare) also changes the count of unpublished questions: re-read.
    on('removed', refresh);
    on('created', refresh);
    source.addEventListener('open', () => {
      retryMs = 5000;
      if (missedSome) refresh();
    });
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) return;
      setTimeout(() => listen(true), retryMs * (0.5 + Math.random()));
      retryMs = Math.min(retryMs * 2, 120000);
    });
  };
  listen(false);
}
