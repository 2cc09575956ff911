"""A link with a Copy button that works by touch (st.code's copy icon appears only on hover),
and, where the phone offers it, a button to its share sheet."""

from __future__ import annotations

from functools import cache

import streamlit as st

from limitlens.i18n import t

_HTML = """
<div class="ll-copy">
  <input class="ll-copy-link" type="text" readonly>
  <div class="ll-copy-actions">
    <button type="button" class="ll-copy-button"></button>
    <button type="button" class="ll-send-button" hidden></button>
  </div>
  <p class="ll-copy-status" role="status" aria-live="polite"></p>
</div>
"""

_CSS = """
.ll-copy { font-family: inherit; display: flex; flex-direction: column; gap: 0.5rem; }
.ll-copy-link {
  width: 100%; box-sizing: border-box; min-height: 2.75rem; padding: 0 0.75rem;
  font: inherit; font-size: 0.875rem; color: inherit;
  background: var(--st-secondary-background-color); border: 1px solid var(--st-border-color);
  border-radius: 0.5rem;
}
.ll-copy-actions { display: flex; gap: 0.5rem; flex-wrap: wrap; }
.ll-copy-actions button {
  min-height: 2.75rem; padding: 0 1rem; font: inherit; cursor: pointer; border-radius: 0.5rem;
  border: 1px solid var(--st-primary-color);
}
.ll-copy-button { background: var(--st-primary-color); color: #fff; }
.ll-send-button { background: transparent; color: var(--st-text-color); }
.ll-copy-status { margin: 0; min-height: 1.25rem; font-size: 0.875rem; }
"""

# Copy through the Clipboard API; where it is missing (a page served over plain http) or
# refused, select the link so the phone's own copy menu takes it.
_JS = """
export default function ({ data, parentElement }) {
  const input = parentElement.querySelector(".ll-copy-link");
  const copy = parentElement.querySelector(".ll-copy-button");
  const send = parentElement.querySelector(".ll-send-button");
  const status = parentElement.querySelector(".ll-copy-status");
  input.value = data.link;
  input.setAttribute("aria-label", data.label);
  copy.textContent = data.copy;
  status.textContent = "";
  const selectIt = () => { input.focus(); input.setSelectionRange(0, input.value.length); };
  input.onfocus = selectIt;
  copy.onclick = async () => {
    try {
      await navigator.clipboard.writeText(data.link);
      status.textContent = data.copied;
    } catch (error) {
      selectIt();
      let done = false;
      try { done = document.execCommand("copy"); } catch (ignored) { done = false; }
      status.textContent = done ? data.copied : data.select;
    }
  };
  if (navigator.share) {
    send.hidden = false;
    send.textContent = data.send;
    send.onclick = () => navigator.share({ url: data.link }).catch(() => {});
  }
}
"""


@cache
def _component():
    """Registered on first use, inside a script run (not when the module is imported)."""
    return st.components.v2.component("ll_copy_link", html=_HTML, css=_CSS, js=_JS)


def copy_link(link: str, lang: str, *, key: str) -> None:
    """`link` in a field a finger can select, a Copy button and (on phones) a Send button."""
    texts = {name: t(lang, f"phone.share.{name}") for name in ("label", "copy", "copied", "select")}
    _component()(key=key, data={"link": link, **texts, "send": t(lang, "phone.share.send")})
