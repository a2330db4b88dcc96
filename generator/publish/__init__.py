"""Publishing a built site beyond the web server: a USB stick copy (`usb`), its check
(`verify`) and a Kiwix ZIM file (`zim`). No MkDocs here except through `generator.build`."""
