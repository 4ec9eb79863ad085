// Keyboard shortcuts and buttons that act in place on the console's moderation page. Without this
// script each button is a form that posts and comes back; live.js re-reads the lists either way.
const lists = document.querySelector('.moderation-lists[data-live]');
if (lists) {
  const said = document.querySelector('[data-said]');
  const say = (text) => {
    said.textContent = text;
  };
  // Without this script there are no keys and no live arrivals: the page promises them only now.
  const showScriptParts = () => {
    for (const part of document.querySelectorAll('[data-with-script]')) part.hidden = false;
  };
  showScriptParts();
  /** The question the keys act on (an id), kept across re-reads of the lists. */
  let selected;
  const openDetails = new Set();
  const visibleQuestions = () => [...lists.querySelectorAll('li.question')].filter((item) => item.checkVisibility());
  const select = (item) => item?.focus();

  lists.addEventListener('focusin', (event) => {
    const item = event.target.closest('li.question');
    if (item) selected = item.id;
  });
  lists.addEventListener('click', (event) => {
    if (!event.target.closest('button, a, summary')) select(event.target.closest('li.question'));
  });
  lists.addEventListener(
    'toggle',
    (event) => {
      if (event.target.id) event.target.open ? openDetails.add(event.target.id) : openDetails.delete(event.target.id);
    },
    true,
  );

  // After a re-read the old elements are gone: the same question (or the one chosen below) is selected again.
  lists.addEventListener('live:updated', () => {
    showScriptParts();
    for (const id of openDetails) document.getElementById(id)?.setAttribute('open', '');
    if (lists.contains(document.activeElement) && document.activeElement.closest('li.question')) return;
    if (selected && (document.activeElement === document.body || !document.activeElement)) select(document.getElementById(selected));
  });

  lists.addEventListener('submit', async (event) => {
    const form = event.target;
    if (form.dataset.plain) return;
    event.preventDefault();
    const item = form.closest('li.question');
    const action = event.submitter?.value;
    // A pinned question stays where the moderator is; any other act moves it away, so the next one is selected.
    const next = action === 'pin' || action === 'unpin' ? item : (item.nextElementSibling ?? item.previousElementSibling);
    selected = next?.id;
    const body = new URLSearchParams(new FormData(form, event.submitter));
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    // Not form.action: the buttons are named "action", which that property would return.
    const response = await fetch(form.getAttribute('action'), { method: 'POST', body, credentials: 'same-origin' }).catch(() => undefined);
    if (!response?.ok || new URL(response.url).pathname !== location.pathname) {
      // Signed out, refused or offline: the ordinary submission shows the page that says why.
      form.dataset.plain = 'true';
      for (const button of form.querySelectorAll('button')) button.disabled = false;
      return form.requestSubmit(event.submitter);
    }
    document.activeElement?.blur();
    const question = next?.querySelector('[id$="-body"]')?.textContent.trim();
    say(
      `${said.dataset[action] ?? ''} ${question ? said.dataset.next.replace('{question}', question.slice(0, 80)) : said.dataset.noNext}`.trim(),
    );
    lists.dispatchEvent(new Event('live:reload'));
  });

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest?.('input, textarea, select, [contenteditable]')) return;
    const key = event.key.toLowerCase();
    const questions = visibleQuestions();
    const current = document.activeElement?.closest?.('li.question');
    if (key === 'j' || key === 'k') {
      const at = questions.indexOf(current);
      const to = at < 0 ? 0 : Math.min(questions.length - 1, Math.max(0, at + (key === 'j' ? 1 : -1)));
      select(questions[to]);
    } else if (key === 'c') {
      document.getElementById('field-body')?.focus();
    } else {
      const button = current?.querySelector(`button[data-key="${key}"]`);
      if (button) button.click();
      else if (/^[ardpo]$/.test(key)) say(current ? said.dataset[`key${key.toUpperCase()}`] : said.dataset.select);
      else return;
    }
    event.preventDefault();
  });
}
