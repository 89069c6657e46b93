"""Waiting for an image the way a reader would see it, instead of racing a lazy load."""

from __future__ import annotations

# Resolves with the natural width once the image has loaded (at once if it already has);
# rejects if the browser could not load or decode it. Playwright awaits the promise.
_LOADED_WIDTH = """img => new Promise((resolve, reject) => {
  const fail = () => reject(new Error("image not loaded: " + img.currentSrc));
  if (img.complete) {
    return img.naturalWidth > 0 ? resolve(img.naturalWidth) : fail();
  }
  img.addEventListener("load", () => resolve(img.naturalWidth), {once: true});
  img.addEventListener("error", fail, {once: true});
})"""


def loaded_width(image) -> int:
    """Scroll a (possibly lazily loaded) image into view and wait until it has loaded."""
    image.scroll_into_view_if_needed()
    return image.evaluate(_LOADED_WIDTH)
