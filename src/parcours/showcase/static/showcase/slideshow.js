/* An exhibition's slideshow: after "Start" (a click or Enter: browsers let a page play
   sound only after a gesture), each work in turn, full screen — an image for the exhibition's
   seconds, a video or a sound to its end; → / PageDown next, ← / PageUp previous, space
   pause, F full screen. After the last work the page loads again, so a work whose consent
   was withdrawn (or made private) leaves the screen at the next loop at the latest. */
(function () {
  "use strict";
  var show = document.getElementById("show");
  if (!show) return;
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var start = document.getElementById("start");
  var button = document.getElementById("start-button");
  var paused = document.getElementById("paused");
  var seconds = Math.max(3, parseInt(show.getAttribute("data-seconds"), 10) || 8);
  var index = -1;
  var timer = null;
  var running = false;
  var stopped = false;

  if (!slides.length) {
    setTimeout(function () { window.location.reload(); }, 60000);
    return;
  }

  function media(slide) { return slide.querySelector("video, audio"); }

  function stopMedia(slide) {
    var m = slide && media(slide);
    if (m) { m.pause(); m.currentTime = 0; }
  }

  function go(next) {
    clearTimeout(timer);
    if (index >= 0) { stopMedia(slides[index]); slides[index].hidden = true; }
    if (next >= slides.length) { window.location.reload(); return; }
    index = (next + slides.length) % slides.length;
    var slide = slides[index];
    slide.hidden = false;
    var m = media(slide);
    if (m) {
      m.onended = function () { go(index + 1); };
      m.onerror = function () { go(index + 1); };
      if (!stopped) {
        var playing = m.play();
        if (playing && playing.catch) playing.catch(function () { wait(); });
      }
    } else {
      wait();
    }
  }

  function wait() {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(function () { go(index + 1); }, seconds * 1000);
  }

  function pause(on) {
    stopped = on;
    paused.hidden = !on;
    var m = index >= 0 && media(slides[index]);
    if (on) { clearTimeout(timer); if (m) m.pause(); }
    else if (m) { m.play(); } else { wait(); }
  }

  function begin() {
    if (running) return;
    running = true;
    start.hidden = true;
    go(0);
  }

  function fullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (show.requestFullscreen) { show.requestFullscreen().catch(function () {}); }
  }

  if (button) button.addEventListener("click", begin);
  document.addEventListener("keydown", function (event) {
    var key = event.key;
    if (!running) {
      if (key === "Enter" || key === " " || key === "ArrowRight") { event.preventDefault(); begin(); }
      return;
    }
    if (key === "ArrowRight" || key === "PageDown") { event.preventDefault(); go(index + 1); }
    else if (key === "ArrowLeft" || key === "PageUp") { event.preventDefault(); go(index - 1); }
    else if (key === " " || key === "k") { event.preventDefault(); pause(!stopped); }
    else if (key === "f" || key === "F") { event.preventDefault(); fullscreen(); }
  });
})();
