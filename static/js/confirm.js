// Ask once before an irreversible action: a submit button (or its form) with data-confirm
// says what cannot be undone; cancelling the question leaves the page as it was.
document.addEventListener(
  "submit",
  function (event) {
    var button = event.submitter;
    var text = (button && button.dataset.confirm) || event.target.dataset.confirm;
    if (text && !window.confirm(text)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true
);
