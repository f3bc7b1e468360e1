"""The connect decision guide: one tree of questions and outcomes, its texts in four
languages, and the requests a visitor may send to the fund.

Pure Python (standard library + Jinja2): the site build imports it on CPython, the browser
runs the same package on Pyodide. Entry points:

- ``guide.tree.load_flow()``      the declared tree (flow.toml)
- ``guide.engine.step()``         the current step for the answers so far
- ``guide.requests``              request kinds, their fields, and validation of what was typed
- ``guide.render``                e-mails and letters from the templates in guide/templates
- ``guide.step_html``             the HTML of every step
"""
