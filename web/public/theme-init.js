// Applies the saved theme before first paint (no flash of the wrong theme). A file, not an inline
// script, so the dashboard's Content-Security-Policy can forbid inline scripts.
try {
  var t = localStorage.getItem('mw.theme');
  if (t === 'dark' || t === 'light') document.documentElement.dataset.theme = t;
} catch {
  // storage unavailable: the system theme applies
}
