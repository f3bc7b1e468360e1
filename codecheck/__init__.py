"""connect access-code check: a small API that tells the holder of a code letter whether the
code is valid, and the operator's tool for the registry behind it.

Modules: ``app`` (HTTP), ``registry`` (a code's status today), ``store`` (where codes are kept),
``keyedhash`` (the HMAC key), ``limits`` (against guessing), ``operations`` and ``cli`` (the
operator), ``demo``, ``settings`` and ``siteconfig`` (configuration), ``openapi``, ``errors``.
The rules for a code's form and validity are in ``guide.access_code``, shared with the browser.
"""
