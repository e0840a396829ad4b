"""Issue 12, registry: the pages work under ``script-src 'self'; style-src 'self'`` (no inline script or style)."""

from __future__ import annotations

import re

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_registry_pages_carry_no_inline_script_or_style(client, verifier, partner, outlet, new_period):
    new_period()
    client.post("/api/registry/outlets", json=outlet, headers=partner)
    pages = [
        ("/registry/", {}),
        ("/registry/kim", {}),
        ("/registry/mitra", partner),
        ("/registry/konsol", verifier),
        ("/registry/konsol/masa", verifier),
        ("/registry/konsol/bukti", verifier),
    ]
    for url, headers in pages:
        response = client.get(url, headers=headers, follow_redirects=True)
        assert response.status_code == 200, url
        assert INLINE.findall(response.text) == [], url
    home = client.get("/registry/").text
    assert 'class="hitung-mundur"' in home and "registry.js" in home
    script = client.get("/registry/static/registry.js")
    assert script.status_code == 200 and "hitung-mundur" in script.text
