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
// The error summary: focused on arrival where the browser ignored its autofocus, and each of its
// links puts the cursor in its field with the field's label in view.
const summary = document.querySelector('[data-error-summary]');
if (summary && document.activeElement !== summary) summary.focus();
document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('[data-error-summary] a[href^="#field-"]');
  const field = link && document.getElementById(link.hash.slice(1));
  if (!field) return;
  event.preventDefault();
  (document.querySelector(`label[for="${field.id}"]`) || field).scrollIntoView();
  field.focus({ preventScroll: true });
});
