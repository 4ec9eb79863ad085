// Progressive enhancement only: a form already sent is not sent twice by a second tap
// (slow phone, busy hall Wi-Fi). Pages work the same without this script.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = 'true';
  for (const button of form.querySelectorAll('button[type="submit"]')) button.setAttribute('aria-disabled', 'true');
});
// A page restored from the back/forward cache may be sent again.
window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form[data-sent]')) delete form.dataset.sent;
  for (const button of document.querySelectorAll('button[aria-disabled]')) button.removeAttribute('aria-disabled');
});
