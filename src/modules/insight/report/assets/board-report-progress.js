/* global document, window, fetch */
// The board report's progress panel (issue 7 point 4). Without JavaScript the page has a "Check progress" link;
// with it, this asks the status route every 2 seconds, puts its words in the panel (aria-live="polite", so a
// screen reader hears each new step) and reloads the page once the build is ready or has failed.
const panel = document.querySelector('[data-board-report-status]')
if (panel) {
  const url = panel.getAttribute('data-board-report-status')
  const message = panel.querySelector('[data-board-report-text]')
  let failures = 0
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      if (!response.ok) throw new Error(String(response.status))
      const status = await response.json()
      failures = 0
      if (message && message.textContent !== status.text) message.textContent = status.text
      if (status.status === 'ready' || status.status === 'failed') {
        window.location.reload()
        return
      }
    } catch {
      failures += 1
      // Give up quietly after a minute of errors: the "Check progress" link still works.
      if (failures > 30) return
    }
    window.setTimeout(poll, 2000)
  }
  window.setTimeout(poll, 1000)
}
