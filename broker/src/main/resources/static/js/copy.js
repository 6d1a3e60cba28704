// Copies a code (a customerRef, a vendor's new signing secret) to the clipboard. A button names what it copies with
// data-copy-target and where to say so with data-copy-status; the customerRef's button predates them, hence its
// defaults. Progressive: buttons stay hidden where the Clipboard API is missing (older browsers, pages not served over
// HTTPS), and the code is selectable text either way.
(function () {
    'use strict';
    if (!navigator.clipboard || !window.isSecureContext) {
        return;
    }

    function selectCode(code) {
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }

    function wire(button) {
        var code = document.getElementById(button.getAttribute('data-copy-target') || 'customer-ref');
        var status = document.getElementById(button.getAttribute('data-copy-status') || 'copy-status');
        if (!code) {
            return;
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
                selectCode(code);
                say(button.getAttribute('data-failed'));
            });
        });
        button.hidden = false;
    }

    var buttons = document.querySelectorAll('#copy-customer-ref, button[data-copy-target]');
    for (var i = 0; i < buttons.length; i++) {
        wire(buttons[i]);
    }
}());
