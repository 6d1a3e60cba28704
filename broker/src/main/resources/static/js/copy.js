// Copies the customerRef to the clipboard. Progressive: the button stays hidden where the Clipboard API is missing
// (older browsers, pages not served over HTTPS), and the code is selectable text either way.
(function () {
    'use strict';
    var button = document.getElementById('copy-customer-ref');
    var code = document.getElementById('customer-ref');
    var status = document.getElementById('copy-status');
    if (!button || !code || !navigator.clipboard || !window.isSecureContext) {
        return;
    }

    function selectCode() {
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }

    function say(text) {
        if (status) {
            status.textContent = text;
        }
    }

    button.addEventListener('click', function () {
        say('');
        navigator.clipboard.writeText(code.textContent.trim()).then(function () {
            say(button.getAttribute('data-copied'));
        }, function () {
            // Refused (no permission, no focus): leave the code selected so that copying by hand is one keystroke.
            selectCode();
            say(button.getAttribute('data-failed'));
        });
    });
    button.hidden = false;
}());
