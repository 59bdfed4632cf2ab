// Small behaviours without inline scripts (the Content Security Policy forbids those).
// Buttons with data-confirm ask before a destructive action is sent.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
