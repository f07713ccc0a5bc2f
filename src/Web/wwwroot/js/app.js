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
