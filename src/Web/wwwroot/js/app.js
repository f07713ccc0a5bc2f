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

// Calls (the embedded adapter): a peer-to-peer mesh of at most 4 browsers, signalled through the page's own
// connection to the server (Blazor's, a SignalR connection) and the call's grain; media go from browser to browser.
// The newcomer offers to everyone already there. With loopbackOnly (tests) only 127.0.0.1 candidates are used.
window.collabCall = (() => {
    let page = null;
    let options = null;
    let local = null;
    let camera = null;
    let screen = null;
    const peers = new Map();
    const early = new Map(); // candidates that overtook their peer's offer

    let room = null; // Twilio Video's, when the platform uses it
    const labels = new Map();
    const container = () => document.getElementById('call-media');
    const key = id => String(id).replace(/-/g, ''); // a peer id as a Guid, or as Twilio's identity (no dashes)

    function tile(id, label, muted) {
        id = id === 'local' ? id : key(id);
        label = label || labels.get(id) || '';
        let video = document.getElementById('call-video-' + id);
        if (!video) {
            const figure = document.createElement('figure');
            figure.className = 'call-tile';
            figure.id = 'call-tile-' + id;
            video = document.createElement('video');
            video.id = 'call-video-' + id;
            video.autoplay = true;
            video.playsInline = true;
            video.muted = muted;
            video.dataset.peer = id;
            const caption = document.createElement('figcaption');
            caption.textContent = label;
            figure.append(video, caption);
            container()?.append(figure);
        }

        return video;
    }

    function keep(candidate) {
        return !options.loopbackOnly || (candidate && candidate.candidate.includes(' 127.0.0.1 '));
    }

    function connect(id, label) {
        const connection = new RTCPeerConnection({ iceServers: options.iceServers });
        local.getTracks().forEach(track => connection.addTrack(track, local));
        connection.onicecandidate = event => {
            if (event.candidate && keep(event.candidate)) {
                page.invokeMethodAsync('Send', id, JSON.stringify({ candidate: event.candidate.toJSON() }));
            }
        };
        connection.ontrack = event => {
            const video = tile(id, label, false);
            if (video.srcObject !== event.streams[0]) {
                video.srcObject = event.streams[0];
            }
        };
        peers.set(id, { connection, pending: early.get(id) || [] });
        early.delete(id);
        return connection;
    }

    async function offer(id, label) {
        const connection = connect(id, label);
        await connection.setLocalDescription(await connection.createOffer());
        await page.invokeMethodAsync('Send', id, JSON.stringify({ description: connection.localDescription.toJSON() }));
    }

    return {
        // Opens the camera and microphone (or the microphone) and offers to each participant already in the call.
        async start(dotnet, start) {
            page = dotnet;
            options = start;
            local = await navigator.mediaDevices.getUserMedia({ audio: true, video: start.video ? { width: 640, height: 480 } : false });
            camera = local.getVideoTracks()[0] || null;
            tile('local', start.me, true).srcObject = local;
            for (const other of start.others) {
                await offer(other.peer, other.label);
            }
        },
        // A newcomer will offer: make room for their tile.
        joined(id, label) {
            labels.set(key(id), label);
            if (!room) {
                tile(id, label, false);
            }
        },
        // Twilio Video: its SDK (served from wwwroot/lib) connects to the room with the token; each participant's
        // tracks join their tile. Its identity is the peer id, so the labels the page gave apply.
        async startTwilio(dotnet, start) {
            page = dotnet;
            options = start;
            if (!window.Twilio?.Video) {
                await new Promise((resolve, reject) => {
                    const script = document.createElement('script');
                    script.src = '/lib/twilio-video.min.js';
                    script.onload = resolve;
                    script.onerror = () => reject(new Error('twilio-video.min.js is missing'));
                    document.head.append(script);
                });
            }

            const tracks = await Twilio.Video.createLocalTracks({ audio: true, video: start.video ? { width: 640, height: 480 } : false });
            local = new MediaStream(tracks.map(t => t.mediaStreamTrack));
            camera = local.getVideoTracks()[0] || null;
            tile('local', start.me, true).srcObject = local;
            room = await Twilio.Video.connect(start.token, { name: start.room, tracks });
            const show = (participant, track) => {
                if (track.kind !== 'video' && track.kind !== 'audio') {
                    return;
                }

                const video = tile(participant.identity, '', false);
                const stream = video.srcObject || new MediaStream();
                stream.getTracks().filter(t => t.kind === track.kind).forEach(t => stream.removeTrack(t));
                stream.addTrack(track.mediaStreamTrack);
                video.srcObject = stream;
            };
            const attach = participant => {
                participant.tracks.forEach(publication => publication.track && show(participant, publication.track));
                participant.on('trackSubscribed', track => show(participant, track));
            };
            room.participants.forEach(attach);
            room.on('participantConnected', attach);
            room.on('participantDisconnected', participant => this.left(participant.identity));
            room.on('disconnected', () => page?.invokeMethodAsync('RoomEnded'));
        },
        async signal(from, payload, label) {
            const message = JSON.parse(payload);
            let peer = peers.get(from);
            if (message.description) {
                const connection = peer ? peer.connection : connect(from, label);
                peer = peers.get(from);
                await connection.setRemoteDescription(message.description);
                for (const candidate of peer.pending.splice(0)) {
                    await connection.addIceCandidate(candidate);
                }

                if (message.description.type === 'offer') {
                    await connection.setLocalDescription(await connection.createAnswer());
                    await page.invokeMethodAsync('Send', from, JSON.stringify({ description: connection.localDescription.toJSON() }));
                }
            } else if (message.candidate && !peer) {
                early.set(from, [...(early.get(from) || []), message.candidate]);
            } else if (message.candidate) {
                if (peer.connection.remoteDescription) {
                    await peer.connection.addIceCandidate(message.candidate);
                } else {
                    peer.pending.push(message.candidate);
                }
            }
        },
        left(id) {
            peers.get(id)?.connection.close();
            peers.delete(id);
            document.getElementById('call-tile-' + key(id))?.remove();
        },
        mute(on) {
            local?.getAudioTracks().forEach(track => { track.enabled = !on; });
        },
        cameraOff(off) {
            if (camera) {
                camera.enabled = !off;
            }
        },
        // Shares the screen in place of the camera (the same video sender: no new negotiation), until stopped.
        async share(on) {
            if (!camera) {
                return false;
            }

            let track = camera;
            if (on) {
                screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
                track = screen.getVideoTracks()[0];
                track.addEventListener('ended', () => page?.invokeMethodAsync('ShareEnded'), { once: true });
            } else {
                screen?.getTracks().forEach(t => t.stop());
                screen = null;
            }

            for (const { connection } of peers.values()) {
                connection.getSenders().find(s => s.track && s.track.kind === 'video')?.replaceTrack(track);
            }

            if (room) {
                room.localParticipant.videoTracks.forEach(publication => room.localParticipant.unpublishTrack(publication.track));
                await room.localParticipant.publishTrack(track);
            }

            document.getElementById('call-video-local').srcObject = on ? new MediaStream([track, ...local.getAudioTracks()]) : local;
            return on;
        },
        stop() {
            for (const id of [...peers.keys()]) {
                this.left(id);
            }

            room?.disconnect();
            room = null;
            container()?.querySelectorAll('.call-tile').forEach(t => t.remove());
            labels.clear();

            screen?.getTracks().forEach(t => t.stop());
            local?.getTracks().forEach(t => t.stop());
            document.getElementById('call-tile-local')?.remove();
            local = camera = screen = null;
            page = null;
        },
    };
})();

// Passkeys (WebAuthn): the server gives the options as JSON, the browser's authenticator answers, the answer goes back
// as JSON (PublicKeyCredential.toJSON()). A button says what to do: data-passkey-login (second login step, then go to
// data-done) or data-passkey-add (on the security page, named by the field data-name points to). What went wrong is
// written in the element data-status points to, in the page's own words (data-error).
document.addEventListener('click', async event => {
    const button = event.target instanceof Element ? event.target.closest('[data-passkey-login], [data-passkey-add]') : null;
    if (!button) {
        return;
    }

    const status = document.querySelector(button.dataset.status);
    const post = (url, body) => fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    button.disabled = true;
    try {
        if (!window.PublicKeyCredential?.parseRequestOptionsFromJSON) {
            throw new Error('unsupported');
        }

        if (button.hasAttribute('data-passkey-login')) {
            const options = await post('/account/login/passkey');
            if (!options.ok) throw new Error(String(options.status));
            const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(await options.json()) });
            const verified = await post('/account/login/verify', { factor: 'Passkey', code: JSON.stringify(credential.toJSON()) });
            if (!verified.ok) throw new Error(String(verified.status));
            location.assign(button.dataset.done || '/');
        } else {
            const options = await post('/account/passkeys/options');
            if (!options.ok) throw new Error(String(options.status));
            const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(await options.json()) });
            const name = document.querySelector(button.dataset.name)?.value ?? '';
            const added = await post('/account/passkeys', { credential: credential.toJSON(), name });
            if (!added.ok) throw new Error(String(added.status));
            location.reload();
        }
    } catch (error) {
        if (status) {
            status.textContent = button.dataset.error;
            status.hidden = false;
        }
        button.disabled = false;
    }
});

// When the web node holding this page's live connection stops (a restart, a failover), Blazor reconnects through
// the entry point to another node, which does not know the page's circuit and rejects it: load the page again there
// (the session is shared by every node), rather than asking the user to. This script loads in the head: the modal
// exists once the page is parsed.
document.addEventListener('DOMContentLoaded', () => {
    const modal = document.getElementById('components-reconnect-modal');
    if (!modal) {
        return;
    }

    new MutationObserver(() => {
        if (modal.classList.contains('components-reconnect-rejected')) {
            location.reload();
        }
    }).observe(modal, { attributes: true, attributeFilter: ['class'] });
});
