// Enter sends a message, Shift+Enter starts a new line: for every textarea marked data-enter-sends.
document.addEventListener('keydown', event => {
    const field = event.target;
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || !(field instanceof HTMLTextAreaElement) || !field.dataset.enterSends) {
        return;
    }

    event.preventDefault();
    field.form?.requestSubmit();
});

// The navigation folds behind a "Menu" button at phone width; the button says whether it is open.
document.addEventListener('click', event => {
    const toggle = event.target instanceof Element ? event.target.closest('[data-menu-toggle]') : null;
    if (!toggle) {
        return;
    }

    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    document.getElementById(toggle.getAttribute('aria-controls'))?.classList.toggle('open', open);
});

// Voice notes: recorded with MediaRecorder, held here until the page takes the bytes (as a stream, once).
window.collabVoice = (() => {
    let recorder = null;
    let chunks = [];
    let recorded = null;
    return {
        async start() {
            if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
                return false;
            }

            const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
            const type = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'].find(t => MediaRecorder.isTypeSupported(t));
            recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
            chunks = [];
            recorded = null;
            recorder.ondataavailable = event => chunks.push(event.data);
            recorder.start();
            return true;
        },
        type() {
            return recorder?.mimeType || 'audio/webm';
        },
        // Stops, releases the microphone and answers the size of what was recorded (0 when nothing was).
        stop() {
            if (!recorder) {
                return Promise.resolve(0);
            }

            const done = new Promise(resolve => recorder.addEventListener('stop', resolve, { once: true }));
            recorder.stop();
            recorder.stream.getTracks().forEach(track => track.stop());
            return done.then(() => {
                recorded = new Blob(chunks, { type: recorder.mimeType });
                recorder = null;
                chunks = [];
                return recorded.size;
            });
        },
        take() {
            const blob = recorded;
            recorded = null;
            return blob;
        },
    };
})();

// Playback speed of a voice note: 1×, 1.5×, 2×.
document.addEventListener('click', event => {
    const button = event.target instanceof Element ? event.target.closest('[data-rate]') : null;
    const audio = button?.closest('.voice')?.querySelector('audio');
    if (!audio) {
        return;
    }

    audio.playbackRate = Number(button.dataset.rate);
    button.parentElement.querySelectorAll('[data-rate]').forEach(b => b.setAttribute('aria-pressed', String(b === button)));
});
