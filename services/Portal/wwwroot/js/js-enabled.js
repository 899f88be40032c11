// Loaded (blocking) at the top of <body>, before anything is drawn: marks the page as running nhsuk-frontend's
// JavaScript so its components render in their scripted form. A file, not an inline script, for the CSP.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');
