// Keeping a booking made without an email: copy the private link, print the ticket. Without
// this script the link is plain text to write down and the browser's own print works.
for (const button of document.querySelectorAll('[data-copy], [data-print]')) button.hidden = false;
document.addEventListener('click', async (event) => {
  const copy = event.target.closest && event.target.closest('[data-copy]');
  if (copy) {
    const field = document.getElementById(copy.dataset.copy);
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      // No clipboard API over plain HTTP: the older way still copies a selection.
      field.select();
      document.execCommand('copy');
    }
    const status = document.querySelector('[data-copy-status]');
    if (status) status.textContent = copy.dataset.copied;
  }
  if (event.target.closest && event.target.closest('[data-print]')) window.print();
  // Leaving the once-shown page replaces it in the history, so the back button cannot return to it.
  const leave = event.target.closest && event.target.closest('[data-leave]');
  if (leave) {
    event.preventDefault();
    location.replace(leave.href);
  }
});
// The once-shown page brought back from the back/forward cache: ask the server, which shows it no more.
window.addEventListener('pageshow', (event) => {
  if (event.persisted && document.querySelector('[data-shown-once]')) location.reload();
});
