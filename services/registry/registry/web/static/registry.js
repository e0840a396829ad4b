/* Media registry pages: the countdown of an open period (the page says the closing time without it). */
document.querySelectorAll(".hitung-mundur").forEach(function (el) {
  var end = Date.now() + parseInt(el.dataset.seconds, 10) * 1000;
  function show() {
    var s = Math.max(0, Math.round((end - Date.now()) / 1000));
    el.textContent = s ? "Sisa waktu: " + Math.floor(s / 86400) + " hari " + Math.floor(s % 86400 / 3600) + " jam " +
      Math.floor(s % 3600 / 60) + " menit " + s % 60 + " detik." : "Pendaftaran sudah ditutup.";
  }
  show(); setInterval(show, 1000);
});
