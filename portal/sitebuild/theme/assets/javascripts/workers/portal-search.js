/*
 * The portal's search worker: Material's search box, answered by Pagefind.
 *
 * Material's page script starts this worker (the `search` address of the
 * page's __config) and speaks four messages to it: SETUP (0) with the
 * language's search/search_index.json, READY (1), QUERY (2) with the text
 * typed, RESULT (3) with the pages found, each a list whose first entry is
 * the page and the others its sections.  The rules are written in
 * portal/sitebuild/search.py.
 *
 * Nothing is downloaded before the reader types: Pagefind's code, its
 * WebAssembly and the language's index metadata are loaded with the first
 * query; index chunks and excerpts as queries need them.
 */

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

let settings = null      // config.portal of the language's search_index.json
let lang = "en"
let pagefind = null      // a promise of Pagefind's API, made on the first query
let latest = 0           // the newest query: older answers are dropped

function startPagefind() {
  const bundle = new URL(settings.bundle, self.location.href)
  // pagefind.js reads the language from <html lang>; a worker has no page,
  // so it is given the one property it reads.
  self.document = {
    currentScript: null,
    querySelector: () => ({ getAttribute: () => lang })
  }
  return import(new URL("pagefind.js", bundle).href).then(async api => {
    await api.options({ basePath: bundle.href, excerptLength: 24 })
    await api.init()
    return api
  })
}

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;")
}

// Letters written foldably for the index, back to what the page says.
function unfold(text) {
  for (const [letter, written] of Object.entries(settings.fold))
    text = text.split(written).join(letter)
  return text
}

function fold(text) {
  for (const [letter, written] of Object.entries(settings.fold))
    text = text.split(letter).join(written)
  return text
}

// Pagefind's excerpt is text with < and > escaped and <mark> around matches;
// Material inserts it as HTML, so everything but the marks is escaped again.
function excerptHTML(excerpt) {
  return excerpt.split(/(<mark>|<\/mark>)/).map(part => {
    if (part === "<mark>" || part === "</mark>") return part
    return escapeHTML(unfold(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">")))
  }).join("")
}

// The words matched on a page: Material passes them on (?h=) to highlight
// them on the page opened, where a query typed without marks would not.
function matchedTerms(excerpt) {
  const terms = {}
  for (const [, word] of excerpt.matchAll(/<mark>(.*?)<\/mark>/g))
    terms[unfold(word).replace(/[.,;:!?。，；：！？、]+$/u, "").toLowerCase()] = true
  return terms
}

function segmented(query) {
  if (!settings.segment || typeof Intl.Segmenter === "undefined") return query
  const words = new Intl.Segmenter(lang, { granularity: "word" }).segment(query)
  return [...words].filter(part => part.isWordLike).map(part => part.segment).join(" ")
}

function pageItems(result, data) {
  const terms = matchedTerms(data.excerpt)
  const title = escapeHTML(unfold(data.meta.title || data.url))
  const page = { location: data.url, title, text: excerptHTML(data.excerpt), score: result.score, terms }
  const total = Math.max(1, data.locations.length)
  const sections = data.sub_results
    // The page's own heading is the page, not one of its sections.
    .filter(sub => sub.url.includes("#") && sub.url !== data.url && sub.title !== data.meta.title)
    .map(sub => ({
      location: sub.url,
      title: escapeHTML(unfold(sub.title)),
      text: excerptHTML(sub.excerpt),
      // A section holding every match is shown open, the others folded.
      score: result.score * sub.locations.length / total,
      terms: matchedTerms(sub.excerpt)
    }))
  return [page, ...sections]
}

async function search(query) {
  pagefind = pagefind || startPagefind().catch(error => {
    pagefind = null  // the next query tries again
    throw error
  })
  const api = await pagefind
  const found = await api.search(fold(segmented(query)))
  if (!found) return null
  const best = found.results.slice(0, settings.results)
  const pages = await Promise.all(best.map(result => result.data()))
  return { items: best.map((result, i) => pageItems(result, pages[i])) }
}

async function handle(message) {
  switch (message.type) {
    case SETUP:
      settings = message.data.config.portal
      lang = message.data.config.lang[0]
      return { type: READY }
    case QUERY: {
      const id = ++latest
      const query = message.data.trim()
      if (!query) return { type: RESULT, data: { items: [] } }
      try {
        const data = await search(query)
        return id === latest && data ? { type: RESULT, data } : null
      } catch (error) {
        console.warn(`Search failed for ${query}:`, error)
        return id === latest ? { type: RESULT, data: { items: [] } } : null
      }
    }
    default:
      throw new TypeError(`Invalid message type: ${message.type}`)
  }
}

addEventListener("message", async event => {
  const answer = await handle(event.data)
  if (answer) postMessage(answer)
})
