// The projector view: a button that fills the screen (browsers allow that only on a click), and a
// mouse pointer that hides when it rests, so nothing sits on the questions.
const button = document.querySelector('[data-full-screen]');
if (button && document.fullscreenEnabled) {
  const show = () => (button.hidden = Boolean(document.fullscreenElement));
  button.addEventListener('click', () => document.documentElement.requestFullscreen().catch(() => {}));
  document.addEventListener('fullscreenchange', show);
  show();
}

const IDLE_MS = 2500;
let idle;
const wake = () => {
  document.body.classList.remove('cursor-hidden');
  clearTimeout(idle);
  idle = setTimeout(() => document.body.classList.add('cursor-hidden'), IDLE_MS);
};
document.addEventListener('mousemove', wake);
wake();
