// The guide form around the editor: autosave, "leave without saving?", word count, character
// counters, search and social previews, and the checks before publishing.
const AUTOSAVE_EVERY = 5000
const HEARTBEAT_EVERY = 30000
const LIMITS = { title: 150, summary: 300, seo_title: 70, seo_description: 160, hero_alt: 200 }
// Beyond these, Google usually cuts the text short in its results.
const SHOWN_IN_SEARCH = { seo_title: 60, seo_description: 155 }

const form = document.getElementById("article_form")
const data = JSON.parse(document.getElementById("guide-editor-data")?.textContent || "{}")
const offer = JSON.parse(document.getElementById("guide-autosave-offer")?.textContent || "null")
let editor = null
let changedSinceAutosave = false
let unsaved = false
let submitting = false

const field = (name) => form?.elements.namedItem(name)
const value = (name) => field(name)?.value?.trim() || ""

// The admin lays a label and its input side by side; notes go below that row.
function fieldRow(input) {
  return input.closest(".flex-container") || input
}

function words(text) {
  return text.split(/\s+/).filter(Boolean).length
}

// -- Word count and reading time ---------------------------------------------------------------

function wordCount() {
  const box = document.getElementById("guide-wordcount")
  if (!box || !editor) return
  const count = words(editor.getText())
  const minutes = Math.max(1, Math.ceil(count / (data.wordsPerMinute || 220)))
  box.textContent = `${count.toLocaleString("en-US")} words · about ${minutes} min read`
}

// -- Character counters and previews ------------------------------------------------------------

function counters() {
  for (const [name, limit] of Object.entries(LIMITS)) {
    const input = field(name)
    if (!input) continue
    let counter = document.getElementById(`counter-${name}`)
    if (!counter) {
      counter = document.createElement("span")
      counter.id = `counter-${name}`
      counter.className = "guide-counter"
      counter.setAttribute("aria-live", "polite")
      fieldRow(input).after(counter)
      input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") || ""} counter-${name}`.trim())
    }
    const length = input.value.length
    const shown = SHOWN_IN_SEARCH[name]
    let note = `${length} / ${limit} characters`
    if (shown && length > shown) note += ` · search results may cut it after ${shown}`
    counter.textContent = note
    counter.classList.toggle("guide-counter--over", length > limit || Boolean(shown && length > shown))
  }
}

function cut(text, length) {
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text
}

function previews() {
  const title = value("seo_title") || value("title") || "Guide title"
  const description = value("seo_description") || value("summary") || "The summary appears here."
  const site = new URL(data.siteUrl || window.location.origin)
  const set = (id, text) => {
    const node = document.getElementById(id)
    if (node) node.textContent = text
  }
  set("serp-url", `${site.host} › guides › ${value("slug") || "…"}`)
  set("serp-title", cut(`${title} | Solenne Med Spa`, 62))
  set("serp-description", cut(description, 158))
  set("social-site", site.host.toUpperCase())
  set("social-title", cut(title, 90))
  set("social-description", cut(description, 120))
}

function heroPreview() {
  const input = field("hero_image")
  const box = document.getElementById("social-image")
  if (!input?.files?.length || !box) return
  const reader = new FileReader()
  reader.addEventListener("load", () => {
    const img = document.createElement("img")
    img.src = reader.result
    img.alt = ""
    box.replaceChildren(img)
  })
  reader.readAsDataURL(input.files[0])
}

// -- Checks, people, autosave ---------------------------------------------------------------------

function showFindings(findings) {
  const list = document.getElementById("guide-findings")
  if (!list) return
  list.replaceChildren(...findings.map((text) => Object.assign(document.createElement("li"), { textContent: text })))
  document.getElementById("guide-findings-ok").hidden = findings.length > 0
}

function showOthers(names) {
  const notice = document.getElementById("guide-others")
  if (!notice) return
  notice.hidden = !names.length
  if (names.length) {
    notice.querySelector("strong").textContent = names.join(", ")
  }
}

function status(text) {
  const box = document.getElementById("guide-autosave-status")
  if (box) box.textContent = text
}

async function send(withFields) {
  const body = withFields ? new FormData(form) : new FormData()
  body.delete("hero_image")
  if (!withFields) body.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken").value)
  const response = await fetch(data.autosaveUrl, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { "X-CSRFToken": field("csrfmiddlewaretoken").value },
  })
  if (!response.ok) throw new Error(response.statusText)
  return response.json()
}

async function autosave() {
  if (!changedSinceAutosave || submitting) return
  changedSinceAutosave = false
  try {
    const answer = await send(true)
    status(`Unsaved changes kept on the server at ${answer.savedAt}`)
    form.dataset.autosaved = answer.savedAt
    showOthers(answer.others)
    showFindings(answer.findings)
  } catch {
    changedSinceAutosave = true
    status("Could not keep a copy on the server just now; trying again.")
  }
}

async function heartbeat() {
  if (changedSinceAutosave || submitting) return
  try {
    showOthers((await send(false)).others)
  } catch {
    // The next autosave or heartbeat tries again.
  }
}

function changed() {
  changedSinceAutosave = true
  unsaved = true
  counters()
  previews()
}

function restoreAutosave() {
  for (const [name, text] of Object.entries(offer.fields)) {
    if (name === "body") editor?.commands.setContent(text, { emitUpdate: true })
    else if (field(name)) field(name).value = text
  }
  document.getElementById("guide-autosave-notice")?.remove()
  changed()
  wordCount()
  status("Your unsaved changes are back. Save the draft to keep them.")
}

async function discardAutosave() {
  const body = new FormData()
  body.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken").value)
  await fetch(data.discardUrl, { method: "POST", body, credentials: "same-origin" })
  document.getElementById("guide-autosave-notice")?.remove()
}

// The admin's autocomplete boxes (select2) do not name themselves: borrow each field's label.
function nameAutocompletes() {
  for (const select of form.querySelectorAll("select.admin-autocomplete")) {
    const label = document.querySelector(`label[for="${select.id}"]`)
    const box = select.nextElementSibling
    if (!label || !box) continue
    const name = label.textContent.replace(/:\s*$/, "").trim()
    box.querySelector("[role=combobox]")?.setAttribute("aria-label", name)
    box.querySelector("[role=textbox]")?.setAttribute("aria-label", name)
    box.querySelector(".select2-search__field")?.setAttribute("aria-label", `Search ${name.toLowerCase()}`)
  }
}

function editorReady(event) {
  if (event.detail.textarea.name !== "body") return
  editor = event.detail.editor
  const box = document.createElement("p")
  box.id = "guide-wordcount"
  box.className = "guide-wordcount"
  const message = document.createElement("p")
  message.id = "guide-editor-message"
  message.className = "guide-editor-message"
  message.setAttribute("role", "status")
  message.hidden = true
  fieldRow(editor.view.dom).after(box, message)
  editor.view.dom.setAttribute("aria-label", "Guide text")
  editor.on("update", () => {
    wordCount()
    changed()
  })
  wordCount()
  form.dataset.editorReady = "true"
}

if (form) {
  document.addEventListener("prose-editor:ready", editorReady)
  form.addEventListener("input", (event) => {
    if (event.target.name !== "body") changed()
  })
  form.addEventListener("change", (event) => {
    if (event.target.name === "hero_image") heroPreview()
    changed()
  })
  form.addEventListener("submit", () => {
    submitting = true
  })
  window.addEventListener("beforeunload", (event) => {
    if (unsaved && !submitting) event.preventDefault()
  })
  document.getElementById("guide-autosave-restore")?.addEventListener("click", restoreAutosave)
  document.getElementById("guide-autosave-discard")?.addEventListener("click", discardAutosave)
  setInterval(autosave, AUTOSAVE_EVERY)
  setInterval(heartbeat, HEARTBEAT_EVERY)
  counters()
  previews()
  // select2 builds its boxes after the page loads, and again when inline rows are added.
  new MutationObserver((records) => {
    if (records.some((record) => [...record.addedNodes].some((node) => node.classList?.contains("select2")))) {
      nameAutocompletes()
    }
  }).observe(form, { childList: true, subtree: true })
  nameAutocompletes()
}
