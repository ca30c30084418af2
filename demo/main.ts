// The demo page's entry; see demo/README.md.
