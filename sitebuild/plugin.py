"""The one MkDocs plugin of the build (`connect-help` in mkdocs.yml's plugins), glue only: the
theme overrides write `{{ _("...") }}`, and this gives them the language's site catalog.
Everything else the site shows is written as ordinary files before MkDocs runs
(sitebuild/sources/). docs/MIGRATION.md says what replaces this under another generator."""

from mkdocs.plugins import BasePlugin

from sitebuild import site_catalog


class ConnectHelpPlugin(BasePlugin):
    def on_env(self, env, config, files):
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(site_catalog.translations(config["theme"]["language"]), newstyle=True)
        return env
