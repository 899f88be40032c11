// The print pages' "Print this page" button: it needs script (window.print), so it stays hidden without it, and the
// hint to use the browser's own Print command shows instead. A file, not an inline script, for the CSP.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
for (const hint of document.querySelectorAll('.app-print-hint')) hint.hidden = true
