// The guide editor's own blocks and tools, added to django-prose-editor (Tiptap).
// Loaded as a module in the admin only (settings.DJANGO_PROSE_EDITOR_EXTENSIONS).
import { Extension, mergeAttributes, Node, Plugin } from "django-prose-editor/editor"

const data = () =>
  JSON.parse(document.getElementById("guide-editor-data")?.textContent || "{}")

const CALLOUTS = { "good-to-know": "Good to know", "who-should-skip": "Who should skip it" }

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue
    if (name === "text") node.textContent = value
    else node.setAttribute(name, value === true ? "" : value)
  }
  node.append(...children)
  return node
}

function csrfToken() {
  return document.querySelector("[name=csrfmiddlewaretoken]")?.value || ""
}

// A modal dialog in the page's own style; resolves with the submit handler's value, or null.
function openDialog(editor, title, build) {
  return new Promise((resolve) => {
    const form = el("form", { class: "guide-dialog__form", method: "dialog" })
    const heading = el("h2", { class: "guide-dialog__title", text: title })
    const dialog = el("dialog", { class: "guide-dialog", "aria-label": title }, [heading, form])
    let result = null
    const done = (value) => {
      result = value
      dialog.close()
    }
    build(form, done)
    const cancel = el("button", { type: "button", class: "button guide-button--quiet", text: "Cancel" })
    cancel.addEventListener("click", () => dialog.close())
    form.querySelector(".guide-dialog__buttons")?.append(cancel)
    dialog.addEventListener("close", () => {
      dialog.remove()
      editor.commands.focus()
      resolve(result)
    })
    document.body.append(dialog)
    dialog.showModal()
  })
}

function buttonsRow(...buttons) {
  return el("div", { class: "guide-dialog__buttons" }, buttons)
}

function say(message) {
  const status = document.getElementById("guide-editor-message")
  if (status) {
    status.textContent = message
    status.hidden = !message
  }
}

// -- Callouts ("Good to know", "Who should skip it") --------------------------------------------

export const Callout = Node.create({
  name: "callout",
  group: "block",
  content: "(paragraph | bulletList | orderedList)+",
  defining: true,

  addAttributes() {
    return {
      kind: {
        default: "good-to-know",
        parseHTML: (element) => element.getAttribute("data-callout"),
        renderHTML: (attributes) => ({ "data-callout": attributes.kind }),
      },
    }
  },

  parseHTML() {
    return [{ tag: "aside[data-callout]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["aside", mergeAttributes(HTMLAttributes), 0]
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "callout",
      groups: "guide",
      button: buttons.text("Callout", "Put the paragraph in a “Good to know” or “Who should skip it” box"),
      active: (editor) => editor.isActive("callout"),
      command(editor) {
        if (editor.isActive("callout")) {
          editor.chain().focus().lift("callout").run()
          return
        }
        openDialog(editor, "Add a callout box", (form, done) => {
          const choices = Object.entries(CALLOUTS).map(([kind, label], index) =>
            el("label", { class: "guide-dialog__choice" }, [
              el("input", { type: "radio", name: "kind", value: kind, checked: index === 0 }),
              ` ${label}`,
            ]),
          )
          const insert = el("button", { type: "submit", class: "button default", text: "Add the box" })
          form.append(el("fieldset", {}, [el("legend", { text: "Kind of box" }), ...choices]), buttonsRow(insert))
          form.addEventListener("submit", (event) => {
            event.preventDefault()
            done(new FormData(form).get("kind"))
          })
        }).then((kind) => {
          if (kind) editor.chain().focus().wrapIn("callout", { kind }).run()
        })
      },
    })
  },
})

// -- Live facts from treatment records ---------------------------------------------------------

function factValue(treatmentId, kind) {
  const treatment = (data().facts || []).find((item) => String(item.id) === String(treatmentId))
  return treatment ? { name: treatment.name, value: treatment.facts[kind] || "" } : null
}

export const LiveFact = Node.create({
  name: "liveFact",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,

  addAttributes() {
    return {
      kind: { default: "sessions", parseHTML: (element) => element.getAttribute("data-fact") },
      treatment: { default: null, parseHTML: (element) => element.getAttribute("data-treatment") },
      text: { default: "", parseHTML: (element) => element.textContent },
    }
  },

  parseHTML() {
    return [{ tag: "span[data-fact]" }]
  },

  renderHTML({ node }) {
    const found = factValue(node.attrs.treatment, node.attrs.kind)
    // The stored text is only a fallback: pages always show the record's current value.
    return [
      "span",
      { "data-fact": node.attrs.kind, "data-treatment": node.attrs.treatment },
      found?.value || node.attrs.text,
    ]
  },

  addNodeView() {
    return ({ node }) => {
      const found = factValue(node.attrs.treatment, node.attrs.kind)
      const label = (data().factLabels || {})[node.attrs.kind] || node.attrs.kind
      const dom = el("span", {
        class: `guide-fact${found?.value ? "" : " guide-fact--missing"}`,
        title: found
          ? `Live fact: ${label} from the ${found.name} record. Change it there and every guide follows.`
          : "Live fact from a treatment that no longer exists",
        text: found?.value || node.attrs.text || "(no value)",
      })
      return { dom }
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "liveFact",
      groups: "guide",
      button: buttons.text("Fact", "Insert a live fact from a treatment's record"),
      command(editor) {
        const info = data()
        openDialog(editor, "Insert a live fact", (form, done) => {
          const select = el("select", { id: "guide-fact-treatment", name: "treatment" },
            (info.facts || []).map((item) => el("option", { value: item.id, text: item.name })))
          const list = el("div", { class: "guide-dialog__choices", role: "group", "aria-label": "Facts" })
          const fill = () => {
            list.replaceChildren()
            const item = (info.facts || []).find((each) => String(each.id) === select.value)
            Object.entries(item?.facts || {}).forEach(([kind, value], index) => {
              list.append(el("label", { class: "guide-dialog__choice" }, [
                el("input", { type: "radio", name: "kind", value: kind, checked: index === 0 }),
                ` ${info.factLabels[kind]}: `,
                el("strong", { text: value }),
              ]))
            })
            if (!list.children.length) list.append(el("p", { text: "This treatment's record states no facts yet." }))
          }
          // Start with the treatment the guide is about, when it names one.
          const about = document.querySelector("#id_related_treatments option:checked")
          if (about && select.querySelector(`option[value="${about.value}"]`)) select.value = about.value
          select.addEventListener("change", fill)
          fill()
          const insert = el("button", { type: "submit", class: "button default", text: "Insert the fact" })
          form.append(
            el("label", { for: "guide-fact-treatment", text: "Treatment" }), select,
            el("p", { class: "help", text: "The guide always shows the record's current wording." }),
            list, buttonsRow(insert),
          )
          form.addEventListener("submit", (event) => {
            event.preventDefault()
            const chosen = new FormData(form)
            if (chosen.get("kind")) done({ treatment: chosen.get("treatment"), kind: chosen.get("kind") })
          })
        }).then((chosen) => {
          if (!chosen) return
          const found = factValue(chosen.treatment, chosen.kind)
          editor.chain().focus().insertContent({
            type: "liveFact",
            attrs: { ...chosen, text: found?.value || "" },
          }).run()
        })
      },
    })
  },
})

// -- Pictures in the body, from the image library ------------------------------------------------

async function uploadImage(file, alt = "") {
  const body = new FormData()
  body.append("image", file)
  body.append("alt_text", alt)
  const response = await fetch(data().imagesUrl, {
    method: "POST",
    body,
    headers: { "X-CSRFToken": csrfToken() },
    credentials: "same-origin",
  })
  const answer = await response.json()
  if (!response.ok) throw new Error(answer.error || "The picture could not be uploaded.")
  return answer.image
}

function imageDialog(editor, current = {}) {
  return openDialog(editor, current.image ? "Edit the picture" : "Add a picture", (form, done) => {
    let chosen = current.image ? { name: current.image, url: current.src } : null
    const library = el("div", { class: "guide-library", role: "group", "aria-label": "Pictures in the library" })
    const status = el("p", { class: "guide-dialog__status", role: "status" })
    const alt = el("input", { id: "guide-image-alt", name: "alt", type: "text", size: 60, value: current.alt || "" })
    const decorative = el("input", { id: "guide-image-decorative", name: "decorative", type: "checkbox", checked: current.alt === "" })
    const caption = el("input", { id: "guide-image-caption", name: "caption", type: "text", size: 60, value: current.caption || "" })
    const file = el("input", { id: "guide-image-file", type: "file", accept: "image/jpeg,image/png,image/webp" })
    const pick = (image, button) => {
      chosen = image
      library.querySelectorAll("button").forEach((each) => each.setAttribute("aria-pressed", "false"))
      button?.setAttribute("aria-pressed", "true")
      if (!alt.value && image.alt) alt.value = image.alt
    }
    const show = (image) => {
      const button = el("button", { type: "button", class: "guide-library__item", "aria-pressed": chosen?.name === image.name ? "true" : "false" },
        [el("img", { src: image.url, alt: image.alt || image.name.split("/").pop() })])
      button.addEventListener("click", () => pick(image, button))
      library.append(button)
      return button
    }
    fetch(data().imagesUrl, { credentials: "same-origin" })
      .then((response) => response.json())
      .then((answer) => {
        answer.images.forEach(show)
        if (!answer.images.length) status.textContent = "The library is empty: upload a picture below."
      })
    file.addEventListener("change", async () => {
      if (!file.files.length) return
      status.textContent = "Uploading…"
      try {
        const image = await uploadImage(file.files[0], alt.value)
        pick(image, show(image))
        status.textContent = "Uploaded and chosen."
      } catch (error) {
        status.textContent = error.message
      }
    })
    const insert = el("button", { type: "submit", class: "button default", text: current.image ? "Update" : "Add the picture" })
    form.append(
      library,
      el("label", { for: "guide-image-file", text: "Or upload a new picture (JPEG, PNG or WebP; cropped to 16:9)" }), file, status,
      el("label", { for: "guide-image-alt", text: "Description for people who cannot see it" }), alt,
      el("p", { class: "guide-dialog__choice" }, [decorative, el("label", { for: "guide-image-decorative", text: " Decorative only: it adds nothing to the text" })]),
      el("label", { for: "guide-image-caption", text: "Caption (optional, shown under the picture)" }), caption,
      buttonsRow(insert),
    )
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      if (!chosen) {
        status.textContent = "Choose a picture from the library or upload one."
        return
      }
      if (!decorative.checked && !alt.value.trim()) {
        status.textContent = "Describe the picture, or tick “Decorative only”."
        alt.focus()
        return
      }
      done({
        image: chosen.name,
        src: chosen.url,
        alt: decorative.checked ? "" : alt.value.trim(),
        caption: caption.value.trim(),
      })
    })
  })
}

export const GuideFigure = Node.create({
  name: "guideFigure",
  group: "block",
  atom: true,
  draggable: true,

  addAttributes() {
    return { image: { default: null }, src: { default: null }, alt: { default: null }, caption: { default: "" } }
  },

  parseHTML() {
    return [{
      tag: "figure",
      getAttrs: (element) => {
        const img = element.querySelector("img")
        if (!img) return false
        return {
          image: img.getAttribute("data-image"),
          src: img.getAttribute("src"),
          alt: img.hasAttribute("alt") ? img.getAttribute("alt") : null,
          caption: element.querySelector("figcaption")?.textContent || "",
        }
      },
    }]
  },

  renderHTML({ node }) {
    const { image, src, alt, caption } = node.attrs
    const img = ["img", { src, "data-image": image, ...(alt === null ? {} : { alt }) }]
    return caption ? ["figure", {}, img, ["figcaption", {}, caption]] : ["figure", {}, img]
  },

  addNodeView() {
    return ({ node, editor, getPos }) => {
      const { src, alt, caption } = node.attrs
      const note = alt === null ? "No description yet: double-click to add one." : alt === "" ? "Decorative" : `Description: ${alt}`
      const dom = el("figure", { class: `guide-figure${alt === null ? " guide-figure--undescribed" : ""}` }, [
        el("img", { src, alt: alt || "" }),
        el("figcaption", {}, [caption ? el("span", { text: caption }) : "", el("small", { text: note })]),
      ])
      dom.addEventListener("dblclick", () => {
        imageDialog(editor, node.attrs).then((attrs) => {
          if (attrs) editor.chain().setNodeSelection(getPos()).updateAttributes("guideFigure", attrs).run()
        })
      })
      return { dom }
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "guideFigure",
      groups: "guide",
      button: buttons.text("Image", "Add a picture from the library, or edit the selected one"),
      command(editor) {
        const selected = editor.state.selection.node
        const current = selected?.type.name === "guideFigure" ? selected.attrs : {}
        imageDialog(editor, current).then((attrs) => {
          if (!attrs) return
          if (current.image) editor.chain().focus().updateAttributes("guideFigure", attrs).run()
          else editor.chain().focus().insertContent({ type: "guideFigure", attrs }).run()
        })
      },
    })
  },
})

// -- Links to our own guides and treatments ------------------------------------------------------

export const GuideLinks = Extension.create({
  name: "guideLinks",

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "guideLink",
      groups: "guide",
      button: buttons.text("Link a page", "Link to one of our guides or treatments"),
      command(editor) {
        const { from, to, empty } = editor.state.selection
        openDialog(editor, "Link to a guide or treatment", (form, done) => {
          const search = el("input", { id: "guide-link-search", type: "search", size: 50, autocomplete: "off" })
          const results = el("ul", { class: "guide-dialog__results", "aria-live": "polite" })
          let timer
          const find = async () => {
            const url = `${data().linkSearchUrl}?q=${encodeURIComponent(search.value)}`
            const answer = await (await fetch(url, { credentials: "same-origin" })).json()
            results.replaceChildren(...answer.results.map((item) => {
              const button = el("button", { type: "button", class: "button-link" }, [
                el("strong", { text: item.title }), ` ${item.kind}${item.note ? `, ${item.note}` : ""} · ${item.url}`,
              ])
              button.addEventListener("click", () => done(item))
              return el("li", {}, [button])
            }))
            if (!answer.results.length && search.value.length > 1) results.append(el("li", { text: "Nothing found." }))
          }
          search.addEventListener("input", () => {
            clearTimeout(timer)
            timer = setTimeout(find, 200)
          })
          form.append(
            el("label", { for: "guide-link-search", text: "Find by title" }), search,
            el("p", { class: "help", text: "Links to pages visitors cannot see are flagged under “Checks before publishing”." }),
            results, buttonsRow(),
          )
          setTimeout(() => search.focus())
        }).then((item) => {
          if (!item) return
          const chain = editor.chain().focus().setTextSelection({ from, to })
          if (empty) {
            chain.insertContent({ type: "text", text: item.title, marks: [{ type: "link", attrs: { href: item.url } }] }).run()
          } else {
            chain.setMark("link", { href: item.url }).run()
          }
        })
      },
    })
  },
})

// -- Clean paste from Google Docs and Word --------------------------------------------------------

const GOOGLE_REDIRECT = /^https?:\/\/www\.google\.com\/url\?/

function unwrap(node) {
  node.replaceWith(...node.childNodes)
}

function rename(node, tag) {
  const replacement = document.createElement(tag)
  replacement.append(...node.childNodes)
  node.replaceWith(replacement)
  return replacement
}

function wordLists(doc) {
  // Word marks list items as paragraphs with an mso-list style and a typed bullet to ignore.
  const items = [...doc.querySelectorAll("p")].filter((p) => /mso-list/i.test(styleOf(p)) || /MsoListParagraph/.test(p.className))
  let list = null
  let previous = null
  for (const p of items) {
    const marker = [...p.querySelectorAll("span")].find((span) => /mso-list:\s*Ignore/i.test(styleOf(span)))
    const ordered = /^\s*\(?[0-9a-z]{1,3}[.)]/i.test(marker?.textContent || "")
    marker?.remove()
    if (!list || previous?.nextElementSibling !== p) {
      list = document.createElement(ordered ? "ol" : "ul")
      p.before(list)
    }
    previous = p
    const item = document.createElement("li")
    item.append(...p.childNodes)
    list.append(item)
    p.remove()
    previous = list
  }
}

const styleOf = (node) => node.getAttribute("data-paste-style") || ""

export function cleanPastedHtml(html) {
  // Parsed style attributes count as inline styles under the admin's CSP: rename them first.
  const doc = new DOMParser().parseFromString(html.replace(/\sstyle=/gi, " data-paste-style="), "text/html")
  let images = 0
  doc.querySelectorAll("style, meta, link, script, title, xml").forEach((node) => node.remove())
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT)
  const comments = []
  while (walker.nextNode()) comments.push(walker.currentNode)
  comments.forEach((node) => node.remove())
  ;[...doc.body.getElementsByTagName("*")].filter((node) => node.tagName.includes(":")).forEach((node) => node.remove())
  wordLists(doc)
  // Google Docs wraps the whole paste in <b style="font-weight:normal">: not bold at all.
  doc.querySelectorAll("b, strong").forEach((node) => {
    if (/font-weight:\s*(normal|[1-4]00)/.test(styleOf(node)) || node.id?.startsWith("docs-internal-guid")) unwrap(node)
  })
  doc.querySelectorAll("span, font").forEach((node) => {
    const style = styleOf(node)
    const target = node
    if (/font-weight:\s*(bold|[6-9]00)/.test(style)) {
      const strong = document.createElement("strong")
      strong.append(...target.childNodes)
      target.append(strong)
    }
    if (/font-style:\s*italic/.test(style)) {
      const em = document.createElement("em")
      em.append(...target.childNodes)
      target.append(em)
    }
    unwrap(node)
  })
  doc.querySelectorAll("img").forEach((node) => {
    images += 1
    node.remove()
  })
  // Headings move so the highest one pasted becomes Heading 2 (Heading 1 is the guide's title).
  const headings = [...doc.querySelectorAll("h1, h2, h3, h4, h5, h6")]
  const top = Math.min(...headings.map((node) => Number(node.tagName[1])))
  headings.forEach((node) => {
    rename(node, `h${Math.min(4, Number(node.tagName[1]) - top + 2)}`)
  })
  doc.querySelectorAll("p.MsoTitle").forEach((node) => rename(node, "h2"))
  doc.querySelectorAll("a").forEach((node) => {
    const href = node.getAttribute("href") || ""
    if (GOOGLE_REDIRECT.test(href)) {
      const target = new URL(href).searchParams.get("q")
      if (target) node.setAttribute("href", target)
    }
  })
  doc.querySelectorAll("colgroup, col").forEach((node) => node.remove())
  // Word keeps spacing as empty paragraphs; the site's styles space paragraphs already.
  doc.querySelectorAll("p").forEach((node) => {
    if (!node.textContent.trim()) node.remove()
  })
  doc.querySelectorAll("div").forEach(unwrap)
  const keep = { a: ["href"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"] }
  doc.body.querySelectorAll("*").forEach((node) => {
    const allowed = keep[node.tagName.toLowerCase()] || []
    ;[...node.attributes].forEach((attribute) => {
      if (!allowed.includes(attribute.name)) node.removeAttribute(attribute.name)
    })
  })
  return { html: doc.body.innerHTML, images }
}

export const CleanPaste = Extension.create({
  name: "cleanPaste",

  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        props: {
          transformPastedHTML(html) {
            const cleaned = cleanPastedHtml(html)
            say(cleaned.images
              ? `${cleaned.images} picture(s) in the pasted text were left out: pictures stay in the document they came from. Save them from there and add them with the Image button.`
              : "")
            return cleaned.html
          },
          handlePaste(view, event) {
            const files = [...(event.clipboardData?.files || [])].filter((file) => file.type.startsWith("image/"))
            if (!files.length || event.clipboardData.getData("text/html")) return false
            say("Uploading the pasted picture…")
            Promise.all(files.map((file) => uploadImage(file)))
              .then((uploaded) => {
                uploaded.forEach((image) => {
                  editor.chain().focus().insertContent({ type: "guideFigure", attrs: { image: image.name, src: image.url, alt: null } }).run()
                })
                say("The pasted picture is uploaded to the library. Double-click it to describe it.")
              })
              .catch((error) => say(`The pasted picture was not added: ${error.message}`))
            return true
          },
        },
      }),
    ]
  },
})
