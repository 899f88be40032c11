// New notifications appear at the top of the list as they are committed, announced to screen readers.
// Text is set with textContent only: a message's words never become markup.
const list = document.getElementById('inbox')
const news = document.getElementById('inbox-news')

const ukDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London'
})

function element (tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

function show (item) {
  if (list.querySelector(`li[data-id="${CSS.escape(item.id)}"]`)) return
  const card = element('li', 'nhsuk-card')
  card.dataset.id = item.id
  const content = element('div', 'nhsuk-card__content')
  const subject = item.subject || (item.template || '').replaceAll('-', ' ')
  content.append(element('h2', 'nhsuk-card__heading nhsuk-heading-s', subject))
  // "1 December 2026 at 09:30" in some engines: the server writes "1 December 2026, 09:30".
  content.append(element('p', 'nhsuk-body-s', ukDate.format(new Date(item.createdAt)).replace(' at ', ', ')))
  if (item.body) content.append(element('p', 'nhsuk-card__description', item.body))
  if (item.referralId) {
    const link = element('a', undefined, 'View the referral')
    link.href = `/referrals/${encodeURIComponent(item.referralId)}`
    content.append(link)
  }
  card.append(content)
  list.prepend(card)
  document.getElementById('inbox-empty')?.remove()
  news.textContent = `New notification: ${subject}`
}

if (list && window.EventSource) {
  const source = new EventSource(list.dataset.live)
  source.addEventListener('open', () => { list.dataset.connected = 'true' })
  source.addEventListener('message', event => show(JSON.parse(event.data)))
}
