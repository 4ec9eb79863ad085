// The door page, made nicer: counters refresh every second (every door sees every check-in),
// the answer gets focus, and a QR code can be scanned with the camera or read from a photo.
// Without this script the page still checks people in by typed code and counts walk-ins.
const door = document.querySelector('.door');
const answer = document.getElementById('answer');
if (answer) answer.focus();

async function refresh() {
  if (document.visibilityState !== 'visible') return;
  try {
    const response = await fetch(door.dataset.counts, { credentials: 'same-origin' });
    if (!response.ok) return;
    const counts = await response.json();
    for (const element of door.querySelectorAll('[data-count]')) element.textContent = counts[element.dataset.count];
  } catch {
    // The hall's Wi-Fi dropped a request: the next second tries again.
  }
}
setInterval(refresh, 1000);

const scanner = door.querySelector('.scanner');
const status = door.querySelector('[data-scan-status]');
const video = scanner.querySelector('video');
scanner.hidden = false;

/** BarcodeDetector where the browser has one, else the decoder this server serves (never a CDN). */
async function decoder() {
  if ('BarcodeDetector' in window) {
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    return async (source) => (await detector.detect(source))[0]?.rawValue;
  }
  if (!window.jsQR) {
    await new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), { src: door.dataset.decoder, onload: resolve, onerror: reject });
      document.head.append(script);
    });
  }
  const canvas = document.createElement('canvas');
  return async (source) => {
    const width = source.videoWidth || source.naturalWidth || source.width;
    const height = source.videoHeight || source.naturalHeight || source.height;
    // A phone's 12-megapixel photo is scaled down: the decoder is faster and no worse at this size.
    const scale = Math.min(1, 1200 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    return window.jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height)?.data;
  };
}

function submitCode(code) {
  const form = document.getElementById('door-code');
  form.querySelector('[name="code"]').value = code;
  form.requestSubmit();
}

scanner.querySelector('[data-scan]').addEventListener('click', async () => {
  try {
    const decode = await decoder();
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    video.hidden = false;
    await video.play();
    const tick = async () => {
      const code = video.readyState >= 2 && (await decode(video));
      if (code) {
        for (const track of video.srcObject.getTracks()) track.stop();
        submitCode(code);
      } else requestAnimationFrame(tick);
    };
    tick();
  } catch {
    status.textContent = status.dataset.noCamera || '';
  }
});

scanner.querySelector('input[type="file"]').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  // A data: URL, which the page's CSP allows for images (a blob: URL it does not).
  const image = new Image();
  image.src = await new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.readAsDataURL(file);
  });
  await image.decode();
  const code = await (await decoder())(image);
  if (code) submitCode(code);
  else status.textContent = status.dataset.notFound || '';
});
