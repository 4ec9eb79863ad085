import type { CapturedMail } from '../../notifications/dev-mailbox.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** Escaped first, then addresses become links, so nothing in the text can add markup. */
function linkify(text: string): string {
  return escapeHtml(text).replace(
    /https?:\/\/[^\s<>"']+/g,
    (url) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`,
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#111827}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e5e7eb}
pre{white-space:pre-wrap;background:#f9fafb;padding:1rem;border:1px solid #e5e7eb}iframe{width:100%;height:40rem;border:1px solid #e5e7eb}</style>
</head>
<body>${body}</body>
</html>`;
}

export function mailboxPage(messages: CapturedMail[]): string {
  const rows = messages
    .map(
      (mail) =>
        `<tr><td>${escapeHtml(new Date(mail.date).toLocaleString('en-US', { timeZone: 'UTC' }))} UTC</td>` +
        `<td>${escapeHtml(mail.to)}</td><td><a href="/dev/mail/${mail.file}">${escapeHtml(mail.subject)}</a></td></tr>`,
    )
    .join('\n');
  return page(
    'Development mailbox',
    `<h1>Development mailbox</h1>
<p>Messages this server would have emailed, newest first. Only this machine can see this page.</p>
${messages.length ? `<table><thead><tr><th>Date</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No messages yet.</p>'}`,
  );
}

/** The HTML part runs in a sandbox without scripts; its links open in a new tab. */
export function messagePage(mail: CapturedMail): string {
  const html = mail.html.replace(/<head>/i, '<head><base target="_blank">');
  return page(
    mail.subject,
    `<p><a href="/dev/mail">← All messages</a> · <a href="/dev/mail/${mail.file}/raw" download="${mail.file}">Download .eml</a></p>
<h1>${escapeHtml(mail.subject)}</h1>
<p>To ${escapeHtml(mail.to)}, ${escapeHtml(mail.date)}</p>
<h2>HTML</h2>
<iframe title="HTML part" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(html)}"></iframe>
<h2>Text</h2>
<pre>${linkify(mail.text)}</pre>`,
  );
}
