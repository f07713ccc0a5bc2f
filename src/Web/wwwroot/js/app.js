// Enter sends a message, Shift+Enter starts a new line: for every textarea marked data-enter-sends.
document.addEventListener('keydown', event => {
    const field = event.target;
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || !(field instanceof HTMLTextAreaElement) || !field.dataset.enterSends) {
        return;
    }

    event.preventDefault();
    field.form?.requestSubmit();
});
