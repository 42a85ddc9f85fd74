// "Attrape les notes": a small game made in the game-development discovery (demo work).
(function () {
  "use strict";
  var canvas = document.getElementById("game");
  var ctx = canvas.getContext("2d");
  var W = canvas.width, H = canvas.height;
  var basket = { x: W / 2, w: 70 };
  var notes = [], score = 0, lives = 3, t = 0, over = false, started = false, keys = {};

  function reset() { notes = []; score = 0; lives = 3; t = 0; over = false; }
  function spawn() {
    notes.push({ x: 20 + Math.random() * (W - 40), y: -20, v: 1.5 + Math.random() * (1 + score / 20) });
  }
  document.addEventListener("keydown", function (e) {
    keys[e.key] = true;
    if (e.key === " " && (over || !started)) { reset(); started = true; }
    if (e.key === "ArrowLeft" || e.key === "ArrowRight" || e.key === " ") { e.preventDefault(); }
  });
  document.addEventListener("keyup", function (e) { keys[e.key] = false; });
  canvas.addEventListener("pointermove", function (e) {
    var r = canvas.getBoundingClientRect();
    basket.x = (e.clientX - r.left) * (W / r.width);
  });
  canvas.addEventListener("pointerdown", function () {
    canvas.focus();
    if (over || !started) { reset(); started = true; }
  });

  function step() {
    t += 1;
    if (started && !over) {
      if (keys.ArrowLeft) { basket.x -= 6; }
      if (keys.ArrowRight) { basket.x += 6; }
      basket.x = Math.max(basket.w / 2, Math.min(W - basket.w / 2, basket.x));
      if (t % Math.max(18, 50 - score) === 0) { spawn(); }
      notes.forEach(function (n) { n.y += n.v; });
      notes = notes.filter(function (n) {
        if (n.y > H - 40 && n.y < H - 20 && Math.abs(n.x - basket.x) < basket.w / 2) { score += 1; return false; }
        if (n.y > H) { lives -= 1; if (lives <= 0) { over = true; } return false; }
        return true;
      });
    }
    draw();
    window.requestAnimationFrame(step);
  }
  function draw() {
    ctx.fillStyle = "#1d3557"; ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = "#ffbe0b";
    notes.forEach(function (n) {
      ctx.beginPath(); ctx.arc(n.x, n.y, 9, 0, Math.PI * 2); ctx.fill();
      ctx.fillRect(n.x + 7, n.y - 26, 3, 26);
    });
    ctx.fillStyle = "#e63946";
    ctx.fillRect(basket.x - basket.w / 2, H - 30, basket.w, 14);
    ctx.fillStyle = "#f1faee"; ctx.font = "18px system-ui, sans-serif";
    ctx.fillText("Notes : " + score + "   Vies : " + lives, 12, 26);
    if (!started) {
      ctx.font = "24px system-ui, sans-serif";
      ctx.fillText("Attrape les notes", W / 2 - 95, H / 2 - 10);
      ctx.font = "16px system-ui, sans-serif";
      ctx.fillText("Clic ou Espace pour commencer", W / 2 - 110, H / 2 + 20);
    } else if (over) {
      ctx.font = "28px system-ui, sans-serif";
      ctx.fillText("Perdu ! " + score + " notes", W / 2 - 95, H / 2);
      ctx.font = "16px system-ui, sans-serif";
      ctx.fillText("Espace ou clic pour rejouer", W / 2 - 100, H / 2 + 30);
    }
  }
  step();
}());
